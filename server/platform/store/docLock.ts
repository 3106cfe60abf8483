/**
 * Per-document write locks with a fencing token. FerretDB 1.24 applies an update as read →
 * modify → write without isolation: concurrent updates of one document silently lose each
 * other's changes (even `$inc` and `$push`; pinned by test/integration/docLock.test.ts). Only
 * inserting a unique `_id` is atomic there. So every update of an existing document that may
 * race goes through withDocLock(): an in-process queue per key, plus a lock document
 * `{_id: key, token, beat}` whose insert only one process can win.
 *
 * The token is the fencing token: a random id per acquisition. Every guarded write checks it
 * against the lock document (Mongoose writes through the `fencedWrites` schema plugin, other
 * writes by calling assertLockHeld()), so a holder that has been replaced has its writes
 * refused with LockLostError instead of applied. The holder renews the lock by changing `beat`;
 * a renewal that finds the lock gone or someone else's, or that cannot reach the store before
 * the lease runs out, marks the lease lost and aborts `lease.signal`. A waiter takes a lock over
 * only after watching its `beat` stay unchanged for `staleMs` on its own monotonic clock: no
 * comparison of two machines' clocks. The holder stops trusting its lease `renewMs` before that
 * (`staleMs - renewMs` after its last successful renewal started), which leaves `renewMs` for a
 * checked write to land. What remains is the time between a check and its write: a write
 * delayed in flight by longer than that margin could still land after a takeover, because
 * FerretDB evaluates even a conditional update as read → write (docs/store-concurrency.md).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Schema } from 'mongoose';
import type { Store } from './store.js';
import { isDuplicateKeyError } from './duplicateKey.js';
import { assertStoreReachable, storeReachable } from './storeReachability.js';
import { throwIfPastDeadline } from './writeDeadline.js';
import { docLockProblems, docLockWait } from '../http/metrics.js';

export interface DocLockTiming {
  /** A waiter takes over a lock whose beat has not changed for this long. */
  staleMs: number;
  /** A holder renews its lock this often, so long work (an index rebuild) is never taken over. */
  renewMs: number;
  /** A waiter gives up after this long. */
  waitLimitMs: number;
}

const DEFAULT_TIMING: DocLockTiming = { staleMs: 15_000, renewMs: 5_000, waitLimitMs: 30_000 };
let timing: DocLockTiming = { ...DEFAULT_TIMING };

/** Changes the lock timing (tests shorten it); with no argument, restores the defaults. */
export function setDocLockTiming(next?: Partial<DocLockTiming>): void {
  timing = { ...DEFAULT_TIMING, ...next };
  if (timing.renewMs * 2 > timing.staleMs) throw new Error('doc lock: renewMs must be at most half of staleMs');
}

interface LockDoc {
  _id: string;
  token: string;
  /** Changed by every renewal; waiters watch it instead of comparing clocks. */
  beat: number;
}
/** The locks' collection; no model declares it, so index set-up makes it by name (mongoose.ts). */
export const LOCK_COLLECTION = 'doclocks';
const locksOf = (store: Store) => store.collection<LockDoc>(LOCK_COLLECTION);

export class LockLostError extends Error {
  override name = 'LockLostError';
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`lock ${key} lost: ${reason}`);
  }
}

/** One acquisition of a lock, handed to the function that runs under it. */
export class DocLease {
  private readonly controller = new AbortController();
  private lostBecause: LockLostError | null = null;
  private released = false;
  private beat = 0;
  /** performance.now() when the last successful renewal (or the acquisition) started. */
  private confirmedAt: number;

  constructor(
    /** The store whose lock this is. */
    private readonly store: Store,
    readonly key: string,
    /** The fencing token: unique to this acquisition, checked before every guarded write. */
    readonly token: string,
    startedAt: number,
  ) {
    this.confirmedAt = startedAt;
  }

  /** Aborts when the lock is lost; long work should stop there. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get lost(): LockLostError | null {
    return this.lostBecause;
  }

  private lose(reason: string): LockLostError {
    if (!this.lostBecause) {
      docLockProblems.inc({ kind: 'lease_lost' });
      this.lostBecause = new LockLostError(this.key, reason);
      this.controller.abort(this.lostBecause);
    }
    return this.lostBecause;
  }

  private expired(): boolean {
    return performance.now() - this.confirmedAt > timing.staleMs - timing.renewMs;
  }

  /** Throws LockLostError unless this lease still holds the lock (its token is in the lock document). */
  async check(): Promise<void> {
    if (this.released) return;
    if (this.lostBecause) throw this.lostBecause;
    if (this.expired()) throw this.lose('the lease ran out before a renewal reached the store');
    // Writes sent together (Promise.all over many keys) share one read of the lock document.
    this.reading ??= this.readToken().finally(() => (this.reading = null));
    await this.reading;
  }

