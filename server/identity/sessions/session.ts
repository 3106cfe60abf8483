/**
 * Sessions (SECURITY.md "Sessions"): server-side, HttpOnly SameSite=Strict cookie (Secure and
 * `__Host-` over HTTPS), idle and absolute limits enforced on the server, CSRF token bound to
 * the session, and Passport restoring the user with a check of the account's session epoch.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import passport from 'passport';
import type { Config } from '../../platform/config/env.js';
import { type UserDoc } from '../users/User.js';

import type { AnonymousCsrf } from './anonymousCsrf.js';
import { DomainError } from '../../platform/errors.js';
import { earlySessionRead, type EarlySessionMiddleware } from './sessionEarlyRead.js';
import { DocumentSessionStore } from './sessionStore.js';
import { loadSessionUser } from './sessionUser.js';
import { readSessionUser, sessionAgencyHint, takeOwnerRead, type AgencyHint } from './sessionUserPrefetch.js';
import { isObjectIdHex } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

export type SessionSettings = Pick<Config, 'sessionSecret' | 'secureCookies' | 'session'>;

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-puente.sid' : 'puente.sid';
}

/**
 * express-session configured for Puente: `middleware` where the session belongs (shared with the
 * Socket.IO handshake), and for the API the same middleware with its store read started as the
 * request arrives (`early`, sessionEarlyRead.ts).
 */
export function createSessionMiddleware(
  instance: Instance,
  settings: SessionSettings,
): { middleware: RequestHandler; early: EarlySessionMiddleware } {
  const idleMs = settings.session.idleMinutes * 60_000;
  const store = new DocumentSessionStore(instance, idleMs);
  const name = sessionCookieName(settings.secureCookies);
  const middleware = session({
    name,
    secret: settings.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    // Not 'destroy': a request whose session read failed (the store unreachable) ends with no
    // req.session, and 'destroy' would then delete the stored session as soon as the store answered
    // again, signing its user out (issue 26, test/integration/storeOutage.test.ts). Sessions end
    // only by an explicit destroy (sign-out) or regenerate.
    unset: 'keep',
    cookie: { httpOnly: true, sameSite: 'strict', secure: settings.secureCookies, path: '/', maxAge: idleMs },
  });
  return { middleware, early: earlySessionRead(instance, store, middleware, { name, secrets: [settings.sessionSecret] }) };
}

/** The moment (ms) a session ends unless a request comes first: idle timeout or absolute lifetime. */
export function sessionDeadline(s: { createdAt: number; lastSeenAt?: number | undefined }, settings: SessionSettings): number {
  const idleMs = settings.session.idleMinutes * 60_000;
  const absoluteMs = settings.session.absoluteHours * 3600_000;
  return Math.min((s.lastSeenAt ?? s.createdAt) + idleMs, s.createdAt + absoluteMs);
}

/** Ends sessions past the idle timeout or the absolute lifetime; records activity otherwise. */
export function sessionLimits(instance: Instance, settings: SessionSettings): RequestHandler {
  return (req, _res, next) => {
    const s = req.session;
    if (!s || s.createdAt === undefined) {
      next();
      return;
    }
    const now = Date.now();
    if (now > sessionDeadline({ createdAt: s.createdAt, lastSeenAt: s.lastSeenAt }, settings)) {
      // Its sockets end now too (session:revoked "expired"), not at their own next check.
      if (s.passport?.user) instance.events.emit('session.ended', { sessionId: req.sessionID, reason: 'expired' });
      s.regenerate((err) => next(err));
      return;
    }
    // Writing on every request would cost a store write each time; a minute's precision is enough.
    if (now - (s.lastSeenAt ?? 0) > 60_000) s.lastSeenAt = now;
    next();
  };
}

/** Fresh CSRF token and timestamps for a session just created or regenerated. */
export function initSession(req: Request): string {
  const token = randomBytes(32).toString('base64url');
  req.session.csrfToken = token;
  req.session.createdAt = Date.now();
  req.session.lastSeenAt = Date.now();
  return token;
}

/** Promise form of session.regenerate (new id: ASVS 7.2.4). */
export function regenerateSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((err) => (err ? reject(err) : resolve())));
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function tokensMatch(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Every state-changing request carries X-CSRF-Token equal to its session's token (or, with no
 * stored session yet, to the anonymous token of its cookie). */
export function csrfProtection(anonymous: AnonymousCsrf): RequestHandler {
  return (req, _res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const expected = req.session?.csrfToken ?? anonymous.expected(req);
    if (!tokensMatch(req.get('x-csrf-token'), expected)) throw new DomainError('csrf_failed');
    next();
  };
}

/**
 * The user a stored session still stands for: active, and at the epoch the session was bound to.
 * `started`: the same reads, begun beside the session read (sessionUserPrefetch.ts).
 */
export async function sessionUser(
  instance: Instance,
  id: unknown,
  epoch: number | undefined,
  agencyHint: AgencyHint = { agencyId: undefined },
  started?: ReturnType<typeof takeOwnerRead>,
): Promise<Express.User | null> {
  if (!isObjectIdHex(id)) return null;
  // The agency the session began in: its kind as the session kept it, or read beside the user (one
  // round trip instead of two in a row); loadSessionUser reads the right one if the user's agency
  // is another by now.
  const [user, agency] = await (started ?? readSessionUser(instance, id, agencyHint));
  if (!user || user.status !== 'active' || (user.sessionEpoch ?? 0) !== epoch) return null;
  return loadSessionUser(instance, user, agency);
}

/** One Passport per Puente instance: its strategies and (de)serialisers are that instance's
 * (Passport's module export is one process-wide authenticator, where the last app built would win). */
export type PuentePassport = passport.Authenticator;

/** A Passport that serialises the user id and restores the user only while active and at the session's epoch. */
export function createPassport(instance: Instance): PuentePassport {
  const authenticator = new passport.Authenticator();
  authenticator.serializeUser((user, done) => done(null, user.id));
  authenticator.deserializeUser((req: Request, id: unknown, done: (err: unknown, user?: Express.User | false) => void) => {
    const started = typeof id === 'string' ? takeOwnerRead(req, id) : null;
    sessionUser(instance, id, req.session.epoch, sessionAgencyHint(req.session), started).then((user) => done(null, user ?? false), done);
  });
  return authenticator;
}

/** Passport's login (which regenerates the session), then Puente's session fields. */
export async function logIn(instance: Instance, req: Request, user: UserDoc): Promise<string> {
  const sessionUser = await loadSessionUser(instance, user);
  await new Promise<void>((resolve, reject) => req.login(sessionUser, (err) => (err ? reject(err) : resolve())));
  req.session.epoch = sessionUser.sessionEpoch;
  req.session.agencyId = sessionUser.agencyId;
  // Read after the user (loadSessionUser): a kind changed since ends this session by the epoch read with it.
  req.session.agencyKind = sessionUser.agencyKind;
  return initSession(req);
}
