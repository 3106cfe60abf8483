/**
 * An in-process copy of the alerts, their search keys and their newest-first order, following the
 * alert change log. Search, alert lists and plain views of one alert read it.
 *
 * Why: FerretDB 1.24 scans for nearly every read — on SQLite even by `_id`, on PostgreSQL for `_id`
 * look-ups too, and on both for any filter with a sort (docs/store-concurrency.md) — so a search or
 * a page of a list costs seconds at 100,000 alerts. From memory they cost CPU only. The copy is
 * loaded once per process, then brought up to date from the change log before each read
 * (read-your-writes), so it is never staler than the log. This process's own writes are applied
 * directly (`alert.stored`), so following the log only reads other processes' alerts.
 *
 * A change whose alert write has not landed (yet) is kept aside as pending and looked at again;
 * it never holds back the changes after it (alertChanges.ts). When the log's epoch changes because
 * data was written around it (`seed-bulk`), a new copy is built beside this one while reads go on
 * being served, and following the log, from the current one; then the two are swapped.
 */
import type { AlertDoc, AlertModel } from '../Alert.js';
import type { AlertChangeDoc } from '../changeLog/AlertChange.js';
import { firstKept, LogCompactedError, mapBounded, type LogHead } from '../../platform/store/index.js';
import { IN_FLIGHT_MS, settleChanges, type AlertChangeLog } from '../changeLog/alertChanges.js';
import { alertClocks } from '../changeLog/alertClocks.js';
import type { DomainEvents } from '../../platform/domainEvents.js';
import { keysOfAlert, type FieldClass } from './indexKeys.js';
import { BSON } from 'mongodb';
import { decodeAlert, encodeAlert, headOf, packBson, type AlertHead } from './alertHead.js';
import { encodeIndex, readSnapshot, writeSnapshot } from './alertSnapshot.js';
import {
  addPosting,
  classOf,
  encodePosting,
  hasSlot,
  postingCount,
  postingsOf,
  removePosting,
  slotOf,
  type PostingValue,
} from './postings.js';

const CATCH_UP_BATCH = 5000;
/** By default a copy synced this recently, with no change logged by this process since, skips the
 * log read: other processes' changes then show up in search within this long. */
const FRESH_MS = 250;
/** A pending change is looked at on every sync while this process has watched it for less than
 * this (a write normally lands within milliseconds), then at most once per PENDING_RECHECK_MS until
 * IN_FLIGHT_MS; both on this process's monotonic clock, from when it first saw the entry. */
export const PENDING_FAST_MS = 2000;
const PENDING_RECHECK_MS = 1000;
/** How long a read waits for a copy being rebuilt beside the current one before being served from
 * the current one. */
const RELOAD_WAIT_MS = 1000;
/** Log entries just before the head read when a copy is built: creations logged before the scan
 * whose alert was stored after the scan passed its place. */
const LOOK_BACK = 500;
/** Log entries the repair walk reads per run at most (one or a few segment reads). */
export const REPAIR_BATCH = 2000;
/** Alert reads a repair run has in flight at most. */
const REPAIR_READS_AT_ONCE = 4;
/** Loads from the store in a row when the log compacts what each one needed before it is up to date. */
const MAX_LOADS = 3;

/** The full scan of the alerts as BSON bytes (a seam: tests hold or fail it). */
export const alertScan = {
  open: (alerts: AlertModel): AsyncIterable<Uint8Array> =>
    alerts.collection.find({}, { raw: true, batchSize: 1000 }) as unknown as AsyncIterable<Uint8Array>,
};

const NO_KEYS: ReadonlyMap<string, FieldClass> = new Map();

/** A data-subject request's erasure or rectification (issue 29): the old values must leave the snapshot file too. */
function removesPersonalData(doc: AlertDoc): boolean {
  const last = doc.history?.at(-1)?.action;
  return last === 'subject_erased' || last === 'subject_rectified';
}

/** Newest-first order: creation time, then id (as the stored lists sort). */
interface OrderEntry {
  at: number;
  id: string;
}
const compareOrder = (x: OrderEntry, y: OrderEntry) => x.at - y.at || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

/** The alerts carrying one key, with the field class each carries it in. */
export class Holders {
  constructor(
    private readonly state: CopyState | null,
    private readonly value: PostingValue | undefined,
  ) {}

  get size(): number {
    return postingCount(this.value);
  }

