/**
 * An in-process copy of the alerts, their search keys and their newest-first order, following the
 * alert change log. Search and alert lists read it.
 *
 * Why: FerretDB 1.24 scans for nearly every read — on SQLite even by `_id`, on PostgreSQL for `_id`
 * look-ups too, and on both for any filter with a sort (docs/store-concurrency.md) — so a search or
 * a page of a list costs seconds at 100,000 alerts. From memory they cost CPU only. The copy is
 * loaded once per process, then brought up to date from the change log before each read
 * (read-your-writes), so it is never staler than the log. Memory: roughly 3 KB per alert.
 */
import type { AlertDoc } from '../../models/Alert.js';
import { Alert } from '../../models/Alert.js';
import { alertChangeLog, settleChanges } from './alertChanges.js';
import { domainEvents } from '../domainEvents.js';
import { keysOfAlert, type FieldClass } from '../search/indexKeys.js';

const CATCH_UP_BATCH = 5000;
/** By default a copy synced this recently, with no change logged by this process since, skips the
 * log read: other processes' changes then show up in search within this long. */
const FRESH_MS = 250;

const EMPTY: ReadonlyMap<string, FieldClass> = new Map();

/** Readers share the copy's objects: freezing them makes an accidental change throw instead of
 * silently altering what every later reader sees. */
