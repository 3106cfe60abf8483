/**
 * A gap-free, totally ordered log without transactions, safe with several processes.
 *
 * A head document (in `counters`) holds the last sequence number and a value derived from the
 * last entry (e.g. its hash). An append reads the head, inserts entry `head.seq + 1` under that
 * `_id` (so only one writer can win a number), then advances the head. A writer that loses the
 * race advances the head to the winner's entry and tries again; a process that died between
 * insert and head update is repaired the same way. Entry N+1 is only ever written after entry N
 * exists, so a reader that sees the head at N sees every entry up to N.
 *
 * **Fast path**: a process that made the last entry itself knows the head, so its next append
 * writes at once and reads the head beside the write only to check that the log was not emptied
 * or restored meanwhile (if it was, the entry is taken back before the head can reach it). The
 * caller has its entry after that one round trip; the head's advance follows behind it, before
 * this process's next append or head read (test/integration/logAppend.test.ts).
 *
 * **Segments** (optional): on the embedded store every query on a collection scans all of it, even
 * a range of `_id`s (docs/store-concurrency.md), so reading the newest entries of a long log costs
 * the whole log (15 µs an entry: 1.5 s at 100,000). A segmented log keeps entry N in segment
 * `N / segmentSize`, so a read near the head scans one or two small collections.
 *
 * **Ring** (optional, with segments): segment k lives in collection `<name>_r<k mod ringSegments>`,
 * so the log never has more than `ringSegments` collections (one per segment made a collection per
 * 256 changes: thousands a year on MongoDB or PostgreSQL). When the head enters segment k, the
 * segments before `k - ringSegments + 1` are compacted: the head records `compactedBelow` first,
 * then their entries are deleted. A reader asking for an entry below it gets `LogCompactedError`
 * (it must reload what it follows from the store), never a silent skip: a read that comes back
 * with an entry missing (compacted while it ran) throws the same. Entries written before the ring
 * stay in `<name>` (before `segmentedFrom`) and `<name>_s<k>` (before `ringFrom`) and are dropped
 * as the ring's compaction passes them.
 */
import { randomUUID } from 'node:crypto';
import type mongoose from 'mongoose';
import { mapBounded } from './boundedReads.js';
import { readCounterDoc } from './counterReads.js';
import { assertLockHeld, withDocLock } from './docLock.js';
import type { Store } from './store.js';
import { runUnbounded } from './writeDeadline.js';
import { Turns } from './turns.js';
import { isDuplicateKeyError } from './duplicateKey.js';

export interface LogHead {
  seq: number;
  /** Random id given to the head when the log starts: a changed epoch means a new (restored or emptied) log. */
  epoch: string;
  /** The epoch this one renewed (renewEpoch): the log goes on from it, only the data was written around it. */
  previousEpoch: string;
  /** Whatever the log chains on (the audit trail's last hash); empty when unused. */
  link: string;
  /** Segmented logs: the first entry kept in segments (absent on a head written before). */
  segmentedFrom?: number;
  /** Ring logs: the first entry kept in the ring's collections (absent on a head written before). */
  ringFrom?: number;
  /** Ring logs: entries below this have been (or are being) deleted; absent while none are. */
  compactedBelow?: number;
  /** A log restored from a backup: the epoch the backup was taken in and the last entry it holds.
   * Up to that entry the restored log is the same as that epoch's; after it, that epoch's entries
   * were lost with whatever followed the backup (docs/operations.md "Backup and restore"). */
  restoredFrom?: RestoredFrom;
}

export interface RestoredFrom {
  epoch: string;
  seq: number;
}

/** The head document as stored, which a backup records and a restore writes back (backup.ts). */
export type HeadRecord = HeadDoc;

interface HeadDoc {
  _id: string;
  seq: number;
  hash: string;
  epoch?: string;
  previousEpoch?: string;
  /** First entry kept in segments (segmented logs); earlier ones are in the log's own collection. */
  segmentedFrom?: number;
  /** First entry kept in the ring (ring logs); earlier segmented ones are in `<name>_s<k>`. */
  ringFrom?: number;
  /** Entries below it are compacted (ring logs). Only ever raised, under the head's lock. */
  compactedBelow?: number;
  restoredFrom?: RestoredFrom;
}

/** Where a log's entries are, from its head: before `segmentedFrom` in the log's own collection,
 * then in `_s<k>` segments before `ringFrom`, then in the ring (Infinity: not used). */
interface Layout {
  segmentedFrom: number;
  ringFrom: number;
}