  has(id: string): boolean {
    const slot = this.state?.slots.get(id);
    return slot !== undefined && hasSlot(this.value, slot);
  }

  *keys(): Generator<string> {
    for (const p of postingsOf(this.value)) yield this.state!.heads[slotOf(p)]!.id;
  }

  *[Symbol.iterator](): Generator<[string, FieldClass]> {
    for (const p of postingsOf(this.value)) yield [this.state!.heads[slotOf(p)]!.id, classOf(p)];
  }
}

/** One generation of the copy: the alerts of one log epoch, up to `position`. Each alert has a slot
 * (a small integer, never reused) indexing its head and its BSON bytes (alertHead.ts). */
class CopyState {
  readonly slots = new Map<string, number>();
  readonly heads: AlertHead[] = [];
  readonly raws: Buffer[] = [];
  /** Key → the slots of the alerts carrying it, with the field class (postings.ts). */
  postings = new Map<string, PostingValue>();
  /** How many keys each slot's alert carries (what a snapshot's index is checked against). */
  readonly keyCounts: number[] = [];
  /** Slots, oldest first (new alerts usually append). */
  order: number[] = [];
  /** During a full load slots are appended unsorted and sorted once at the end. */
  bulk = false;
  position: number;
  readonly epoch: string;
  /** Logged changes whose alert write had not landed when last looked at, by log position. */
  readonly pending = new Map<number, AlertChangeDoc>();
  /** An alert's personal data was purged, or a person erased or rectified in it at their request,
   * since the snapshot was last written: write it again. */
  purgedSinceSave = false;
  /** When this process first saw each pending change (alertClocks.monotonic): its age here. */
  private readonly watchedSince = new Map<number, number>();
  pendingCheckedAt = 0;

  /** How long this process has been watching pending change `seq`. */
  private watchedFor(seq: number, now: number): number {
    return now - (this.watchedSince.get(seq) ?? now);
  }

  /** Whether every pending change is due to be looked at again (also if the clock was set back). */
  private recheckDue(now: number): boolean {
    return Math.abs(now - this.pendingCheckedAt) >= PENDING_RECHECK_MS;
  }

  /** Keeps `e` pending, watched from now unless it already was. */
  watch(e: AlertChangeDoc, now: number): void {
    this.pending.set(e._id, e);
    if (!this.watchedSince.has(e._id)) this.watchedSince.set(e._id, now);
  }

  private forget(seq: number): void {
    this.pending.delete(seq);
    this.watchedSince.delete(seq);
  }

  constructor(
    /** The change log this generation follows (its Puente's). */
    private readonly log: AlertChangeLog,
    /** The alerts' model, which pending changes are settled against. */
    private readonly alerts: AlertModel,
    head: LogHead,
  ) {
    this.position = head.seq;
    this.epoch = head.epoch;
  }

