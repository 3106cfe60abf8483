/**
 * Reads a session's user beside the session itself. A stored session stands for one user for its
 * whole life (signing in gives a new session id), so once this process has read session S it knows
 * whose it is; the next time S comes, the user and agency reads start with the session read
 * instead of after it (one store round trip less on every request). What they return is used only
 * if the session, read at the same moment, still names that user; it is as fresh as reading the
 * user after the session, since both reads start after the request arrived.
 */
import type { Request } from 'express';
import { User, type UserDoc } from '../models/User.js';
import { readAgencyKind, type AgencyKindDoc } from './sessionUser.js';
import { isObjectIdHex } from '../store/mongoose.js';

/** Sessions remembered per process; the oldest is forgotten first. */
const REMEMBERED = 20_000;

export interface SessionUserRead {
  userId: string;
  read: Promise<[UserDoc | null, AgencyKindDoc]>;
}

/** The user (and the agency it last had in the session) each session read here stood for. */
const sessionOwners = new Map<string, { userId: string; agencyId: string | undefined }>();
/** Reads started for a request, handed from the session store to Passport. */
const readsByRequest = new WeakMap<object, SessionUserRead>();

/** The user and agency reads a session's owner needs (the agency from the session's hint). */
export function readSessionUser(userId: string, agencyHint: string | undefined): Promise<[UserDoc | null, AgencyKindDoc]> {
  return Promise.all([
    User.findById(userId).lean<UserDoc>(),
    isObjectIdHex(agencyHint) ? readAgencyKind(agencyHint) : Promise.resolve(null),
  ]);
}

/** Starts reading the owner of session `sid`, if this process knows it. */
export function startOwnerRead(sid: string): SessionUserRead | null {
  const owner = sessionOwners.get(sid);
  if (!owner) return null;
  const read = readSessionUser(owner.userId, owner.agencyId);
  // Awaited by Passport if the session still names this user; otherwise dropped.
  read.catch(() => undefined);
  return { userId: owner.userId, read };
}

/** Records whose session `sid` is, from its stored data (or forgets it: none, or signed out). */
export function rememberOwner(sid: string, data: { passport?: { user?: unknown }; agencyId?: unknown } | null): void {
  sessionOwners.delete(sid);
  const userId = data?.passport?.user;
  if (!isObjectIdHex(userId)) return;
  sessionOwners.set(sid, { userId, agencyId: typeof data?.agencyId === 'string' ? data.agencyId : undefined });
  if (sessionOwners.size > REMEMBERED) sessionOwners.delete(sessionOwners.keys().next().value!);
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
