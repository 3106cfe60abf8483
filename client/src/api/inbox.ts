/** /api/v1/inbox: the user's notices, newest first, and marking them read. */
import type { InboxPageDto } from '../../../shared/dto/inbox.js';
import { get, post, query } from './http.js';

export const listInbox = (cursor: string | null, limit = 20) => get<InboxPageDto>(`/inbox${query({ cursor, limit })}`);
export const markInboxRead = (target: { ids: string[] } | { all: true }) => post<{ unread: number }>('/inbox/read', target);
