/** User → API object. Never includes password hashes, MFA secrets or tokens. */
import type { UserDto } from '../../../shared/dto/user.js';
import type { Country, Role } from '../../../shared/schemas/common.js';
import type { UserDoc } from './User.js';

export type { UserDto };

type UserLike = Pick<
  UserDoc,
  '_id' | 'email' | 'displayName' | 'agencyId' | 'country' | 'roles' | 'language' | 'status' | 'lastLoginAt'
> & {
  pendingRoles?: readonly string[] | null;
  timeZone?: string | null;
  mfa?: { enabled?: boolean | null } | null;
};

export function presentUser(u: UserLike): UserDto {
  return {
    id: String(u._id),
    email: u.email,
    displayName: u.displayName,
    agencyId: String(u.agencyId),
    country: u.country as Country,
    roles: [...(u.roles as Role[])],
    pendingRoles: [...((u.pendingRoles ?? []) as Role[])],
    language: (u.language ?? 'es') as 'es' | 'en',
    timeZone: u.timeZone ?? null,
    mfaEnabled: Boolean(u.mfa?.enabled),
    status: u.status as UserDto['status'],
    lastLoginAt: u.lastLoginAt ? new Date(u.lastLoginAt).toISOString() : null,
  };
}
