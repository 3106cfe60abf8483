/**
 * express-session store on the document store. Every read and write is by `_id` (the session
 * id), the only filter FerretDB/SQLite serves without a scan (STORE.md); expiry is checked on
 * read and old sessions are removed by purgeExpired(), as TTL indexes are unavailable.
 */
import type { Request } from 'express';
import session from 'express-session';
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn, op } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';
import { forgetOwner, handOver, rememberOwner, startOwnerRead, type SessionUserRead } from './sessionUserPrefetch.js';

interface SessionDocShape {
  _id: string;
  data: string;
  expires: Date;
  userId: string | null;
}

const sessionSchema = new Schema<SessionDocShape>(
  {
    _id: { type: String, required: true },
    data: { type: String, required: true },
    expires: { type: Date, required: true },
    userId: { type: String, default: null },
  },
  { versionKey: false },
);

// Purging expired sessions.
sessionSchema.index({ expires: 1 });
sessionSchema.plugin(fencedWrites);
export const sessionModel = (connection: Connection) =>
  modelOn(connection, 'Session', () => connection.model<SessionDocShape>('Session', sessionSchema, 'sessions'));
export type SessionsModel = ReturnType<typeof sessionModel>;

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** A session read started as its request arrived. */
export interface EarlySessionRead {
  sid: string;
  startedAt: number;
  session: Promise<session.SessionData | null>;
  owner: SessionUserRead | null;
}

export class DocumentSessionStore extends session.Store {
  constructor(
    /** The Puente whose sessions (and their owners) it keeps. */
    private readonly instance: Instance,
    private readonly defaultTtlMs: number,
  ) {
    super();
  }

  private expiryOf(sess: session.SessionData): Date {
    const cookieExpiry = sess.cookie?.expires ? new Date(sess.cookie.expires) : null;
    return cookieExpiry ?? new Date(Date.now() + this.defaultTtlMs);
  }

  /** A read of the session's owner started beside the session read, for createSession to hand on. */
  private ownerRead: { sid: string; read: SessionUserRead } | null = null;
  /** A read started as the request arrived, offered to the get() express-session is about to make. */
  private offered: EarlySessionRead | null = null;
  /** Sessions this store loaded: express-session saves the very object createSession returned. */
  private readonly loaded = new WeakSet<object>();

  /** Starts reading session `sid` (and its owner, beside it) ahead of express-session's get(). */
  startRead(sid: string): EarlySessionRead {
    const owner = startOwnerRead(this.instance, sid);
    const session = readSession(this.instance, sid);
    // Awaited by get() when offered; a read that is never taken must not go unhandled.
    session.catch(() => undefined);
    return { sid, startedAt: performance.now(), session, owner };
  }

  /** Runs `run` (express-session's middleware) with `read` on offer to the get() it makes synchronously. */
  offerRead(read: EarlySessionRead, run: () => void): void {
    this.offered = read;
    try {
      run();
    } finally {
      this.offered = null;
    }
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    const offered = this.offered;
    this.offered = null;
    const early = offered?.sid === sid ? offered : null;
    const ownerRead = early ? early.owner : startOwnerRead(this.instance, sid);
    (early?.session ?? readSession(this.instance, sid)).then((data) => {
      rememberOwner(sid, data as Parameters<typeof rememberOwner>[1]);
      // express-session calls createSession(req, data) from inside this callback, synchronously.
      this.ownerRead = ownerRead && { sid, read: ownerRead };
      try {
        cb(null, data);
      } finally {
        this.ownerRead = null;
      }
    }, cb);
  }

  override createSession(req: Request, sess: session.SessionData): session.Session & session.SessionData {
    if (this.ownerRead && this.ownerRead.sid === req.sessionID) handOver(req, this.ownerRead.read);
    const loaded = super.createSession(req, sess);
    this.loaded.add(loaded);
    return loaded;
  }

  /**
   * Saves a session. One this store loaded is only replaced, never inserted: if it was signed out
   * (deleted) while a request holding it was in flight, that request's save must not bring it
   * back. A session made here (signing in) is inserted.
   */
  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const userId = (sess as { passport?: { user?: string } }).passport?.user ?? null;
    this.instance.models.identity.SessionModel.replaceOne(
      { _id: sid },
      { _id: sid, data: JSON.stringify(sess), expires: this.expiryOf(sess), userId },
      { upsert: !this.loaded.has(sess) },
    ).then(
      () => cb?.(),
      (err: unknown) => cb?.(err),
    );
  }

  /**
   * No write: express-session touches an unchanged session on every response, which would be one
   * store write per request. Activity is recorded instead by sessionLimits (session.ts), which sets
   * `lastSeenAt` at most once a minute; that changes the session, so it is saved — and its expiry
   * moved to a full idle period from then — by set(). The stored expiry therefore never falls
   * before the idle deadline that sessionLimits enforces (`lastSeenAt` + idle timeout).
   */
  override touch(_sid: string, _sess: session.SessionData, cb?: Callback): void {
    cb?.();
  }

  override destroy(sid: string, cb?: Callback): void {
    forgetOwner(sid);
    this.instance.models.identity.SessionModel.deleteOne({ _id: sid }).then(
      () => cb?.(),
      (err: unknown) => cb?.(err),
    );
  }
}

/** The store read behind every session look-up, a seam so tests can fail it (a store error). */
export const sessionReads = {
  find(sessions: SessionsModel, sid: string): Promise<SessionDocShape | null> {
    // Read on every request: straight from the collection (as lean() would return it, without a query's casting).
    return sessions.db.collection<SessionDocShape>(sessions.collection.collectionName).findOne({ _id: sid });
  },
};

/** A stored, unexpired session's data, or null: what express-session would load for this id. */
export async function readSession(instance: Instance, sid: string): Promise<session.SessionData | null> {
  const doc = await sessionReads.find(instance.models.identity.SessionModel, sid);
  if (!doc || doc.expires.getTime() <= Date.now()) return null;
  return JSON.parse(doc.data) as session.SessionData;
}

/** Removes expired sessions (run periodically by a job). */
export async function purgeExpiredSessions(instance: Instance, now = new Date()): Promise<number> {
  return (await instance.models.identity.SessionModel.deleteMany({ expires: op({ $lte: now }) })).deletedCount;
}
