/**
 * Starts an API request's session read as the request arrives, so that the store answers while
 * the headers are set, the body is read and checked, and express-session (at its own place in the
 * chain) then takes the answer instead of asking again. Only a validly signed session cookie starts
 * a read: an anonymous or forged cookie costs the store nothing before express-session looks at it.
 *
 * The read is as fresh as one started at express-session's place, since it still starts after
 * this request arrived; one started longer ago than EARLY_READ_MAX_AGE_MS (a body slow to arrive)
 * is not used, and the session is read again.
 */
import { parse } from 'cookie';
import signature from 'cookie-signature';
import type { Request, RequestHandler } from 'express';
import type { DocumentSessionStore, EarlySessionRead } from './sessionStore.js';
import { storeReachable } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

/** How old a read started as the request arrived may be when express-session asks for the session;
 * an older one (a body slow to arrive) is not offered, and the session is read again. */
export const EARLY_READ_MAX_AGE_MS = 1000;

/** The session id a request's cookie carries, if its signature holds (read as express-session reads it). */
export function signedSessionId(cookieHeader: string | undefined, name: string, secrets: readonly string[]): string | null {
  if (!cookieHeader) return null;
  const raw = parse(cookieHeader)[name];
  if (!raw?.startsWith('s:')) return null;
  for (const secret of secrets) {
    const sid = signature.unsign(raw.slice(2), secret);
    if (sid !== false) return sid;
  }
  return null;
}

export interface EarlySessionMiddleware {
  /** Mounted first on the API: starts the read. */
  start: RequestHandler;
  /** express-session, in its place, offered the read this request started. */
  session: RequestHandler;
}

export function earlySessionRead(
  instance: Instance,
  store: DocumentSessionStore,
  sessionMiddleware: RequestHandler,
  cookie: { name: string; secrets: readonly string[] },
): EarlySessionMiddleware {
  const reads = new WeakMap<Request, EarlySessionRead>();
  return {
    start(req, _res, next) {
      const sid = signedSessionId(req.headers.cookie, cookie.name, cookie.secrets);
      // No read while the store is known to be unreachable: the request is refused before its session is looked at.
      if (!sid || !storeReachable(instance.store)) {
        next();
        return;
      }
      reads.set(req, store.startRead(sid));
      // The reads are only queued so far; the rest of the chain waits one turn so they reach the
      // store now rather than after it (it would otherwise run first, up to the session's place).
      setImmediate(next);
    },
    session(req, res, next) {
      const read = reads.get(req);
      reads.delete(req);
      if (!read || performance.now() - read.startedAt > EARLY_READ_MAX_AGE_MS) {
        sessionMiddleware(req, res, next);
        return;
      }
      // express-session asks the store for the session from inside this call, synchronously.
      store.offerRead(read, () => sessionMiddleware(req, res, next));
    },
  };
}