/** The first entry a reader can still read: entries below it were compacted. */
export function firstKept(head: Pick<LogHead, 'compactedBelow'>): number {
  return Math.max(1, head.compactedBelow ?? 0);
}

/**
 * A reader asked for entries the log no longer holds (compacted by the ring, docs/architecture.md).
 * What it follows must be reloaded from the store; `firstKept` is where the log can be followed
 * again from.
 */
export class LogCompactedError extends Error {
  constructor(
    readonly log: string,
    readonly firstKept: number,
  ) {
    super(`${log}: entries before ${firstKept} were compacted`);
    this.name = 'LogCompactedError';
  }
}

export interface SequencedLogOptions {
  /** Entries per segment collection; absent: one collection. */
  segmentSize?: number;
  /** Segment collections reused in turn (with segmentSize); absent: a new collection per segment. */
  ringSegments?: number;
}

export interface SequencedEntry {
  _id: number;
}

/** Whether `current` (read now) still continues `expected` (a head read or written earlier). */
function continuesFrom(current: LogHead, expected: LogHead): boolean {
  return current.seq >= expected.seq && (current.epoch === expected.epoch || current.previousEpoch === expected.epoch);
}

/** The log's range reads, a seam so tests can count them and how many run at once. */
export const logReads = {
  range: <E extends SequencedEntry>(collection: mongoose.Collection<E>, from: number, to: number): Promise<E[]> =>
    collection.find({ _id: { $gte: from, $lte: to } } as never).toArray() as unknown as Promise<E[]>,
};

export class SequencedLog<E extends SequencedEntry> {
  /** This process's appends and their heads' advances, one at a time. */
  private readonly appends = new Turns();
  /** The advance of the head past this process's last stored entry. */
  private advancing: Promise<void> = Promise.resolve();
  /** The head as this process's last append left it; a guess, checked on the next append. */
  private ownHead: LogHead | null = null;
  /** The advances of the head past this process's entries that have not settled yet, by entry. */
  private readonly advances = new Map<number, Promise<void>>();
  /** This process's last compaction (deleting entries below `compactedBelow`), for tests and shutdown. */
  private compacting: Promise<void> = Promise.resolve();

  constructor(
    /** The store the log is kept in (its Puente's connection). */
    private readonly store: Store,
    private readonly collectionName: string,
    /** The head's document in `counters`. */
    readonly headId: string,
    /** The head's `link` after entry `e` (e.g. e.hash). */
    private readonly linkOf: (e: E) => string,
    private readonly emptyLink = '',
    private options: SequencedLogOptions = {},
  ) {}

  /**
   * Sets the segment size and ring (tests and benchmarks, on an empty store: an existing log's
   * entries are where its geometry put them, so it must never change under a log).
   */
  useGeometry(options: SequencedLogOptions): void {
    this.options = options;
    this.ownHead = null;
  }

  /** What a new head records besides its sequence: a segmented log segments (and rings) from its first entry. */
  private newLogFields(): Pick<HeadDoc, 'segmentedFrom' | 'ringFrom'> {
    if (!this.options.segmentSize) return {};
    return this.options.ringSegments ? { segmentedFrom: 1, ringFrom: 1 } : { segmentedFrom: 1 };
  }

  private segmentName(segment: number, layout: Layout, seq: number): string {
    const ring = this.options.ringSegments;
    return ring && seq >= layout.ringFrom ? `${this.collectionName}_r${segment % ring}` : `${this.collectionName}_s${segment}`;
  }

  /** The collection holding entry `seq`. */
  private collectionOf(seq: number, layout: Layout) {
    const size = this.options.segmentSize;
    const name = size && seq >= layout.segmentedFrom ? this.segmentName(Math.floor(seq / size), layout, seq) : this.collectionName;
    return this.store.collection<E>(name);
  }

  /** Entries `from`…`upTo` as ranges that each lie in one collection. */
  private rangesOf(from: number, upTo: number, layout: Layout): Array<{ from: number; to: number }> {
    const size = this.options.segmentSize;
    const ranges: Array<{ from: number; to: number }> = [];
    while (from <= upTo) {
      let to = upTo;
      if (from < layout.segmentedFrom) to = Math.min(to, layout.segmentedFrom - 1);
      else if (size) {
        to = Math.min(to, (Math.floor(from / size) + 1) * size - 1);
        if (from < layout.ringFrom) to = Math.min(to, layout.ringFrom - 1);
      }
      ranges.push({ from, to });
      from = to + 1;
    }
    return ranges;
  }

