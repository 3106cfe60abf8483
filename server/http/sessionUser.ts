/** The signed-in user as kept on `req.user` for one request (loaded from the store each time). */
import type { Country, Role } from '../../shared/schemas/common.js';
import type { UserDoc } from '../models/User.js';
import { presentUser } from '../presenters/user.presenter.js';

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

/** The presented user (one mapping of the stored fields) plus the epoch the session is bound to. */
export function toSessionUser(u: UserDoc): SessionUser {
  const { status: _status, lastLoginAt: _lastLoginAt, ...identity } = presentUser(u);
  return { ...identity, sessionEpoch: u.sessionEpoch ?? 0 };
}
