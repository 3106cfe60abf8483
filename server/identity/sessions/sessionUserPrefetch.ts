/**
 * Reads a session's user beside the session itself. A stored session stands for one user for its
 * whole life (signing in gives a new session id), so once this process has read session S it knows
 * whose it is; the next time S comes, the user read starts with the session read instead of after
 * it (one store round trip less on every request). What it returns is used only if the session,
 * read at the same moment, still names that user; it is as fresh as reading the user after the
 * session, since both reads start after the request arrived.
 *
 * The agency is not read at all when the session kept its kind at sign-in (a change of the kind
 * ends the agency's sessions, agencies.service.ts); a session begun before the kind was kept has
 * its agency read beside the user, as the user's was.
 */
import type { Request } from 'express';
import mongoose from 'mongoose';
import { AGENCY_KINDS, type AgencyKind } from '../../../shared/schemas/agencies.js';
import { type UserDoc } from '../users/User.js';
import { readAgencyKind, type AgencyKindDoc } from './sessionUser.js';
import { isObjectIdHex } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

/** Sessions remembered per process; the oldest is forgotten first. */
const REMEMBERED = 20_000;

export interface SessionUserRead {
  userId: string;
  read: Promise<[UserDoc | null, AgencyKindDoc]>;
}

/** The user (and the agency it last had in the session) each session read here stood for. */
const sessionOwners = new Map<string, { userId: string; agency: AgencyHint }>();
/** Reads started for a request, handed from the session store to Passport. */
const readsByRequest = new WeakMap<object, SessionUserRead>();

/** What a session recorded of its user's agency when it began. */
export interface AgencyHint {
  agencyId: string | undefined;
  /** Its kind, if the session kept it (then the agency is not read). */
  kind?: AgencyKind | null | undefined;
}

/** The agency a session's hint stands for, as the agency read would give it; null if it must be read. */
export function agencyFromHint(hint: AgencyHint): AgencyKindDoc | null {
  if (!isObjectIdHex(hint.agencyId) || hint.kind === undefined) return null;
  return { _id: hint.agencyId, kind: hint.kind ?? undefined };
}

/** The user and agency reads a session's owner needs (the agency from the session's hint, read only if it kept no kind). */
export function readSessionUser(instance: Instance, userId: string, hint: AgencyHint): Promise<[UserDoc | null, AgencyKindDoc]> {
  const { User } = instance.models.identity;
  const known = agencyFromHint(hint);
  return Promise.all([
    // Read on every request: straight from the collection (as lean() would give it; the id is checked hex).
    User.collection.findOne({ _id: new mongoose.Types.ObjectId(userId) }) as Promise<UserDoc | null>,
    known ? Promise.resolve(known) : isObjectIdHex(hint.agencyId) ? readAgencyKind(instance, hint.agencyId) : Promise.resolve(null),
  ]);
}

/** Starts reading the owner of session `sid`, if this process knows it. */
export function startOwnerRead(instance: Instance, sid: string): SessionUserRead | null {
  const owner = sessionOwners.get(sid);
  if (!owner) return null;
  const read = readSessionUser(instance, owner.userId, owner.agency);
  // Awaited by Passport if the session still names this user; otherwise dropped.
  read.catch(() => undefined);
  return { userId: owner.userId, read };
}

/** Records whose session `sid` is, from its stored data (or forgets it: none, or signed out). */
export function rememberOwner(sid: string, data: { passport?: { user?: unknown }; agencyId?: unknown; agencyKind?: unknown } | null): void {
  sessionOwners.delete(sid);
  const userId = data?.passport?.user;
  if (!isObjectIdHex(userId)) return;
  sessionOwners.set(sid, { userId, agency: sessionAgencyHint(data ?? {}) });
  if (sessionOwners.size > REMEMBERED) sessionOwners.delete(sessionOwners.keys().next().value!);
}

/** The agency hint stored session data carries (the kind only if it is one a session can hold). */
export function sessionAgencyHint(data: { agencyId?: unknown; agencyKind?: unknown }): AgencyHint {
  const agencyId = typeof data.agencyId === 'string' ? data.agencyId : undefined;
  const kind =
    data.agencyKind === null || (AGENCY_KINDS as readonly unknown[]).includes(data.agencyKind)
      ? (data.agencyKind as AgencyKind | null)
      : undefined;
  return { agencyId, kind };
}

export function forgetOwner(sid: string): void {
  sessionOwners.delete(sid);
}

export function handOver(req: object, read: SessionUserRead): void {
  readsByRequest.set(req, read);
}

/** The reads started for this request's session, if they are of user `userId` (taken once). */
export function takeOwnerRead(req: Request, userId: string): SessionUserRead['read'] | null {
  const started = readsByRequest.get(req);
  readsByRequest.delete(req);
  return started && started.userId === userId ? started.read : null;
}