function deepFreeze<T>(value: T): T {
  // Byte arrays cannot be frozen (and alerts hold none but ObjectId internals).
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Place of an alert in the newest-first order: creation time, then id (as the stored lists sort). */
interface OrderEntry {
  at: number;
  id: string;
}
const compareOrder = (x: OrderEntry, y: OrderEntry) => x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** First index in ascending `order` whose entry is not before `e`. */
function lowerBound(order: OrderEntry[], e: OrderEntry): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareOrder(order[mid]!, e) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class AlertCopy {
  private alerts = new Map<string, AlertDoc>();
  private keysByAlert = new Map<string, Map<string, FieldClass>>();
  /** Key → the alerts carrying it, in insertion order (so iteration is oldest first), with the field class. */
  private postings = new Map<string, Map<string, FieldClass>>();
  /** Every alert, oldest first (new alerts usually append). */
  private order: OrderEntry[] = [];
  /** During a full load entries are appended unsorted and sorted once at the end. */
  private bulk = false;
  private position = 0;
  private epoch = '';
  private loading: Promise<void> | null = null;
  private running: { generation: number; promise: Promise<void> } | null = null;
  private runsStarted = 0;
  private syncedAt = 0;
  private dirty = true;
  private loadedOnce = false;

  /** A change was logged by this process: the next read reads the log. */
  markDirty(): void {
    this.dirty = true;
  }

  private apply(id: string, doc: AlertDoc | null): void {
    const previous = this.keysByAlert.get(id) ?? new Map<string, FieldClass>();
    const next = doc ? keysOfAlert(doc) : new Map<string, FieldClass>();
    for (const k of previous.keys()) {
      if (next.has(k)) continue;
      const holders = this.postings.get(k);
      if (!holders) continue;
      holders.delete(id);
      if (!holders.size) this.postings.delete(k);
    }
    for (const [k, f] of next) {
      if (previous.get(k) === f) continue;
      let holders = this.postings.get(k);
      if (!holders) this.postings.set(k, (holders = new Map()));
      holders.set(id, f);
    }
    const known = this.alerts.get(id);
    if (doc) {
      if (!known) this.place({ at: doc.createdAt.getTime(), id });
      this.alerts.set(id, deepFreeze(doc));
      this.keysByAlert.set(id, next);
    } else {
      if (known) this.unplace({ at: known.createdAt.getTime(), id });
      this.alerts.delete(id);
      this.keysByAlert.delete(id);
    }
  }

  private place(e: OrderEntry): void {
    const last = this.order[this.order.length - 1];
    if (this.bulk || !last || compareOrder(last, e) < 0) this.order.push(e);
    else this.order.splice(lowerBound(this.order, e), 0, e);
  }

  private unplace(e: OrderEntry): void {
    const i = lowerBound(this.order, e);
    if (this.order[i]?.id === e.id) this.order.splice(i, 1);
  }

  private async load(): Promise<void> {
    this.alerts.clear();
    this.keysByAlert.clear();
    this.postings.clear();
    this.order = [];
    // Read the log position first: changes made during the scan are applied again afterwards.
    const head = await alertChangeLog.head();
    this.position = head.seq;
    this.epoch = head.epoch;
    this.bulk = true;
    try {
      for await (const doc of Alert.find({}).lean<AlertDoc>().cursor({ batchSize: 1000 })) this.apply(String(doc._id), doc);
    } finally {
      this.bulk = false;
      this.order.sort(compareOrder);
    }
  }

  private async catchUpOnce(now: number): Promise<boolean> {
    const head = await alertChangeLog.head();
    if (head.epoch !== this.epoch || head.seq < this.position) {
      // The store was replaced (restore, or a test that emptied it): start again.
      await this.load();
      return false;
    }
    const entries = await alertChangeLog.readAfter(this.position, CATCH_UP_BATCH);
    if (!entries.length) return false;
    const { settled, docs } = await settleChanges(entries, now);
    if (settled.length) this.position = settled[settled.length - 1]!._id;
    // Each alert once, with the last change consumed.
    for (const [id, seq] of new Map(settled.map((e) => [e.alertId, e._id]))) {
      const doc = docs.get(id) ?? null;
      // The writer stores the change's seq on the alert just after logging it: the read may precede that.
      if (doc && (doc.changeSeq ?? 0) < seq) doc.changeSeq = seq;
      if (doc || this.alerts.has(id)) this.apply(id, doc);
    }
    return settled.length === CATCH_UP_BATCH;
  }

  /** True once the first full load has finished (it takes tens of seconds at 100,000 alerts). */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /**
   * Syncs, waiting at most `waitMs` for the first load: false if the copy is still loading then
   * (the load goes on in the background). A failed load is retried by the next call.
   */
  async syncWithin(waitMs: number, maxStaleMs = FRESH_MS): Promise<boolean> {
    const run = this.sync(maxStaleMs);
    if (this.loadedOnce) {
      await run;
      return true;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    // Still loading after the wait: the background run's failure is logged by whoever started it.
    run.catch(() => undefined);
    try {
      return await Promise.race([run.then(() => true as const), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Loads (first time) and applies every change logged before this call. `maxStaleMs`: a copy
   * synced that recently, with nothing logged by this process since, is used as it is (0: always
   * read the log, so another process's write just made is seen). Concurrent callers share a run,
   * but never one that started before their call.
   */
  async sync(maxStaleMs = FRESH_MS): Promise<void> {
    if (!this.dirty && !this.running && Date.now() - this.syncedAt < maxStaleMs) return;
    const startedBefore = this.runsStarted;
    for (;;) {
      const current = this.running;
      if (!current) return this.startRun();
      if (current.generation > startedBefore) return current.promise;
      await current.promise.catch(() => undefined);
    }
  }

  private startRun(): Promise<void> {
    const generation = ++this.runsStarted;
    const promise = (async () => {
      try {
        const started = Date.now();
        this.dirty = false; // a change logged while this runs marks it again
        this.loading ??= this.load().then(
          () => {
            this.loadedOnce = true;
          },
          (err: unknown) => {
            this.loading = null; // let the next read try again rather than fail forever
            throw err;
          },
        );
        await this.loading;
        while (await this.catchUpOnce(Date.now()));
        this.syncedAt = started;
      } catch (err) {
        this.dirty = true;
        throw err;
      } finally {
        this.running = null;
      }
    })();
    this.running = { generation, promise };
    return promise;
  }

  /**
   * Alerts newest first (creation time, then id, descending), starting strictly after `after`
   * when given. Synchronous: call right after `sync`.
   */
  *newestFirst(after?: OrderEntry): Generator<AlertDoc> {
    let i = after ? lowerBound(this.order, after) - 1 : this.order.length - 1;
    for (; i >= 0; i--) {
      const doc = this.alerts.get(this.order[i]!.id);
      if (doc) yield doc;
    }
  }

  /** The alerts carrying `key` (oldest first) with the field class it comes from; empty if none. */
  holders(key: string): ReadonlyMap<string, FieldClass> {
    return this.postings.get(key) ?? EMPTY;
  }

  get(id: string): AlertDoc | null {
    return this.alerts.get(id) ?? null;
  }
}

export const alertCopy = new AlertCopy();
domainEvents.on('alert.logged', () => alertCopy.markDirty());
