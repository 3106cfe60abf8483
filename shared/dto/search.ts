/** Search, watches and their answers as they leave the server (API.md "Search", "Watches"; docs/api-extensions.md). */
import type { DOCUMENT_TYPES } from '../schemas/alertEnums.js';
import type { ActionCode, AlertKind, AlertStubDto, AlertSummaryDto, Page, Priority } from './alert.js';
import type { Country } from '../schemas/common.js';

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
  /** Restricted victims the caller may not see who match the query strongly (first page only; docs/api-extensions.md). */
  protected: ProtectedHitDto[];
}

/**
 * "An active alert concerns this person": what to do and whom to call, never who she is, which
 * field matched, or anything else of the alert (issue 24 item 1).
 */
export interface ProtectedHitDto {
  kind: 'protected';
  /** Only when the caller may request access (the alert is not visible to them), as with a stub. */
  alertId?: string;
  reference: string;
  alertKind: AlertKind;
  priority: Priority;
  actionRequested: ActionCode;
  originAgency: { id: string; name: string; country: Country };
  /** The origin agency's 24 h line from the directory, else its duty or main phone (`is24h` says which). */
  contactLine: { label: string; phone: string; is24h: boolean } | null;
}

export type WatchKind = 'document' | 'phone' | 'plate' | 'name' | 'alert_kind' | 'border_crossing';

export interface WatchDto {
  id: string;
  kind: WatchKind;
  value: string;
  createdAt: string;
}
