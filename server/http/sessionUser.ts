/** The signed-in user as kept on `req.user` for one request (loaded from the store each time). */
import type { Country, Role } from '../../shared/schemas/common.js';
import type { UserDoc } from '../models/User.js';

export interface SessionUser {
  id: string;
  email: string;
  displayName: string;
  agencyId: string;
  country: Country;
  roles: Role[];
  language: 'es' | 'en';
  mfaEnabled: boolean;
  sessionEpoch: number;
}

export function toSessionUser(u: UserDoc): SessionUser {
  return {
    id: String(u._id),
    email: u.email,
    displayName: u.displayName,
    agencyId: String(u.agencyId),
    country: u.country as Country,
    roles: [...(u.roles as Role[])],
    language: (u.language ?? 'es') as 'es' | 'en',
    mfaEnabled: Boolean(u.mfa?.enabled),
    sessionEpoch: u.sessionEpoch ?? 0,
  };
}
