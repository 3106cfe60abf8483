/**
 * Whether the store is reachable, as far as we know without waiting: Mongoose marks its connection
 * disconnected as soon as the driver's monitor (or a failed operation) finds the server gone, and
 * connected again once a check succeeds (every heartbeatFrequencyMS, mongoose.ts). Work that needs
 * the store checks this first and fails at once, rather than each operation waiting out a server
 * selection (5 s) in turn: requests queued behind one another (a lock's waiters) would otherwise
 * be held until the request timeout (issue 26, test/integration/storeOutage.test.ts).
 *
 * The connection state alone is not trusted to come back: while it says "not connected", a ping
 * is sent at most once per PROBE_EVERY_MS, and a ping answered opens the way again whatever the
 * state says. A refusal can therefore never outlast the store's outage by more than about a
 * probe period (on FerretDB with PostgreSQL the state was seen to stay "disconnected" after the
 * driver had reconnected).
 */
import mongoose from 'mongoose';
import type { Store } from './store.js';

/** The store was unreachable at the last check; nothing was sent to it. */
export class StoreUnreachableError extends Error {
  override name = 'StoreUnreachableError';
}

const PROBE_EVERY_MS = 1000;
const PROBE_TIMEOUT_MS = 1000;

/** What one store connection knows of its store's reachability: each Puente's own (issue 27). */
export class StoreReachability {
  private probeStartedAt = 0;
  private probeAnsweredAt = 0;
  private probing = false;
  /** When the store was last found unreachable (ms since the epoch; 0: never). */
  private unreachableSeenAt = 0;

  constructor(private readonly connection: mongoose.Connection) {}

  /**
   * True when the store answers a ping within `timeoutMs` (used by /readyz and the probe below),
   * whatever the connection's state says: /readyz must turn 200 as soon as the store answers.
   */
  async answers(timeoutMs = 1000): Promise<boolean> {
    const db = this.connection.db;
    if (!db) return false;
    try {
      await Promise.race([
        db.command({ ping: 1 }),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  }

  /** Pings the store in the background (at most one ping in flight); an answer is remembered. */
  private probe(now: number): void {
    if (this.probing || !this.connection.db || now - this.probeStartedAt < PROBE_EVERY_MS) return;
    this.probing = true;
    this.probeStartedAt = now;
    void this.answers(PROBE_TIMEOUT_MS)
      .then((answered) => {
        if (answered) this.probeAnsweredAt = Date.now();
      })
      .finally(() => (this.probing = false));
  }

  reachable(): boolean {
    if (this.connection.readyState === mongoose.ConnectionStates.connected) return true;
    const now = Date.now();
    if (now - this.probeAnsweredAt < 2 * PROBE_EVERY_MS) return true;
    this.unreachableSeenAt = now;
    this.probe(now);
    return false;
  }

  unreachableSince(sinceMs: number): boolean {
    return !this.reachable() || this.unreachableSeenAt >= sinceMs;
  }
}

/** True when `store` answers a ping within `timeoutMs` (/readyz, the metrics' dependencies). */
export function storeAnswers(store: Store, timeoutMs = 1000): Promise<boolean> {
  return store.reachability.answers(timeoutMs);
}

export function storeReachable(store: Store): boolean {
  return store.reachability.reachable();
}

/** Whether the store is unreachable now or was found so at any time since `sinceMs` (an outage overlapped). */
export function storeUnreachableSince(store: Store, sinceMs: number): boolean {
  return store.reachability.unreachableSince(sinceMs);
}

/** Throws StoreUnreachableError (answered 503 store_unavailable) while the store is known to be unreachable. */
export function assertStoreReachable(store: Store): void {
  if (!storeReachable(store)) throw new StoreUnreachableError('the store did not answer the last check');
}
