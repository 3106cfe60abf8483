/** /api/v1/watches: standing watches on an identifier, a name, an alert kind or a border crossing. */
import type { Page } from '../../../shared/dto/alert.js';
import type { WatchDto, WatchKind } from '../../../shared/dto/search.js';
import { del, get, post } from './http.js';

export const createWatch = (kind: WatchKind, value: string) => post<WatchDto>('/watches', { kind, value });
export const listWatches = () => get<Page<WatchDto>>('/watches');
export const deleteWatch = (id: string) => del<undefined>(`/watches/${encodeURIComponent(id)}`);
