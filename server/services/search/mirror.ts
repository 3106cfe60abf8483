/**
 * An in-process copy of the alerts and their search keys, following the alert change log.
 *
 * Why: on the embedded store (FerretDB/SQLite) every read scans, even by `_id`
 * (docs/store-concurrency.md), so a search that reads twenty index documents and a page of alerts
 * costs seconds at 100,000 alerts. Reading from memory, a search costs CPU only. The copy is
 * loaded once per process, then brought up to date from the change log before each search
 * (read-your-writes), so it is never staler than the log. Memory: roughly 3 KB per alert.
 */
import type { AlertDoc } from '../../models/Alert.js';
import { Alert } from '../../models/Alert.js';
import { alertChangeLog } from '../alerts/alertChanges.js';
import { domainEvents } from '../domainEvents.js';
import { keysOfAlert, type FieldClass } from './indexKeys.js';

/** A logged creation whose alert is not stored after this long failed, and is skipped. */
const IN_FLIGHT_MS = 30_000;
const CATCH_UP_BATCH = 5000;
/** A copy synced this recently, with no change logged by this process since, skips the log read:
 * other processes' changes then show up in search within this long. */
const FRESH_MS = 250;

const EMPTY: ReadonlyMap<string, FieldClass> = new Map();

export class SearchMirror {
  private alerts = new Map<string, AlertDoc>();
  private keysByAlert = new Map<string, Map<string, FieldClass>>();
  /** Key → the alerts carrying it, in insertion order (so iteration is oldest first), with the field class. */
  private postings = new Map<string, Map<string, FieldClass>>();
  private position = 0;
  private epoch = '';
  private loading: Promise<void> | null = null;
  private syncing: Promise<void> | null = null;
  private syncedAt = 0;
  private dirty = true;
  private loadedOnce = false;

  /** A change was logged by this process: the next search reads the log. */
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
    if (doc) {
      this.alerts.set(id, doc);
      this.keysByAlert.set(id, next);
    } else {
      this.alerts.delete(id);
      this.keysByAlert.delete(id);
    }
  }

  private async load(): Promise<void> {
    this.alerts.clear();
    this.keysByAlert.clear();
    this.postings.clear();
    // Read the log position first: changes made during the scan are applied again afterwards.
    const head = await alertChangeLog.head();
    this.position = head.seq;
    this.epoch = head.epoch;
    for await (const doc of Alert.find({}).lean<AlertDoc>().cursor({ batchSize: 1000 })) this.apply(String(doc._id), doc);
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
    const ids = [...new Set(entries.map((e) => e.alertId))];
    const docs = new Map(await Promise.all(ids.map(async (id) => [id, await Alert.findById(id).lean<AlertDoc>()] as const)));
    const applied = new Set<string>();
    let complete = true;
    for (const e of entries) {
      const doc = docs.get(e.alertId) ?? null;
      if (!doc && now - e.at.getTime() < IN_FLIGHT_MS) {
        complete = false; // stored in a moment: look again next time
        break;
      }
      applied.add(e.alertId);
      this.position = e._id;
    }
    for (const id of applied) {
      const doc = docs.get(id) ?? null;
      if (doc || this.alerts.has(id)) this.apply(id, doc);
    }
    return complete && entries.length === CATCH_UP_BATCH;
  }

  /** True once the first full load has finished (it takes tens of seconds at 100,000 alerts). */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /**
   * Syncs, waiting at most `waitMs` for the first load: false if the copy is still loading then
   * (the load goes on in the background). A failed load is retried by the next call.
   */
  async syncWithin(waitMs: number): Promise<boolean> {
    const run = this.sync();
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

  /** Loads (first time) and applies every logged change; concurrent callers share one run. */
  sync(): Promise<void> {
    if (!this.dirty && !this.syncing && Date.now() - this.syncedAt < FRESH_MS) return Promise.resolve();
    this.loading ??= this.load().then(
      () => {
        this.loadedOnce = true;
      },
      (err: unknown) => {
        this.loading = null; // let the next search try again rather than fail forever
        throw err;
      },
    );
    this.syncing ??= (async () => {
      try {
        const started = Date.now();
        this.dirty = false; // a change logged while this runs marks it again
        await this.loading;
        while (await this.catchUpOnce(Date.now()));
        this.syncedAt = started;
      } catch (err) {
        this.dirty = true;
        throw err;
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
  }

  /** The alerts carrying `key` (oldest first) with the field class it comes from; empty if none. */
  holders(key: string): ReadonlyMap<string, FieldClass> {
    return this.postings.get(key) ?? EMPTY;
  }

  get(id: string): AlertDoc | null {
    return this.alerts.get(id) ?? null;
  }
}

export const searchMirror = new SearchMirror();
domainEvents.on('alert.logged', () => searchMirror.markDirty());
