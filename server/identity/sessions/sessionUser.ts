/** The signed-in user as kept on `req.user` for one request (loaded from the store each time). */
import type { AgencyKind } from '../../../shared/schemas/agencies.js';
import mongoose from 'mongoose';
import type { UserDoc } from '../users/User.js';
import { presentUser, type UserDto } from '../users/user.presenter.js';
import type { Instance } from '../../platform/instance.js';

/**
 * What the user presenter shows of identity, plus the epoch the session is bound to and the
 * kind of the user's agency (restricted access checks it as well as the role).
 */
export type SessionUser = Omit<UserDto, 'status' | 'lastLoginAt'> & { sessionEpoch: number; agencyKind: AgencyKind | null };

export type AgencyKindDoc = { _id: unknown; kind?: string } | null;

/** Straight from the collection (as a lean findById would give it): it is read beside the user. */
export const readAgencyKind = (instance: Instance, agencyId: unknown): Promise<AgencyKindDoc> => {
  const { Agency } = instance.models.identity;
  return Agency.collection.findOne(
    { _id: new mongoose.Types.ObjectId(String(agencyId)) },
    { projection: { kind: 1 } },
  ) as Promise<AgencyKindDoc>;
};

/**
 * The presented user (one mapping of the stored fields), its epoch and its agency's kind, read now.
 * `agencyRead`: the agency read beside the user (from the session's hint); used only if it is the
 * user's agency, else the user's agency is read.
 */
export async function loadSessionUser(instance: Instance, u: UserDoc, agencyRead?: AgencyKindDoc): Promise<SessionUser> {
  const agency = agencyRead && String(agencyRead._id) === String(u.agencyId) ? agencyRead : await readAgencyKind(instance, u.agencyId);
  const { status: _status, lastLoginAt: _lastLoginAt, ...identity } = presentUser(u);
  return { ...identity, sessionEpoch: u.sessionEpoch ?? 0, agencyKind: (agency?.kind as AgencyKind | undefined) ?? null };
}