  /** Position of the alert as held here (undefined: not held). */
  heldSeq(id: string): number | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.heads[slot]!.changeSeq;
  }

  head(id: string): AlertHead | undefined {
    const slot = this.slots.get(id);
    return slot === undefined ? undefined : this.heads[slot];
  }

  get(id: string): AlertDoc | null {
    const slot = this.slots.get(id);
    return slot === undefined ? null : decodeAlert(this.raws[slot]!);
  }

  /** Takes the alert as stored, unless what is held is already a later state. `keys`: its search
   * keys when already known (a snapshot), else they are computed from `doc` (decoded if absent). */
  apply(head: AlertHead, raw: Buffer, doc?: AlertDoc, keys?: Map<string, FieldClass>): void {
    let slot = this.slots.get(head.id);
    let previous: ReadonlyMap<string, FieldClass> = NO_KEYS;
    let historyBefore = -1;
    if (slot !== undefined) {
      if (this.heads[slot]!.changeSeq > head.changeSeq) return;
      if (head.retention?.purgedAt && !this.heads[slot]!.retention?.purgedAt) this.purgedSinceSave = true;
      const before = decodeAlert(this.raws[slot]!);
      previous = keysOfAlert(before);
      historyBefore = before.history?.length ?? 0;
      this.heads[slot] = head;
      this.raws[slot] = raw;
    } else slot = this.add(head, raw);
    const decoded = keys ? doc : (doc ?? decodeAlert(raw));
    if (historyBefore >= 0 && decoded && (decoded.history?.length ?? 0) > historyBefore && removesPersonalData(decoded)) {
      this.purgedSinceSave = true;
    }
    const next = keys ?? keysOfAlert(decoded!);
    this.keyCounts[slot] = next.size;
    for (const k of previous.keys()) if (!next.has(k)) removePosting(this.postings, k, slot);
    for (const [k, f] of next) if (previous.get(k) !== f) addPosting(this.postings, k, encodePosting(slot, f));
    for (const [seq, e] of this.pending) if (e.alertId === head.id && seq <= head.changeSeq) this.forget(seq);
  }

  /** A new slot for an alert not held yet (its keys are the caller's business). */
  private add(head: AlertHead, raw: Buffer): number {
    const slot = this.heads.length;
    this.slots.set(head.id, slot);
    this.heads.push(head);
    this.raws.push(raw);
    this.keyCounts.push(0);
    this.place(slot);
    return slot;
  }

  /** The alerts' kept bytes (`bytes`), and the memory they hold (`keptBytes`): each memory block
   * behind them counted once, whole, as a slice of a block keeps all of it. */
  footprint(): { alerts: number; bytes: number; keptBytes: number } {
    const blocks = new Set<ArrayBufferLike>();
    let bytes = 0;
    let keptBytes = 0;
    for (const raw of this.raws) {
      bytes += raw.length;
      if (blocks.has(raw.buffer)) continue;
      blocks.add(raw.buffer);
      keptBytes += raw.buffer.byteLength;
    }
    return { alerts: this.raws.length, bytes, keptBytes };
  }

  applyDoc(doc: AlertDoc): void {
    this.apply(headOf(doc), encodeAlert(doc, this.bulk), doc);
  }

  /** This process's own changes, applied when stored, whose log entries have not been passed yet. */
  readonly ownApplied = new Set<number>();

  /**
   * When every entry up to the head is a change this process made and applied itself, the log has
   * nothing to tell: move past it without reading it (on the embedded store even a short read of
   * the log costs a scan of a segment). With one process, the usual case, lists and views then read
   * no log entries at all.
   */
  private skipOwnChanges(head: LogHead, now: number): boolean {
    if (head.epoch !== this.epoch || head.seq < this.position || head.seq - this.position > this.ownApplied.size) return false;
    // Pending changes due to be looked at again need the log read.
    if (this.pending.size && (this.recheckDue(now) || [...this.pending.keys()].some((seq) => this.watchedFor(seq, now) < PENDING_FAST_MS)))
      return false;
    for (let seq = this.position + 1; seq <= head.seq; seq++) if (!this.ownApplied.has(seq)) return false;
    for (let seq = this.position + 1; seq <= head.seq; seq++) this.ownApplied.delete(seq);
    this.position = head.seq;
    return true;
  }

  private orderOf(slot: number): OrderEntry {
    return this.heads[slot]!;
  }

  /** First index in `order` whose alert is not before `e`. */
  lowerBound(e: OrderEntry): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareOrder(this.orderOf(this.order[mid]!), e) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private place(slot: number): void {
    const last = this.order[this.order.length - 1];
    if (this.bulk || last === undefined || compareOrder(this.orderOf(last), this.orderOf(slot)) < 0) this.order.push(slot);
    else this.order.splice(this.lowerBound(this.orderOf(slot)), 0, slot);
  }

  /** Takes `order` (slots oldest first, from a snapshot) if it holds every slot once, in order:
   * one pass instead of a sort. False if it does not (then sort). */
  adoptOrder(order: ArrayLike<number>): boolean {
    if (order.length !== this.heads.length) return false;
    const seen = new Uint8Array(order.length);
    for (let i = 0; i < order.length; i++) {
      const slot = order[i]!;
      if (!(slot >= 0 && slot < order.length) || seen[slot]) return false;
      seen[slot] = 1;
      if (i > 0 && compareOrder(this.orderOf(order[i - 1]!), this.orderOf(slot)) >= 0) return false;
    }
    this.order = Array.from(order);
    return true;
  }

  sortOrder(): void {
    this.order.sort((x, y) => compareOrder(this.orderOf(x), this.orderOf(y)));
  }

  /** Applies the next logged changes (and looks again at pending ones); true if there may be more.
   * `now`: this process's monotonic clock (alertClocks). `head`: the log's head just read, if the
   * caller has it. A pending change is given up only when the store, just read, still does not
   * hold it and this process has watched it for IN_FLIGHT_MS — never by the writer's date. */
  async catchUp(now: number, head?: LogHead): Promise<boolean> {
    if (head && this.skipOwnChanges(head, now)) return false;
    const entries = await this.log.readAfter(this.position, CATCH_UP_BATCH);
    const recheckAll = this.recheckDue(now);
    const recheck = [...this.pending.values()].filter((e) => recheckAll || this.watchedFor(e._id, now) < PENDING_FAST_MS);
    if (!entries.length && !recheck.length) return false;
    if (recheckAll) this.pendingCheckedAt = now;
    const { pending, docs } = await settleChanges(this.alerts, [...recheck, ...entries], (id) => this.heldSeq(id));
    for (const doc of docs.values()) if (doc) this.applyDoc(doc);
    const unlanded = new Set(pending.map((e) => e._id));
    for (const e of recheck) if (!unlanded.has(e._id)) this.forget(e._id);
    for (const e of pending) {
      if ((this.heldSeq(e.alertId) ?? -1) >= e._id || this.watchedFor(e._id, now) >= IN_FLIGHT_MS) this.forget(e._id);
      else this.watch(e, now);
    }
    if (entries.length) this.position = entries[entries.length - 1]!._id;
    for (const seq of this.ownApplied) if (seq <= this.position) this.ownApplied.delete(seq);
    return entries.length === CATCH_UP_BATCH;
  }

  /** The copy from a snapshot file, if there is one for this database and log epoch. */
  static async fromSnapshot(
    alerts: AlertModel,
    log: AlertChangeLog,
    file: string,
    database: string,
    phases = new LoadPhases(),
  ): Promise<CopyState | null> {
    const head = await log.head();
    const snapshot = await phases.time('snapshot read', readSnapshot(file, database));
    // A snapshot older than the log's compacted entries cannot be brought up to date from the log.
    if (!snapshot || snapshot.header.epoch !== head.epoch || snapshot.header.position > head.seq) return null;
    if (snapshot.header.position + 1 < firstKept(head)) return null;
    const state = new CopyState(log, alerts, { ...head, seq: snapshot.header.position });
    const applying = performance.now();
    state.bulk = true;
    try {
      if (snapshot.index) {
        // Slots are the snapshot's order, as the index refers to them.
        for (const a of snapshot.alerts) state.add(a.head, a.raw);
        state.postings = snapshot.index.postings;
        for (let slot = 0; slot < snapshot.alerts.length; slot++) state.keyCounts[slot] = snapshot.index.keyCounts[slot]!;
      } else for (const a of snapshot.alerts) state.apply(a.head, a.raw);
    } finally {
      state.bulk = false;
      if (!snapshot.index || !state.adoptOrder(snapshot.index.order)) state.sortOrder();
    }
    phases.add(snapshot.index ? 'alerts placed' : 'index derived again', performance.now() - applying);
    // Watched again from now: this process's clock says nothing about the one that wrote the file.
    const now = alertClocks.monotonic();
    for (const e of snapshot.header.pending) state.watch(e, now);
    return state;
  }

  /** A full load: one scan of the alerts (as BSON bytes, decoded once here), then the creations
   * logged just before it that the scan may have missed are looked at like pending ones. */
  static async load(alerts: AlertModel, log: AlertChangeLog, progress?: LoadProgress): Promise<CopyState> {
    // Read the log position first: changes made during the scan are applied again afterwards.
    const head = await log.head();
    const state = new CopyState(log, alerts, head);
    state.bulk = true;
    try {
      const started = alertClocks.monotonic();
      let reportedAt = started;
      // An estimate from the collection's metadata: the scan itself is what takes the time.
      const total = progress ? await alerts.estimatedDocumentCount().catch(() => undefined) : undefined;
      for await (const bytes of alertScan.open(alerts)) {
        const doc = BSON.deserialize(bytes) as AlertDoc;
        state.apply(headOf(doc), packBson(bytes, state.bulk), doc);
        const now = alertClocks.monotonic();
        if (progress && now - reportedAt >= progress.everyMs) {
          reportedAt = now;
          progress.report({ read: state.heads.length, total, ms: Math.round(now - started) });
        }
      }
    } finally {
      state.bulk = false;
      state.sortOrder();
    }
    const now = alertClocks.monotonic();
    const recent = await log.readAfter(Math.max(0, head.seq - LOOK_BACK, firstKept(head) - 1), LOOK_BACK);
    for (const e of recent) if ((state.heldSeq(e.alertId) ?? -1) < e._id) state.watch(e, now);
    return state;
  }
}

