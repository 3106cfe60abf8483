/**
 * A gap-free, totally ordered log without transactions, safe with several processes.
 *
 * A head document (in `counters`) holds the last sequence number and a value derived from the
 * last entry (e.g. its hash). An append reads the head, inserts entry `head.seq + 1` under that
 * `_id` (so only one writer can win a number), then advances the head. A writer that loses the
 * race advances the head to the winner's entry and tries again; a process that died between
 * insert and head update is repaired the same way. Entry N+1 is only ever written after entry N
 * exists, so a reader that sees the head at N sees every entry up to N.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';

export interface LogHead {
  seq: number;
  /** Random id given to the head when the log starts: a changed epoch means a new (restored or emptied) log. */
  epoch: string;
  /** The epoch this one renewed (renewEpoch): the log goes on from it, only the data was written around it. */
  previousEpoch: string;
  /** Whatever the log chains on (the audit trail's last hash); empty when unused. */
  link: string;
}

interface HeadDoc {
  _id: string;
  seq: number;
  hash: string;
  epoch?: string;
  previousEpoch?: string;
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
  ) {}

  private heads() {
    return mongoose.connection.collection<HeadDoc>('counters');
  }

  entries() {
    return mongoose.connection.collection<E>(this.collectionName);
  }

  async head(): Promise<LogHead> {
    const h = await this.heads().findOne({ _id: this.headId });
    return h
      ? { seq: h.seq, link: h.hash, epoch: h.epoch ?? '', previousEpoch: h.previousEpoch ?? '' }
      : { seq: 0, link: this.emptyLink, epoch: '', previousEpoch: '' };
  }

  private async advance(fromSeq: number, toSeq: number, link: string): Promise<void> {
    try {
      await this.heads().updateOne(
        { _id: this.headId, seq: fromSeq },
        { $set: { seq: toSeq, hash: link }, $setOnInsert: { epoch: randomUUID() } },
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
      try {
        // The driver's typing cannot relate E to OptionalUnlessRequiredId<E>; E always carries its numeric _id.
        await this.entries().insertOne(entry as Parameters<ReturnType<SequencedLog<E>['entries']>['insertOne']>[0]);
      } catch (err) {
        if ((err as { code?: number }).code !== 11000) throw err;
        // Usually the winner moves the head within milliseconds; reading its entry by a numeric
        // `_id` is a full scan on the embedded store, so only do it if the head stays behind
        // (the winner died between its insert and the head update).
        if (await this.headMovesPast(head.seq)) continue;
        const winner = (await this.entries().findOne({ _id: entry._id } as never)) as E | null;
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
      { $set: { epoch: randomUUID(), previousEpoch }, $setOnInsert: { seq: 0, hash: this.emptyLink } },
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
    const found = (await this.entries()
      .find({ _id: { $gt: afterSeq, $lte: head.seq } } as never)
      .sort({ _id: 1 })
      .limit(limit)
      .toArray()) as unknown as E[];
    return found;
  }
}
