/** /api/v1/alerts: lists, the full record, writes, updates and hits, photos. */
import type {
  AlertDto,
  AlertMatchDto,
  AlertSummaryDto,
  AlertUpdateDto,
  AlertViewDto,
  PhotoRefDto,
  Page,
} from '../../../shared/dto/alert.js';
import type { PhotoShows } from '../../../shared/photoAccess.js';
import type { AlertUpdateInput, CreateAlertInput, UpdateAlertInput } from '../../../shared/schemas/alerts.js';
import { get, patch, post, query } from './http.js';

export interface AlertFilters {
  kind?: string;
  status?: string;
  country?: string;
  priority?: string;
}

/** The list's path for these filters and page (also how a page sent ahead at sign-in is found, api/auth.ts). */
export const alertsListPath = (filters: AlertFilters, cursor?: string | null, limit = 20) =>
  `/alerts${query({ ...filters, cursor, limit })}`;
export const listAlerts = (filters: AlertFilters, cursor?: string | null, limit = 20) =>
  get<Page<AlertSummaryDto>>(alertsListPath(filters, cursor, limit));
export const getAlert = (id: string) => get<AlertDto>(`/alerts/${encodeURIComponent(id)}`);
export const createAlert = (input: CreateAlertInput, idempotencyKey: string) =>
  post<AlertDto>('/alerts', input, { headers: { 'Idempotency-Key': idempotencyKey } });
export const editAlert = (id: string, input: UpdateAlertInput) => patch<AlertDto>(`/alerts/${encodeURIComponent(id)}`, input);
export const changeStatus = (id: string, status: 'resolved' | 'cancelled' | 'active', reason: string) =>
  post<AlertDto>(`/alerts/${encodeURIComponent(id)}/status`, { status, reason });
/** The issuing agency keeps a closed alert's personal data `years` longer, saying why (docs/security.md "Retention"). */
export const extendRetention = (id: string, reason: string, years: number) =>
  post<AlertDto>(`/alerts/${encodeURIComponent(id)}/retention`, { reason, years });
export const addUpdate = (id: string, input: AlertUpdateInput) => post<AlertUpdateDto>(`/alerts/${encodeURIComponent(id)}/updates`, input);
export const acknowledgeHit = (id: string, updateId: string) =>
  post<AlertUpdateDto>(`/alerts/${encodeURIComponent(id)}/updates/${encodeURIComponent(updateId)}/ack`);
export const hideUpdate = (id: string, updateId: string) =>
  post<AlertUpdateDto>(`/alerts/${encodeURIComponent(id)}/updates/${encodeURIComponent(updateId)}/hide`);
export const listViews = (id: string) => get<Page<AlertViewDto>>(`/alerts/${encodeURIComponent(id)}/views`);
export const listMatches = (id: string) => get<{ items: AlertMatchDto[] }>(`/alerts/${encodeURIComponent(id)}/matches`);
export const photoUrl = (id: string, photoId: string, size: 'thumb' | 'full') =>
  `/api/v1/alerts/${encodeURIComponent(id)}/photos/${encodeURIComponent(photoId)}?size=${size}`;
/** Whom the photo shows: a subject by position, or none (`shows` then says whether a person at all). */
export interface PhotoTarget {
  subjectIndex: number | null;
  shows?: PhotoShows | undefined;
}
export const uploadPhoto = (id: string, image: Blob, target: PhotoTarget, idempotencyKey: string) =>
  post<PhotoRefDto>(
    `/alerts/${encodeURIComponent(id)}/photos${query({ subjectIndex: target.subjectIndex, shows: target.shows })}`,
    undefined,
    {
      raw: image,
      headers: { 'Idempotency-Key': idempotencyKey },
    },
  );