/** How long each phase of a load took (ms), for the start-up log line. */
class LoadPhases {
  readonly ms: Record<string, number> = {};

  add(name: string, ms: number): void {
    this.ms[name] = Math.round((this.ms[name] ?? 0) + ms);
  }

  async time<T>(name: string, work: Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work;
    } finally {
      this.add(name, performance.now() - started);
    }
  }
}

export interface SnapshotOptions {
  file: string;
  /** The database the copy belongs to: a snapshot of another one is never used. */
  database: string;
}

export interface AlertCopyOptions {
  /** How long a read waits for a rebuild beside the current copy before using the current one. */
  reloadWaitMs?: number;
}

/** Progress of a full scan of the store (a first start without a snapshot: minutes at 100,000 alerts). */
export interface LoadProgress {
  /** Reports at most this often. */
  everyMs: number;
  report(p: { read: number; total: number | undefined; ms: number }): void;
}

export class AlertCopy {
  private state: CopyState | null = null;
  private loading: Promise<CopyState> | null = null;
  private rebuilding: Promise<void> | null = null;
  /** A rebuild after the log was replaced is under way: the current copy must not serve. */
  private replacing = false;
  private running: { generation: number; promise: Promise<void> } | null = null;
  private runsStarted = 0;
  private syncedAt = 0;
  private dirty = true;
  private readonly reloadWaitMs: number;
  private snapshot: SnapshotOptions | null = null;
  private saving: Promise<boolean> | null = null;
  /** The snapshot being written again after a purge (forgetPurgedInSnapshot). */
  private rewriting: Promise<void> | null = null;
  /** The repair walk: where it goes on from, and how far it may go (the copy's position at the run before). */
  private repairWalk: { epoch: string; from: number; upTo: number } | null = null;
  /** Times the copy fell behind the log's compacted entries and was reloaded from the store. */
  resets = 0;
  /** Told of each such reload (the server logs it). */
  onReset: ((info: { position: number; firstKept: number }) => void) | undefined;
  /** How the first load went: from a snapshot plus the log since, or a scan of the store. */
  lastLoad: { source: 'snapshot' | 'store'; ms: number; phases: Record<string, number> } | null = null;