  /**
   * Where segments (and the ring) start, from the head just read: 1 for a new log (its first head
   * records it), the recorded values, or — for a log written before this version — its next entry,
   * recorded once under a lock. (All processes of a deployment must run a version that segments
   * and rings: stop the old ones to upgrade.)
   */
  private async layout(head: LogHead): Promise<Layout> {
    const { segmentSize, ringSegments } = this.options;
    if (!segmentSize) return { segmentedFrom: Infinity, ringFrom: Infinity };
    const ringOf = (h: Pick<LogHead, 'ringFrom'>) => (ringSegments ? h.ringFrom : Infinity);
    const known = (h: Pick<LogHead, 'segmentedFrom' | 'ringFrom'>): Layout | null => {
      const ringFrom = ringOf(h);
      return h.segmentedFrom !== undefined && ringFrom !== undefined ? { segmentedFrom: h.segmentedFrom, ringFrom } : null;
    };
    const recorded = known(head);
    if (recorded) return recorded;
    if (!head.epoch) return { segmentedFrom: 1, ringFrom: ringSegments ? 1 : Infinity };
    return withDocLock(this.store, this.headLockKey(), async () => {
      const now = await this.heads().findOne({ _id: this.headId });
      const already = now && known(now);
      if (already) return already;
      const next = (now?.seq ?? 0) + 1;
      const fields: Pick<HeadDoc, 'segmentedFrom' | 'ringFrom'> = { segmentedFrom: now?.segmentedFrom ?? next };
      if (ringSegments) fields.ringFrom = now?.ringFrom ?? next;
      await assertLockHeld();
      await this.heads().updateOne({ _id: this.headId }, { $set: fields });
      const after = await this.heads().findOne({ _id: this.headId });
      return (after && known(after)) ?? { segmentedFrom: fields.segmentedFrom!, ringFrom: fields.ringFrom ?? Infinity };
    });
  }

  /** Ring logs: what `compactedBelow` must be once the head is at `seq` (0: nothing to compact). */
  private compactionFor(seq: number): number {
    const { segmentSize, ringSegments } = this.options;
    if (!segmentSize || !ringSegments) return 0;
    return Math.max(0, (Math.floor(seq / segmentSize) - ringSegments + 1) * segmentSize);
  }

