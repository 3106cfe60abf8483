/** The signed-in user as kept on `req.user` for one request (loaded from the store each time). */
import type { UserDoc } from '../models/User.js';
import { presentUser, type UserDto } from '../presenters/user.presenter.js';

/** What the user presenter shows of identity, plus the epoch the session is bound to. */
export type SessionUser = Omit<UserDto, 'status' | 'lastLoginAt'> & { sessionEpoch: number };

/** The presented user (one mapping of the stored fields) plus the epoch the session is bound to. */
export function toSessionUser(u: UserDoc): SessionUser {
  const { status: _status, lastLoginAt: _lastLoginAt, ...identity } = presentUser(u);
  return { ...identity, sessionEpoch: u.sessionEpoch ?? 0 };
}