  constructor(
    /** The change log of its Puente, which it follows. */
    private readonly log: AlertChangeLog,
    /** The alerts' model on its Puente's store connection, which it loads and repairs from. */
    private readonly alerts: AlertModel,
    opts: AlertCopyOptions = {},
  ) {
    this.reloadWaitMs = opts.reloadWaitMs ?? RELOAD_WAIT_MS;
  }

  private progress: LoadProgress | undefined;

  /** Where a full scan reports how far it has got (the log at start-up). */
  reportLoadProgress(progress: LoadProgress | undefined): void {
    this.progress = progress;
  }

  /** Loads from (and saves to) this snapshot file; null: always scan the store. */
  useSnapshot(opts: SnapshotOptions | null): void {
    this.snapshot = opts;
  }

  /**
   * Writes the copy as it is now to the snapshot file (false if there is no copy or no file).
   * The alerts are taken at once, with their log position; serialising yields to other work.
   */
  saveSnapshot(): Promise<boolean> {
    this.saving ??= (async () => {
      const state = this.state;
      const target = this.snapshot;
      if (!state || !target || this.replacing) return false;
      const header = { database: target.database, epoch: state.epoch, position: state.position, pending: [...state.pending.values()] };
      // Taken in this tick, all of it: the copy goes on changing while the file is written.
      state.purgedSinceSave = false;
      const alerts = state.heads.map((head, slot) => ({ head, raw: state.raws[slot]! }));
      const index = encodeIndex(state, alerts.length);
      await writeSnapshot(target.file, header, alerts, index);
      return true;
    })().finally(() => (this.saving = null));
    return this.saving;
  }

