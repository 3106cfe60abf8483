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
 * the whole log (15 µs an entry: 1.5 s at 100,000). A segmented log keeps entry N in collection
 * `<name>_s<N / segmentSize>`, so a read near the head scans one or two small collections. Entries
 * written before a log became segmented stay in `<name>` (its head records `segmentedFrom`).
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { mapBounded } from './boundedReads.js';
import { readCounterDoc } from './counterReads.js';
import { assertLockHeld, withDocLock } from './docLock.js';
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
}

interface HeadDoc {
  _id: string;
  seq: number;
  hash: string;
  epoch?: string;
  previousEpoch?: string;
  /** First entry kept in segments (segmented logs); earlier ones are in the log's own collection. */
  segmentedFrom?: number;
}

export interface SequencedLogOptions {
  /** Entries per segment collection; absent: one collection. */
  segmentSize?: number;
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

  constructor(
    private readonly collectionName: string,
    private readonly headId: string,
    /** The head's `link` after entry `e` (e.g. e.hash). */
    private readonly linkOf: (e: E) => string,
    private readonly emptyLink = '',
    private readonly options: SequencedLogOptions = {},
  ) {}

  /** What a new head records besides its sequence: a segmented log segments from its first entry. */
  private newLogFields(): Pick<HeadDoc, 'segmentedFrom'> {
    return this.options.segmentSize ? { segmentedFrom: 1 } : {};
  }

  /** The collection holding entry `seq`. */
  private collectionOf(seq: number, segmentedFrom: number) {
    const size = this.options.segmentSize;
    const name = size && seq >= segmentedFrom ? `${this.collectionName}_s${Math.floor(seq / size)}` : this.collectionName;
    return mongoose.connection.collection<E>(name);
  }

  /**
   * Where segments start, from the head just read: 1 for a new log (its first head records it), the
   * recorded value, or — for a log written before this version — its next entry, recorded once
   * under a lock. (All processes of a deployment must run a version that segments: stop the old
   * ones to upgrade.)
   */
  private async segmentStart(head: LogHead): Promise<number> {
    if (!this.options.segmentSize) return Number.POSITIVE_INFINITY;
    if (head.segmentedFrom !== undefined) return head.segmentedFrom;
    if (!head.epoch) return 1;
    return withDocLock(this.headLockKey(), async () => {
      const now = await this.heads().findOne({ _id: this.headId });
      if (now?.segmentedFrom !== undefined) return now.segmentedFrom;
      const from = (now?.seq ?? 0) + 1;
      await assertLockHeld();
      await this.heads().updateOne({ _id: this.headId, segmentedFrom: { $exists: false } } as never, { $set: { segmentedFrom: from } });
      return (await this.heads().findOne({ _id: this.headId }))?.segmentedFrom ?? from;
    });
  }

  private heads() {
    return mongoose.connection.collection<HeadDoc>('counters');
  }

  entries() {
    return mongoose.connection.collection<E>(this.collectionName);
  }

  /** The head, once it has advanced past this process's stored entries (a process reads its own writes). */
  async head(): Promise<LogHead> {
    await this.advancing;
    return this.readHead();
  }

  private async readHead(): Promise<LogHead> {
    const h = await readCounterDoc<HeadDoc>(this.headId);
    return h
      ? { seq: h.seq, link: h.hash, epoch: h.epoch ?? '', previousEpoch: h.previousEpoch ?? '', segmentedFrom: h.segmentedFrom }
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

  /** Moves the head from `fromSeq` to `toSeq` if it is still at `fromSeq` (never backwards). */
  private advance(fromSeq: number, toSeq: number, link: string): Promise<void> {
    return withDocLock(this.headLockKey(), async () => {
      const now = await this.heads().findOne({ _id: this.headId });
      if (!now) {
        if (fromSeq !== 0) return;
        await assertLockHeld();
        await this.heads()
          .insertOne({ _id: this.headId, seq: toSeq, hash: link, epoch: randomUUID(), ...this.newLogFields() })
          .catch((err: unknown) => {
            if (!isDuplicateKeyError(err)) throw err;
          });
        return;
      }
      if (now.seq !== fromSeq || toSeq <= fromSeq) return;
      await assertLockHeld();
      await this.heads().updateOne({ _id: this.headId, seq: fromSeq }, { $set: { seq: toSeq, hash: link } });
    });
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
      const segmentedFrom = await this.segmentStart(head);
      const into = this.collectionOf(entry._id, segmentedFrom);
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
      if (inserted && guess && !continuesFrom(current, guess)) {
        await into.deleteOne({ _id: entry._id } as never);
        guess = null;
        continue;
      }
      if (inserted) {
        const link = this.linkOf(entry);
        const advanced = this.advance(head.seq, entry._id, link).then(
          () => {
            // A log's first head gets its epoch from this advance: read it next time instead.
            if (head.seq > 0)
              this.ownHead = {
                seq: entry._id,
                link,
                epoch: current.epoch,
                previousEpoch: current.previousEpoch,
                segmentedFrom: Number.isFinite(segmentedFrom) ? segmentedFrom : undefined,
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
      if (winner) await this.advance(head.seq, entry._id, this.linkOf(winner));
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
    await withDocLock(this.headLockKey(), async () => {
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

  /**
   * Entries after `afterSeq` up to the head, at most `limit`, in order. One range query rather than
   * one look-up per entry: on the embedded store even `_id` look-ups scan, and numeric ones are
   * not pushed down at all (docs/store-concurrency.md).
   */
  async readAfter(afterSeq: number, limit: number, readsAtOnce = Infinity): Promise<E[]> {
    const head = await this.head();
    if (head.seq <= afterSeq) return [];
    // Gap-free: the entries wanted are exactly afterSeq + 1 … upTo.
    const upTo = Math.min(head.seq, afterSeq + limit);
    const size = this.options.segmentSize;
    const segmentedFrom = await this.segmentStart(head);
    const ranges: Array<{ from: number; to: number }> = [];
    if (afterSeq + 1 < segmentedFrom) ranges.push({ from: afterSeq + 1, to: Math.min(upTo, segmentedFrom - 1) });
    for (let from = Math.max(afterSeq + 1, segmentedFrom); from <= upTo;) {
      const to = size ? Math.min(upTo, (Math.floor(from / size) + 1) * size - 1) : upTo;
      ranges.push({ from, to });
      from = to + 1;
    }
    const parts = await mapBounded(ranges, readsAtOnce, ({ from, to }) =>
      logReads.range<E>(this.collectionOf(from, segmentedFrom), from, to),
    );
    return parts.flat().sort((x, y) => x._id - y._id);
  }
}
