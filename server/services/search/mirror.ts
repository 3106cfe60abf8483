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
import type { Posting, SearchIndexDoc } from '../../models/SearchIndex.js';
import { alertChangeLog } from '../alerts/alertChanges.js';
import { domainEvents } from '../domainEvents.js';
import { keysOfAlert, type FieldClass } from './indexKeys.js';

/** A logged creation whose alert is not stored after this long failed, and is skipped. */
const IN_FLIGHT_MS = 30_000;
const CATCH_UP_BATCH = 5000;
/** A copy synced this recently, with no change logged by this process since, skips the log read:
 * other processes' changes then show up in search within this long. */
const FRESH_MS = 250;

class SearchMirror {
  private alerts = new Map<string, AlertDoc>();
  private keysByAlert = new Map<string, Map<string, FieldClass>>();
  private postings = new Map<string, Posting[]>();
  private position = 0;
  private epoch = '';
  private loading: Promise<void> | null = null;
  private syncing: Promise<void> | null = null;
  private syncedAt = 0;
  private dirty = true;

  /** A change was logged by this process: the next search reads the log. */
  markDirty(): void {
    this.dirty = true;
  }

  private apply(id: string, doc: AlertDoc | null): void {
    const previous = this.keysByAlert.get(id) ?? new Map<string, FieldClass>();
    const next = doc ? keysOfAlert(doc) : new Map<string, FieldClass>();
    for (const k of previous.keys()) {
      if (next.get(k) === previous.get(k)) continue;
      const list = this.postings.get(k);
      if (!list) continue;
      const kept = list.filter((p) => p.a !== id);
      if (kept.length) this.postings.set(k, kept);
      else this.postings.delete(k);
    }
    for (const [k, f] of next) {
      if (previous.get(k) === f) continue;
      const list = this.postings.get(k) ?? [];
      list.push({ a: id, f });
      this.postings.set(k, list);
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
    for await (const doc of Alert.find({}).sort({ createdAt: 1 }).lean<AlertDoc>().cursor({ batchSize: 1000 }))
      this.apply(String(doc._id), doc);
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

  /** Loads (first time) and applies every logged change; concurrent callers share one run. */
  sync(): Promise<void> {
    if (!this.dirty && !this.syncing && Date.now() - this.syncedAt < FRESH_MS) return Promise.resolve();
    this.loading ??= this.load();
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

  /** Index documents for these keys, as the stored index would return them. */
  readPostings(keys: string[]): Map<string, SearchIndexDoc> {
    const out = new Map<string, SearchIndexDoc>();
    for (const k of new Set(keys)) {
      const postings = this.postings.get(k);
      if (postings?.length) out.set(k, { _id: k, postings, common: false });
    }
    return out;
  }

  get(id: string): AlertDoc | null {
    return this.alerts.get(id) ?? null;
  }
}

export const searchMirror = new SearchMirror();
domainEvents.on('alert.logged', () => searchMirror.markDirty());