  /**
   * A second look at the changes this copy has passed: an alert write that landed after the copy
   * gave up on its change (IN_FLIGHT_MS on this process's clock), or any other way the copy could
   * hold an alert at an earlier change than the log says, is taken from the store here. Each run
   * walks at most `limit` log entries, from where the last run stopped up to the copy's position
   * at the run before (so every change is looked at once more, a whole period after the copy
   * passed it), and reads by `_id` only the alerts held at an earlier change than an entry (none
   * when nothing was missed). Returns how many alerts it repaired.
   */
  async repair(limit = REPAIR_BATCH): Promise<number> {
    const state = this.state;
    if (!state || this.replacing) return 0;
    if (this.repairWalk?.epoch !== state.epoch)
      this.repairWalk = { epoch: state.epoch, from: Math.max(0, state.position - LOOK_BACK), upTo: state.position };
    const walk = this.repairWalk;
    const to = Math.min(walk.upTo, walk.from + limit);
    let repaired = 0;
    if (to > walk.from) {
      const entries = await this.log.readAfter(walk.from, to - walk.from).then(
        (read) => read.filter((e) => e._id <= to),
        (err: unknown) => {
          // Compacted: the walk goes on from what the log still holds (a copy that fell behind it was reloaded).
          if (!(err instanceof LogCompactedError)) throw err;
          walk.from = Math.max(walk.from, err.firstKept - 1);
          return null;
        },
      );
      if (!entries) return 0;
      const missed = new Set<string>();
      for (const e of entries) if (!state.pending.has(e._id) && (state.heldSeq(e.alertId) ?? -1) < e._id) missed.add(e.alertId);
      const docs = await mapBounded([...missed], REPAIR_READS_AT_ONCE, (id) => this.alerts.findById(id).lean<AlertDoc>());
      for (const doc of docs)
        if (doc && (doc.changeSeq ?? 0) > (state.heldSeq(String(doc._id)) ?? -1)) {
          state.applyDoc(doc);
          repaired++;
        }
      walk.from = to;
    }
    if (walk.from >= walk.upTo) walk.upTo = state.position;
    return repaired;
  }

  /** A change was logged by this process: the next read reads the log. */
  markDirty(): void {
    this.dirty = true;
  }

  /** This process stored an alert (with its changeSeq): take it without reading the store again. */
  applyStored(doc: AlertDoc): void {
    const state = this.state;
    if (!state) return;
    state.applyDoc(doc);
    if ((doc.changeSeq ?? 0) > state.position) state.ownApplied.add(doc.changeSeq);
    this.forgetPurgedInSnapshot();
  }

  /**
   * The snapshot file holds the same data as the copy: once an alert's personal data is purged
   * (retention) or a person erased or rectified in it (a data-subject request), the file is written again at once rather than at the next periodic save — after a
   * save under way, which may have taken the alerts before the purge.
   */
  private forgetPurgedInSnapshot(): void {
    if (!this.state?.purgedSinceSave || !this.snapshot || this.rewriting) return;
    this.rewriting = (async () => {
      try {
        // A save under way (the periodic one) may have taken the alerts before the purge: it is
        // waited for, and the file written again while a purge is still owed (a few rounds at most).
        for (let round = 0; round < 3 && this.state?.purgedSinceSave; round++) {
          await this.saving?.catch(() => false);
          if (this.state?.purgedSinceSave && !(await this.saveSnapshot())) break;
        }
      } catch (err) {
        this.bus?.emit('maintenance.failed', { task: 'alert_copy.snapshot_after_purge', err, details: {} });
      } finally {
        this.rewriting = null;
      }
    })();
  }

  /**
   * The epoch of the log this copy follows, from the moment it starts loading one: what the
   * catch-up cursors its Puente issues are positions in (catchUpCursors.ts).
   */
  issuingEpoch = '';
  private readonly noteEpoch = <S extends CopyState | null>(state: S): S => {
    if (state) this.issuingEpoch = state.epoch;
    return state;
  };
  /** A full load of the store for this copy's log, its epoch noted as it starts. */
  private readonly loadFromStore = (): Promise<CopyState> => CopyState.load(this.alerts, this.log, this.progress).then(this.noteEpoch);

  /** The event bus of the Puente this copy belongs to, while wired. */
  private bus: DomainEvents | null = null;
  private readonly onLogged = () => this.markDirty();
  private readonly onStored = ({ alert }: { alert: AlertDoc }) => this.applyStored(alert);

  /** Whether the copy follows its Puente's events: not before a start, nor after a stop. */
  get following(): boolean {
    return this.bus !== null;
  }

