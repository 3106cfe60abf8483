/** /api/v1/access-requests: ask for an alert found as a stub; the origin agency grants, refuses or revokes. */
import type { AccessRequestDto } from '../../../shared/dto/access.js';
import type { Page } from '../../../shared/dto/alert.js';
import { get, post, query } from './http.js';

export type AccessBox = 'incoming' | 'outgoing';

export const requestAccess = (alertId: string, reason: string) => post<AccessRequestDto>('/access-requests', { alertId, reason });
export const listAccessRequests = (box: AccessBox, cursor?: string | null, limit = 20) =>
  get<Page<AccessRequestDto>>(`/access-requests${query({ box, cursor, limit })}`);
export const decideAccess = (id: string, decision: 'grant' | 'refuse', note: string, expiresInDays?: number) =>
  post<AccessRequestDto>(`/access-requests/${encodeURIComponent(id)}/decision`, {
    decision,
    ...(note.trim() ? { note: note.trim() } : {}),
    ...(decision === 'grant' && expiresInDays !== undefined ? { expiresInDays } : {}),
  });
export const revokeAccess = (id: string, note: string) =>
  post<AccessRequestDto>(`/access-requests/${encodeURIComponent(id)}/revoke`, note.trim() ? { note: note.trim() } : {});
