/** Search, watches and their answers as they leave the server (API.md "Search", "Watches"; docs/api-extensions.md). */
import type { DOCUMENT_TYPES } from '../schemas/alertEnums.js';
import type { AlertStubDto, AlertSummaryDto, Page } from './alert.js';

export type QueryKind = 'document' | 'phone' | 'plate' | 'name';

/** One way of reading the query, with the normal forms looked up (E.164 phones, document digits…). */
export interface QueryReadingDto {
  kind: QueryKind;
  values: string[];
  /** The document type a prefix typed before the number named (`C.I. N° 4.567.890` → `CI`). */
  documentType?: (typeof DOCUMENT_TYPES)[number];
}

/** A visible alert found, with what matched (`document`, `phone`, `plate`, `name`, `name_similar`). */
export type SearchHitDto = AlertSummaryDto & { matchedOn: string[] };

export interface SearchPageDto extends Page<SearchHitDto | AlertStubDto> {
  queryKind: QueryKind;
  /** The reading searched first, then the other possible readings (`as=` searches one of them). */
  readings: QueryReadingDto[];
  truncated: boolean;
}

export type WatchKind = 'document' | 'phone' | 'plate' | 'name' | 'alert_kind' | 'border_crossing';

export interface WatchDto {
  id: string;
  kind: WatchKind;
  value: string;
  createdAt: string;
}
