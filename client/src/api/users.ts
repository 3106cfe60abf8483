/** /api/v1/users: the accounts an administrator runs (list with filters, invite, roles, status, reset, unlock). */
import type { InvitationDto, RoleGrantDto, UserListItemDto } from '../../../shared/dto/admin.js';
import type { Page } from '../../../shared/dto/alert.js';
import type { UserDto } from '../../../shared/dto/user.js';
import type { Role } from '../../../shared/schemas/common.js';
import { get, patch, post, query } from './http.js';

/** The filters of GET /users (shared/schemas/userFilters.ts), as query-string values. */
export interface UserFilters {
  agencyId?: string;
  role?: string;
  status?: string;
  locked?: string;
  mfa?: string;
  lastLoginFrom?: string;
  lastLoginTo?: string;
  neverSignedIn?: string;
  inactiveWithinDays?: string;
}

const at = (id: string) => `/users/${encodeURIComponent(id)}`;

export const listUsers = (filters: UserFilters, cursor?: string | null, limit = 20) =>
  get<Page<UserListItemDto>>(`/users${query({ ...filters, cursor, limit })}`);
export const inviteUser = (input: { email: string; displayName: string; agencyId: string; roles: Role[]; language?: 'es' | 'en' }) =>
  post<Required<InvitationDto>>('/users', input);
export const updateUser = (id: string, change: { roles?: Role[]; status?: 'active' | 'disabled'; displayName?: string }) =>
  patch<UserDto>(at(id), change);
export const resetUser = (id: string) => post<InvitationDto>(`${at(id)}/reset`);
export const unlockUser = (id: string) => post<void>(`${at(id)}/unlock`);
export const listRoleGrants = (cursor?: string | null, limit = 20) =>
  get<Page<RoleGrantDto>>(`/users/role-grants${query({ cursor, limit })}`);
export const decideRoleGrant = (id: string, decision: 'approve' | 'refuse') => post<UserDto>(`${at(id)}/role-grant/${decision}`);
export const getUser = (id: string) => get<UserDto>(at(id));
