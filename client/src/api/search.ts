/** /api/v1/search: one box for documents, phones, plates and names (API.md "Search"). */
import type { AlertStubDto } from '../../../shared/dto/alert.js';
import type { QueryKind, SearchHitDto, SearchPageDto } from '../../../shared/dto/search.js';
import { get, query } from './http.js';

export interface SearchParams {
  q: string;
  kind?: string | undefined;
  status?: string | undefined;
  country?: string | undefined;
  /** ISO instants (the start and the end of the chosen days). */
  from?: string | undefined;
  to?: string | undefined;
  /** Search this reading of `q` instead of the likeliest one. */
  as?: QueryKind | undefined;
  /** Where the officer is checking, told to a protected person's agency. */
  place?: string | undefined;
}

export const searchAlerts = (params: SearchParams, cursor?: string | null, limit = 20) =>
  get<SearchPageDto>(`/search${query({ ...params, cursor, limit })}`);

export const isStub = (item: SearchHitDto | AlertStubDto): item is AlertStubDto =>
  'restricted' in item && item.restricted === true && !('title' in item);