  private reading: Promise<void> | null = null;

  private async readToken(): Promise<void> {
    const doc = await locksOf(this.store).findOne({ _id: this.key });
    if (doc?.token !== this.token) throw this.lose(doc ? 'another holder took it over' : 'the lock document is gone');
    if (this.expired()) throw this.lose('the lease ran out while its token was being checked');
  }

  /** Moves the beat on; a failure to do so is never ignored: it ends the lease once it runs out. */
  async renew(): Promise<void> {
    if (this.released || this.lostBecause) return;
    const started = performance.now();
    try {
      const result = await locksOf(this.store).updateOne({ _id: this.key, token: this.token }, { $set: { beat: ++this.beat } });
      if (result.matchedCount === 0) this.lose('renewal found the lock document gone or held by another owner');
      else this.confirmedAt = started;
    } catch (err) {
      if (this.expired()) this.lose(`renewal failed until the lease ran out (${(err as Error).message})`);
    }
    if (this.expired()) this.lose('the lease ran out before a renewal reached the store');
  }

  /** Deletes the lock document if it still carries this lease's token (even a lost lease's: nobody
   * else holds that token). One that fails, the store unreachable, is retried until the store takes
   * it, so the key is free as soon as the store is back, not only once the lock is stale. */
  async release(): Promise<void> {
    this.released = true;
    try {
      await locksOf(this.store).deleteOne({ _id: this.key, token: this.token });
    } catch (err) {
      void releaseWhenReachable(this.store, this.key, this.token);
      throw err;
    }
  }
}

/** How long a failed release is retried, and how often: past this, waiters take the lock over. */
const RELEASE_RETRY = { forMs: 10 * 60_000, everyMs: 500 };

/**
 * Retries a release that failed. Without it, a lock whose holder's release met a store outage
 * stayed until stale: every writer of its key (the alert change log's head: every new alert) was
 * held a further 15 s after the store was back (issue 26, storeOutage.test.ts).
 */