  /**
   * Follows its Puente's own changes (`alert.logged`, `alert.stored`) announced on `events` until
   * the returned function is called: the composition root wires it at start, nothing does on import.
   */
  wire(events: DomainEvents): () => void {
    if (this.bus) throw new Error('the alert copy already follows an event bus');
    this.bus = events;
    this.markDirty(); // changes logged while it was not wired went unheard
    events.on('alert.logged', this.onLogged);
    events.on('alert.stored', this.onStored);
    return () => {
      if (this.bus !== events) return;
      this.bus = null;
      events.off('alert.logged', this.onLogged);
      events.off('alert.stored', this.onStored);
    };
  }

  /** True once the copy can serve: its first full load has finished (tens of seconds at 100,000
   * alerts without a snapshot) and it is not being replaced after the log was. */
  get loaded(): boolean {
    return this.state !== null && !this.replacing;
  }

  /** Whether the first load has finished, waiting at most `waitMs` for it (without starting one). */
  async loadedWithin(waitMs: number): Promise<boolean> {
    if (this.state || !this.loading) return this.loaded;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs)));
    try {
      return await Promise.race([
        this.loading.then(
          () => true as const,
          () => false as const,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** True while a new copy is being built beside the one serving reads. */
  get isRebuilding(): boolean {
    return this.rebuilding !== null;
  }

  /**
   * Syncs, waiting at most `waitMs` for the first load (or for a reload after the log was replaced):
   * false if the copy cannot serve yet (the load goes on in the background). A failed load is
   * retried by the next call.
   */
  async syncWithin(waitMs: number, maxStaleMs = FRESH_MS): Promise<boolean> {
    const run = this.sync(maxStaleMs);
    // Still loading after the wait: the background run's failure is logged by whoever started it.
    run.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'waited'>((resolve) => (timer = setTimeout(() => resolve('waited'), waitMs)));
    try {
      if ((await Promise.race([run.then(() => 'synced' as const), timeout])) === 'synced') return true;
    } finally {
      clearTimeout(timer);
    }
    if (!this.loaded) return false;
    // A copy that can serve is only catching up: that is worth waiting for.
    await run;
    return true;
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

  /**
   * A snapshot if a usable one exists (an unreadable one is ignored: the store has everything), else
   * a scan. The log since is applied before serving; if the log has compacted what a snapshot (or a
   * scan that took very long) needs, the store is scanned again.
   */
  private async loadFirst(): Promise<CopyState> {
    const started = Date.now();
    const phases = new LoadPhases();
    const target = this.snapshot;
    const fromSnapshot = target
      ? await CopyState.fromSnapshot(this.alerts, this.log, target.file, target.database, phases).then(this.noteEpoch, () => null)
      : null;
    if (fromSnapshot && (await phases.time('log since', AlertCopy.upToDate(fromSnapshot)))) {
      this.lastLoad = { source: 'snapshot', ms: Date.now() - started, phases: phases.ms };
      return fromSnapshot;
    }
    for (let attempt = 1; ; attempt++) {
      const state = await phases.time('store scan', this.loadFromStore());
      if (await phases.time('log since', AlertCopy.upToDate(state, attempt < MAX_LOADS))) {
        this.lastLoad = { source: 'store', ms: Date.now() - started, phases: phases.ms };
        return state;
      }
    }
  }

  /** Applies the log up to its head (ready means up to date); false if the log compacted what
   * `state` needed (`orThrow` false: the error is thrown instead). */
  private static async upToDate(state: CopyState, orThrow = true): Promise<boolean> {
    try {
      while (await state.catchUp(alertClocks.monotonic()));
      return true;
    } catch (err) {
      if (err instanceof LogCompactedError && orThrow) return false;
      throw err;
    }
  }

  private firstLoad(): Promise<CopyState> {
    this.loading ??= this.loadFirst().then(
      (state) => (this.state = state),
      (err: unknown) => {
        this.loading = null; // let the next read try again rather than fail forever
        throw err;
      },
    );
    return this.loading;
  }

  /** Builds a new copy beside the current one, brings it up to date, and swaps it in. */
  private rebuild(): Promise<void> {
    this.rebuilding ??= (async () => {
      try {
        let next = await this.loadFromStore();
        for (let attempt = 1; !(await AlertCopy.upToDate(next, attempt < MAX_LOADS)); attempt++) next = await this.loadFromStore();
        this.state = next;
      } finally {
        this.rebuilding = null;
      }
    })();
    return this.rebuilding;
  }

  private async runOnce(): Promise<void> {
    let state = this.state ?? (await this.firstLoad());
    for (;;) {
      const head = await this.log.head();
      if (head.epoch !== state.epoch || head.seq < state.position) {
        const rebuilt = this.rebuild();
        // Data written around a log that goes on (seed-bulk): keep serving, and following the
        // log, from the current copy while the new one loads. A log that was replaced (a restore,
        // an emptied store) says nothing about the current copy: wait for the new one.
        const continues = head.previousEpoch === state.epoch && head.seq >= state.position;
        if (!continues) {
          this.replacing = true;
          try {
            await rebuilt;
          } finally {
            this.replacing = false;
          }
        } else {
          let timer: NodeJS.Timeout | undefined;
          await Promise.race([
            rebuilt.catch(() => undefined),
            new Promise((resolve) => (timer = setTimeout(resolve, this.reloadWaitMs))),
          ]).finally(() => clearTimeout(timer));
        }
        if (this.state !== state) {
          state = this.state!;
          continue;
        }
      }
      try {
        if (!(await state.catchUp(alertClocks.monotonic(), head))) return;
      } catch (err) {
        if (!(err instanceof LogCompactedError)) throw err;
        // The log no longer holds the changes this copy has not applied (it fell a whole ring
        // behind): nothing can be skipped, so the copy stops serving until one loaded from the
        // store replaces it, as after a restore.
        this.resets++;
        this.onReset?.({ position: state.position, firstKept: err.firstKept });
        this.replacing = true;
        try {
          await this.rebuild();
        } finally {
          this.replacing = false;
        }
        state = this.state!;
      }
    }
  }

  private startRun(): Promise<void> {
    const generation = ++this.runsStarted;
    const promise = (async () => {
      try {
        const started = Date.now();
        this.dirty = false; // a change logged while this runs marks it again
        await this.runOnce();
        this.syncedAt = started;
        this.forgetPurgedInSnapshot();
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
   * Heads of the alerts newest first (creation time, then id, descending), starting strictly after
   * `after` when given. Synchronous: call right after `sync`; decode the ones shown with `get`.
   */
  *newestFirst(after?: OrderEntry): Generator<AlertHead> {
    const state = this.state;
    if (!state) return;
    for (let i = after ? state.lowerBound(after) - 1 : state.order.length - 1; i >= 0; i--) yield state.heads[state.order[i]!]!;
  }

  /** The alerts carrying `key` with the field class it comes from; empty if none. */
  holders(key: string): Holders {
    return new Holders(this.state, this.state?.postings.get(key));
  }

  /** What lists filter on and access is decided by, without decoding the alert. */
  head(id: string): AlertHead | null {
    return this.state?.head(id) ?? null;
  }

  /**
   * Whether a logged change of this alert is still pending here: its write had not landed when the
   * copy last looked, so the copy may hold an older version, or none, until it looks again.
   */
  awaitsWrite(id: string): boolean {
    for (const entry of this.state?.pending.values() ?? []) if (entry.alertId === id) return true;
    return false;
  }

  /** Whether this copy still waits for the alert write of logged change `seq` (it has not given up
   * on it): what alerts:since and the match worker keep pending, instead of judging a date. */
  awaitsChange(seq: number): boolean {
    return this.state?.pending.has(seq) ?? false;
  }

  /** The last log position the copy has applied (0 before it is loaded). */
  get position(): number {
    return this.state?.position ?? 0;
  }

  /** Changes whose alert write this copy still waits for, in log order. */
  pendingChanges(): AlertChangeDoc[] {
    return [...(this.state?.pending.values() ?? [])].sort((x, y) => x._id - y._id);
  }

  /** Ids and positions of the alerts held at a change after `seq`, oldest change first. */
  changedAfter(seq: number): Array<{ id: string; changeSeq: number }> {
    const changed: Array<{ id: string; changeSeq: number }> = [];
    for (const h of this.state?.heads ?? []) if (h.changeSeq > seq) changed.push({ id: h.id, changeSeq: h.changeSeq });
    return changed.sort((x, y) => x.changeSeq - y.changeSeq);
  }

  /** The whole alert, decoded: a new object on every call. */
  get(id: string): AlertDoc | null {
    return this.state?.get(id) ?? null;
  }

  /** How many alerts are held, their kept bytes, and the memory those hold (CopyState.footprint). */
  footprint(): { alerts: number; bytes: number; keptBytes: number } {
    return this.state?.footprint() ?? { alerts: 0, bytes: 0, keptBytes: 0 };
  }
}
