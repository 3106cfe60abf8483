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
 * **Segments** (optional): on the embedded store every query on a collection scans all of it, even
 * a range of `_id`s (docs/store-concurrency.md), so reading the newest entries of a long log costs
 * the whole log (15 µs an entry: 1.5 s at 100,000). A segmented log keeps entry N in collection
 * `<name>_s<N / segmentSize>`, so a read near the head scans one or two small collections. Entries
 * written before a log became segmented stay in `<name>` (its head records `segmentedFrom`).
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { withDocLock } from './docLock.js';

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

export class SequencedLog<E extends SequencedEntry> {
  private queue: Promise<unknown> = Promise.resolve();

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
    return withDocLock(`log:${this.collectionName}:segments`, async () => {
      const now = await this.heads().findOne({ _id: this.headId });
      if (now?.segmentedFrom !== undefined) return now.segmentedFrom;
      const from = (now?.seq ?? 0) + 1;
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

  async head(): Promise<LogHead> {
    const h = await this.heads().findOne({ _id: this.headId });
    return h
      ? { seq: h.seq, link: h.hash, epoch: h.epoch ?? '', previousEpoch: h.previousEpoch ?? '', segmentedFrom: h.segmentedFrom }
      : { seq: 0, link: this.emptyLink, epoch: '', previousEpoch: '' };
  }

  private async advance(fromSeq: number, toSeq: number, link: string): Promise<void> {
    try {
      await this.heads().updateOne(
        { _id: this.headId, seq: fromSeq },
        { $set: { seq: toSeq, hash: link }, $setOnInsert: { epoch: randomUUID(), ...this.newLogFields() } },
        { upsert: fromSeq === 0 },
      );
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  private async appendNow(build: (head: LogHead) => E): Promise<E> {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const head = await this.head();
      const entry = build(head);
      const into = this.collectionOf(entry._id, await this.segmentStart(head));
      try {
        // The driver's typing cannot relate E to OptionalUnlessRequiredId<E>; E always carries its numeric _id.
        await into.insertOne(entry as Parameters<ReturnType<SequencedLog<E>['entries']>['insertOne']>[0]);
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        // Usually the winner moves the head within milliseconds; reading its entry by a numeric
        // `_id` is a full scan on the embedded store, so only do it if the head stays behind
        // (the winner died between its insert and the head update).
        if (await this.headMovesPast(head.seq)) continue;
        const winner = (await into.findOne({ _id: entry._id } as never)) as E | null;
        if (winner) await this.advance(head.seq, entry._id, this.linkOf(winner));
        continue;
      }
      await this.advance(head.seq, entry._id, this.linkOf(entry));
      return entry;
    }
    throw new Error(`append to ${this.collectionName} did not settle`);
  }

  private async headMovesPast(seq: number): Promise<boolean> {
    for (let i = 0; i < 5; i++) {
      if ((await this.head()).seq > seq) return true;
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
    const previousEpoch = (await this.head()).epoch;
    await this.heads().updateOne(
      { _id: this.headId },
      { $set: { epoch: randomUUID(), previousEpoch }, $setOnInsert: { seq: 0, hash: this.emptyLink, ...this.newLogFields() } },
      { upsert: true },
    );
  }

  /** Appends the entry `build` makes for the current head (its `_id` must be head.seq + 1). */
  append(build: (head: LogHead) => E): Promise<E> {
    const run = this.queue.then(() => this.appendNow(build));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Entries after `afterSeq` up to the head, at most `limit`, in order. One range query rather than
   * one look-up per entry: on the embedded store even `_id` look-ups scan, and numeric ones are
   * not pushed down at all (docs/store-concurrency.md).
   */
  async readAfter(afterSeq: number, limit: number): Promise<E[]> {
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
    const parts = await Promise.all(
      ranges.map(
        ({ from, to }) =>
          this.collectionOf(from, segmentedFrom)
            .find({ _id: { $gte: from, $lte: to } } as never)
            .toArray() as unknown as Promise<E[]>,
      ),
    );
    return parts.flat().sort((x, y) => x._id - y._id);
  }
}