async function releaseWhenReachable(store: Store, key: string, token: string): Promise<void> {
  const until = performance.now() + RELEASE_RETRY.forMs;
  while (performance.now() < until) {
    await new Promise((r) => setTimeout(r, RELEASE_RETRY.everyMs).unref());
    if (!storeReachable(store)) continue;
    try {
      await locksOf(store).deleteOne({ _id: key, token });
      return;
    } catch {
      // still unreachable: next round
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const takeoverClaim = (key: string, stale: LockDoc) => `${key}#takeover#${stale.token}#${String(stale.beat)}`;

/**
 * Takes over a lock whose holder stopped renewing. Only the waiter whose claim insert wins may
 * delete it; returns the token of a competing claim instead, so a claim left by a waiter that
 * died mid-takeover can itself be cleared once it too has stayed for `staleMs`.
 */
async function takeOver(store: Store, key: string, stale: LockDoc): Promise<string | null> {
  const locks = () => locksOf(store);
  const claim = takeoverClaim(key, stale);
  try {
    await locks().insertOne({ _id: claim, token: randomUUID(), beat: 0 });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
    return (await locks().findOne({ _id: claim }))?.token ?? null;
  }
  try {
    await locks().deleteOne({ _id: key, token: stale.token });
    docLockProblems.inc({ kind: 'takeover' });
  } finally {
    await locks().deleteOne({ _id: claim });
  }
  return null;
}

async function acquire(store: Store, key: string): Promise<DocLease> {
  const locks = () => locksOf(store);
  // A waiter whose turn comes during an outage fails now, not after a server selection of its own
  // behind each waiter before it (storeReachability.ts).
  assertStoreReachable(store);
  const waitStarted = performance.now();
  let watched: { token: string; beat: number; since: number } | null = null;
  let competing = null as { token: string; since: number } | null;
  let delay = 2;
  for (;;) {
    // A request already answered (its deadline expired) stops waiting: it must store nothing.
    throwIfPastDeadline();
    const token = randomUUID();
    const started = performance.now();
    try {
      await locks().insertOne({ _id: key, token, beat: 0 });
      return new DocLease(store, key, token, started);
    } catch (err) {
      if (!isDuplicateKeyError(err)) {
        // The answer was lost, not necessarily the insert (the store went away after taking it):
        // a lock document with this token would be renewed by nobody and hold every writer of the
        // key until stale (15 s; issue 26, FerretDB on PostgreSQL killed under load). Deleted by
        // its token once the store answers: a no-op if the insert never landed.
        void releaseWhenReachable(store, key, token);
        throw err;
      }
    }
    const found = await locks().findOne({ _id: key });
    const now = performance.now();
    if (found) {
      const held = { ...found, beat: found.beat ?? 0 };
      if (!watched || watched.token !== held.token || watched.beat !== held.beat) {
        watched = { token: held.token, beat: held.beat, since: now };
        competing = null;
      } else if (now - watched.since > timing.staleMs) {
        const claimToken = await takeOver(store, key, held);
        if (!claimToken) {
          watched = null;
          continue;
        }
        if (competing?.token !== claimToken) competing = { token: claimToken, since: now };
        else if (now - competing.since > timing.staleMs) await locks().deleteOne({ _id: takeoverClaim(key, held), token: claimToken });
      }
    }
    if (now - waitStarted > timing.waitLimitMs) {
      docLockProblems.inc({ kind: 'wait_limit' });
      throw new Error(`lock ${key} not acquired within ${timing.waitLimitMs} ms`);
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
}

/** The leases held by the current async call chain (nested locks stack). */
const heldLeases = new AsyncLocalStorage<readonly DocLease[]>();

/**
 * Checks every lock the calling code runs under; throws LockLostError if one was lost. Call it
 * right before a write that does not go through a Mongoose model (those check by themselves).
 */
export async function assertLockHeld(): Promise<void> {
  for (const lease of heldLeases.getStore() ?? []) await lease.check();
}

/** Resolves once this process's locks of `store` taken so far are released (releases run behind callers). */
export function locksReleased(store: Store): Promise<void> {
  return store.lockTurns.idle();
}

/**
 * Runs `fn` while holding the write lock `key` (e.g. `alert:<id>`), in this process and across
 * processes. Rejects with LockLostError if the lock was lost while `fn` ran, even if `fn` itself
 * finished: writes after the loss were refused, so the caller must not report success.
 */
export function withDocLock<T>(store: Store, key: string, fn: (lease: DocLease) => Promise<T>): Promise<T> {
  // The caller has its answer once `fn` is done; the release (one more store round trip) goes on
  // behind it, and this process's next holder of the key waits for it. A release that fails leaves
  // the lock to be taken over once stale, as after a crash.
  let released: Promise<void> = Promise.resolve();
  const asked = performance.now();
  return store.lockTurns.take(
    key,
    async () => {
      const lease = await acquire(store, key);
      // The whole wait: behind this process's holders of the key, then other processes'.
      docLockWait.observe((performance.now() - asked) / 1000);
      let renewing: Promise<void> | null = null;
      const renew = setInterval(() => {
        renewing ??= lease.renew().finally(() => (renewing = null));
      }, timing.renewMs);
      renew.unref();
      try {
        const result = await heldLeases.run([...(heldLeases.getStore() ?? []), lease], () => fn(lease));
        if (lease.lost) throw lease.lost;
        return result;
      } finally {
        clearInterval(renew);
        released = (async () => {
          await renewing;
          await lease.release();
        })().catch(() => undefined);
      }
    },
    () => released,
  );
}

const FENCED_QUERY_WRITES: Array<
  'updateOne' | 'updateMany' | 'replaceOne' | 'findOneAndUpdate' | 'findOneAndReplace' | 'findOneAndDelete' | 'deleteOne' | 'deleteMany'
> = ['updateOne', 'updateMany', 'replaceOne', 'findOneAndUpdate', 'findOneAndReplace', 'findOneAndDelete', 'deleteOne', 'deleteMany'];

/**
 * Schema plugin: every write through the model checks the fencing tokens of the locks it runs
 * under (nothing to check outside a lock). Every model applies it; a test keeps it so.
 */
export function fencedWrites(schema: Schema): void {
  schema.pre(FENCED_QUERY_WRITES, { document: false, query: true }, assertLockHeld);
  schema.pre(['save', 'deleteOne', 'updateOne'], { document: true, query: false }, assertLockHeld);
  schema.pre('insertMany', assertLockHeld);
  schema.pre('bulkWrite', assertLockHeld);
}