  /**
   * Deletes what the ring no longer holds once `compactedBelow` is recorded: entries below it in
   * the ring collection the head has just entered (it held the segment `ringSegments` before), and
   * the collections of a log written before the ring whose entries are all below it. Runs behind
   * the appends (nothing depends on it but the store's footprint); a run that fails or dies leaves
   * entries a later one deletes (the next compaction of that collection, or the next one at all for
   * the old collections), and readers never see them (their ranges are by position).
   */
  private async compact(below: number, headSeq: number, layout: Layout): Promise<void> {
    const size = this.options.segmentSize!;
    const ring = this.options.ringSegments!;
    if (headSeq >= layout.ringFrom) {
      const slot = `${this.collectionName}_r${Math.floor(headSeq / size) % ring}`;
      await this.store.collection(slot).deleteMany({ _id: { $lt: below } } as never);
    }
    if (layout.segmentedFrom <= 1 && layout.ringFrom <= 1) return;
    const names = (await this.store.connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const old = new RegExp(`^${this.collectionName}_s(\\d+)$`);
    for (const name of names) {
      const segment = old.exec(name)?.[1];
      if (segment !== undefined && (Number(segment) + 1) * size <= below) await this.store.collection(name).drop();
    }
    if (layout.segmentedFrom > 1 && names.includes(this.collectionName)) {
      const plain = this.store.collection(this.collectionName);
      if (layout.segmentedFrom <= below) await plain.drop();
      else await plain.deleteMany({ _id: { $lt: below } } as never);
    }
  }

  /** Resolves once this process's compactions so far have finished (or failed: a later one catches up). */
  compacted(): Promise<void> {
    return this.compacting;
  }

  private heads() {
    return this.store.collection<HeadDoc>('counters');
  }

  entries() {
    return this.store.collection<E>(this.collectionName);
  }

  /** The head, once it has advanced past this process's stored entries (a process reads its own writes). */
  async head(): Promise<LogHead> {
    await this.advancing;
    return this.readHead();
  }

  private async readHead(): Promise<LogHead> {
    return this.asLogHead(await readCounterDoc<HeadDoc>(this.store, this.headId));
  }

  private asLogHead(h: HeadDoc | null): LogHead {
    return h
      ? {
          seq: h.seq,
          link: h.hash,
          epoch: h.epoch ?? '',
          previousEpoch: h.previousEpoch ?? '',
          segmentedFrom: h.segmentedFrom,
          ringFrom: h.ringFrom,
          compactedBelow: h.compactedBelow,
          ...(h.restoredFrom ? { restoredFrom: h.restoredFrom } : {}),
        }
      : { seq: 0, link: this.emptyLink, epoch: '', previousEpoch: '' };
  }

  /**
   * Every write of the head runs under this lock, as read → check → write: FerretDB applies an
   * update (even a conditional one) as read → modify → write back without isolation, so two
   * unguarded writers could put back a head read before the other's write — a head moving
   * backwards, or a renewed epoch undone (docs/store-concurrency.md).
   */
  private headLockKey(): string {
    return `log:${this.headId}:head`;
  }

  /**
   * Moves the head from `fromSeq` to `toSeq` if it is still at `fromSeq` (never backwards). On a
   * ring log, entering a segment raises `compactedBelow` in the same write, and the entries below
   * it are then deleted behind it (`compact`).
   */
  private advance(fromSeq: number, toSeq: number, link: string, layout: Layout): Promise<void> {
    // Every later append and reader depends on the head's advance: it must not stop with the
    // deadline of the request whose append it follows (writeDeadline.ts).
    return runUnbounded(() =>
      withDocLock(this.store, this.headLockKey(), async () => {
        // The lock's token is checked beside the head's read, not after it: each append waits for
        // the previous advance, so each round trip here is one on every append's path (the audit
        // trail's: docs/benchmarks.md, "search"). The check still precedes the write.
        const checked = assertLockHeld();
        checked.catch(() => undefined); // awaited below; the read failing first must not leave it unhandled
        const now = await this.heads().findOne({ _id: this.headId });
        await checked;
        if (!now) {
          if (fromSeq !== 0) return 0;
          await this.heads()
            .insertOne({ _id: this.headId, seq: toSeq, hash: link, epoch: randomUUID(), ...this.newLogFields() })
            .catch((err: unknown) => {
              if (!isDuplicateKeyError(err)) throw err;
            });
          return 0;
        }
        if (now.seq !== fromSeq || toSeq <= fromSeq) return 0;
        const below = this.compactionFor(toSeq);
        const raise = below > (now.compactedBelow ?? 0);
        await this.heads().updateOne(
          { _id: this.headId, seq: fromSeq },
          { $set: { seq: toSeq, hash: link, ...(raise ? { compactedBelow: below } : {}) } },
        );
        return raise ? below : 0;
      }).then((below) => {
        // Behind the caller and this process's next append: a compaction that fails is finished by a later one.
        if (below) this.compacting = this.compacting.then(() => this.compact(below, toSeq, layout)).catch(() => undefined);
      }),
    );
  }

  /**
   * One append. With a head this process left (its own last append), the entry is written at once
   * and the head read beside it; the read then shows whether that head still held (the log was not
   * emptied or restored meanwhile: its sequence is not behind, its epoch is the same or renewed from
   * it). If not, the entry is taken back — no reader can have seen it, as the head never reached
   * it — and the append goes the long way: read the head, then write. A lost number (another
   * process appended) is retried from the head read beside it, so a guess costs no extra round trip.
   */
  private async appendNow(build: (head: LogHead) => E): Promise<{ entry: E; advanced: Promise<void> }> {
    let guess = this.ownHead;
    this.ownHead = null;
    let known: LogHead | null = null;
    for (let attempt = 0; attempt < 1000; attempt++) {
      const headRead: Promise<LogHead> = known ? Promise.resolve(known) : this.readHead();
      // Awaited below; a failure of the write first must not leave it unhandled.
      headRead.catch(() => undefined);
      const head = guess ?? (await headRead);
      const entry = build(head);
      const layout = await this.layout(head);
      const into = this.collectionOf(entry._id, layout);
      // The driver's typing cannot relate E to OptionalUnlessRequiredId<E>; E always carries its numeric _id.
      const inserted = await into.insertOne(entry as Parameters<ReturnType<SequencedLog<E>['entries']>['insertOne']>[0]).then(
        () => true,
        (err: unknown) => {
          if (!isDuplicateKeyError(err)) throw err;
          return false;
        },
      );
      const current: LogHead = await headRead;
      known = null;
      // An insert that landed below the compacted entries (a writer that stalled while the ring
      // went round, its number already deleted there) is no entry of the log: take it back.
      const compactedPast = inserted && entry._id < firstKept(current);
      if (inserted && ((guess && !continuesFrom(current, guess)) || compactedPast)) {
        await into.deleteOne({ _id: entry._id } as never);
        guess = null;
        if (compactedPast) known = current;
        continue;
      }
      if (inserted) {
        const link = this.linkOf(entry);
        const advanced = this.advance(head.seq, entry._id, link, layout).then(
          () => {
            // A log's first head gets its epoch from this advance: read it next time instead.
            if (head.seq > 0)
              this.ownHead = {
                seq: entry._id,
                link,
                epoch: current.epoch,
                previousEpoch: current.previousEpoch,
                segmentedFrom: Number.isFinite(layout.segmentedFrom) ? layout.segmentedFrom : undefined,
                ringFrom: Number.isFinite(layout.ringFrom) ? layout.ringFrom : undefined,
                compactedBelow: Math.max(current.compactedBelow ?? 0, this.compactionFor(entry._id)) || undefined,
              };
          },
          // Left behind, the head is repaired by the next append (of any process) that meets this entry.
          () => undefined,
        );
        return { entry, advanced };
      }
      const guessed = guess !== null;
      guess = null;
      if (current.seq > head.seq || (guessed && !continuesFrom(current, head))) {
        known = current;
        continue;
      }
      // Usually the winner moves the head within milliseconds; reading its entry by a numeric
      // `_id` is a full scan on the embedded store, so only do it if the head stays behind
      // (the winner died between its insert and the head update).
      if (await this.headMovesPast(head.seq)) continue;
      const winner = (await into.findOne({ _id: entry._id } as never)) as E | null;
      if (winner) await this.advance(head.seq, entry._id, this.linkOf(winner), layout);
    }
    throw new Error(`append to ${this.collectionName} did not settle`);
  }

  private async headMovesPast(seq: number): Promise<boolean> {
    for (let i = 0; i < 5; i++) {
      if ((await this.readHead()).seq > seq) return true;
      await new Promise((r) => setTimeout(r, 2 * (i + 1)));
    }
    return false;
  }

  /**
   * Gives the log a new epoch, keeping its sequence, and records the epoch it continues: followers
   * that compare epochs (the alert copy) load the store again, and may keep following the log
   * meanwhile. For writes made around the log, such as a bulk import.
   */
  async renewEpoch(): Promise<void> {
    await this.advancing;
    await withDocLock(this.store, this.headLockKey(), async () => {
      const now = await this.heads().findOne({ _id: this.headId });
      await assertLockHeld();
      if (now) {
        await this.heads().updateOne({ _id: this.headId }, { $set: { epoch: randomUUID(), previousEpoch: now.epoch ?? '' } });
        return;
      }
      // Under the lock no other head write runs; a head made meanwhile by a process without it
      // (an older version) makes this insert fail, and the renewal is retried by its caller.
      await this.heads().insertOne({
        _id: this.headId,
        seq: 0,
        hash: this.emptyLink,
        epoch: randomUUID(),
        previousEpoch: '',
        ...this.newLogFields(),
      });
    });
  }

  /**
   * Appends the entry `build` makes for the current head (its `_id` must be head.seq + 1). Resolves
   * once the entry is stored; the head's advance follows, before this process's next append or
   * head read.
   */
  append(build: (head: LogHead) => E): Promise<E> {
    const run = this.appends.take(
      this.headId,
      () => this.appendNow(build),
      (r) => r?.advanced,
    );
    return run.then((r) => {
      this.advancing = r.advanced;
      const seq = r.entry._id;
      this.advances.set(seq, r.advanced);
      void r.advanced.then(() => this.advances.delete(seq));
      return r.entry;
    });
  }

  /**
   * Resolves once the head has moved past this process's entry `seq` (at once if it has, or if the
   * entry is not this process's), so that every process reading the head sees the entry. What is
   * announced to other processes waits for this: they answer from the log, up to its head. (A
   * failed advance also settles it: the next append repairs the head.)
   */
  headPassed(seq: number): Promise<void> {
    return this.advances.get(seq) ?? Promise.resolve();
  }

  /** Whether collection `name` holds entries of this log (its own, a segment's or a ring slot's). */
  holdsCollection(name: string): boolean {
    return name === this.collectionName || new RegExp(`^${this.collectionName}_[sr]\\d+$`).test(name);
  }

  /** The head document as stored (null: the log has no head yet), for a backup. */
  async recordedHead(): Promise<HeadRecord | null> {
    await this.advancing;
    return this.heads().findOne({ _id: this.headId });
  }

  /**
   * The head once it has reached `seq` (a backup that copied an alert stored with change `seq`:
   * the append returns before the head's advance, docs/store-concurrency.md), read again every
   * 50 ms for at most `waitMs`; then the head as it is, which a caller checks.
   */
  async headReaching(seq: number, waitMs: number): Promise<HeadRecord | null> {
    const until = Date.now() + waitMs;
    for (;;) {
      const head = await this.recordedHead();
      if ((head?.seq ?? 0) >= seq || Date.now() >= until) return head;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /**
   * The head to record for a copy that holds entries up to `seq`: the head once it has reached
   * `seq` (headReaching); if it stays behind — a writer stopped between its entry and the head's
   * advance, which only the next append repairs — the head those stored entries make, computed
   * here and not written. Throws if an entry up to `seq` is not stored.
   */
  async headCovering(seq: number, waitMs: number): Promise<HeadRecord | null> {
    const head = await this.headReaching(seq, waitMs);
    if (!head || head.seq >= seq) return head;
    const layout = await this.layout(this.asLogHead(head));
    const parts = await mapBounded(this.rangesOf(head.seq + 1, seq, layout), 2, ({ from, to }) =>
      logReads.range<E>(this.collectionOf(from, layout), from, to),
    );
    const entries = parts.flat().sort((x, y) => x._id - y._id);
    if (entries.length !== seq - head.seq)
      throw new Error(`${this.collectionName}: entries ${head.seq + 1} to ${seq} are not all stored (the head is at ${head.seq})`);
    const below = Math.max(head.compactedBelow ?? 0, this.compactionFor(seq));
    return { ...head, seq, hash: this.linkOf(entries[entries.length - 1]!), ...(below ? { compactedBelow: below } : {}) };
  }

  /**
   * Writes the head a backup recorded into a store that has none (a restore), as a new log: a new
   * epoch, so that every follower reloads what it follows and no snapshot of the old log is used,
   * and `restoredFrom`, so that a position issued in the backup's epoch is known to be valid only
   * up to the backup's last entry. Refused (duplicate key) when the store already has a head.
   */
  async restoreHead(recorded: HeadRecord): Promise<void> {
    const { _id: _ignored, epoch, previousEpoch: _previous, restoredFrom: _earlier, ...kept } = recorded;
    await this.heads().insertOne({
      ...kept,
      _id: this.headId,
      epoch: randomUUID(),
      previousEpoch: '',
      restoredFrom: { epoch: epoch ?? '', seq: recorded.seq },
    });
    this.ownHead = null;
  }

  /**
   * Entries after `afterSeq` up to the head, at most `limit`, in order. One range query per
   * collection rather than one look-up per entry: on the embedded store even `_id` look-ups scan,
   * and numeric ones are not pushed down at all (docs/store-concurrency.md). Throws
   * `LogCompactedError` when entries after `afterSeq` are no longer held (the ring compacted them,
   * before or while they were read): the log is gap-free up to its head, so an entry missing from
   * the answer is never skipped silently.
   */
  async readAfter(afterSeq: number, limit: number, readsAtOnce = Infinity): Promise<E[]> {
    const head = await this.head();
    if (head.seq <= afterSeq) return [];
    if (afterSeq + 1 < firstKept(head)) throw new LogCompactedError(this.collectionName, firstKept(head));
    // Gap-free: the entries wanted are exactly afterSeq + 1 … upTo.
    const upTo = Math.min(head.seq, afterSeq + limit);
    const layout = await this.layout(head);
    const parts = await mapBounded(this.rangesOf(afterSeq + 1, upTo, layout), readsAtOnce, ({ from, to }) =>
      logReads.range<E>(this.collectionOf(from, layout), from, to),
    );
    const entries = parts.flat().sort((x, y) => x._id - y._id);
    if (entries.length === upTo - afterSeq && entries.every((e, i) => e._id === afterSeq + 1 + i)) return entries;
    // Something was deleted while it was read: the ring compacted past it (or the store lost it).
    let lastMissing = afterSeq;
    for (let seq = afterSeq + 1, i = 0; seq <= upTo; seq++) {
      if (entries[i]?._id === seq) i++;
      else lastMissing = seq;
    }
    const now = await this.readHead();
    throw new LogCompactedError(this.collectionName, Math.max(firstKept(now), lastMissing + 1));
  }
}
