/** The signed-in user as kept on `req.user` for one request (loaded from the store each time). */
import type { AgencyKind } from '../../shared/schemas/agencies.js';
import { Agency } from '../models/Agency.js';
import type { UserDoc } from '../models/User.js';
import { presentUser, type UserDto } from '../presenters/user.presenter.js';

/**
 * What the user presenter shows of identity, plus the epoch the session is bound to and the
 * kind of the user's agency (restricted access checks it as well as the role).
 */
export type SessionUser = Omit<UserDto, 'status' | 'lastLoginAt'> & { sessionEpoch: number; agencyKind: AgencyKind | null };

/** The presented user (one mapping of the stored fields), its epoch and its agency's kind, read now. */
export async function loadSessionUser(u: UserDoc): Promise<SessionUser> {
  const agency = await Agency.findById(u.agencyId, { kind: 1 }).lean();
  const { status: _status, lastLoginAt: _lastLoginAt, ...identity } = presentUser(u);
  return { ...identity, sessionEpoch: u.sessionEpoch ?? 0, agencyKind: (agency?.kind as AgencyKind | undefined) ?? null };
}
