/**
 * Point reads of `counters` documents (log heads, reference hints) by id. The reads started in one
 * turn of the event loop go to the store together, as one `find` by `_id`: creating an alert reads
 * its change log's head and its reference hint at the same moment, and every command costs the
 * process about half a millisecond of CPU on the way (docs/benchmarks.md, fan-out). Each read still
 * starts after its caller asked, and the reads of one batch see the store at the same moment.
 */
import type mongoose from 'mongoose';
import type { Store } from './store.js';

interface Waiter {
  resolve(doc: unknown): void;
  reject(err: unknown): void;
}

export const COUNTERS = 'counters';

/** The point reads of one store connection's `counters`, batched per turn of the event loop. */
export class CounterReads {
  /** The reads asked for since the last batch went out; the first one schedules the next batch. */
  private waiting = new Map<string, Waiter[]>();

  constructor(private readonly counters: () => mongoose.Collection<{ _id: string }>) {}

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = new Map();
    try {
      const ids = [...batch.keys()];
      const collection = this.counters();
      // A lone read stays a point look-up by `_id` (the embedded store's `_id` index answers it).
      const docs =
        ids.length === 1
          ? [await collection.findOne({ _id: ids[0]! })].filter((d) => d !== null)
          : await collection.find({ _id: { $in: ids } }).toArray();
      const byId = new Map(docs.map((d) => [String(d._id), d]));
      for (const [id, waiters] of batch) for (const w of waiters) w.resolve(byId.get(id) ?? null);
    } catch (err) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(err);
    }
  }

  read<T extends { _id: string }>(id: string): Promise<T | null> {
    return new Promise<T | null>((resolve, reject) => {
      // After this turn's microtasks: reads begun a few awaits apart (an append's turn) still share.
      if (this.waiting.size === 0) setImmediate(() => void this.flush());
      const waiters = this.waiting.get(id) ?? [];
      waiters.push({ resolve: resolve as (doc: unknown) => void, reject });
      this.waiting.set(id, waiters);
    });
  }
}

/** The `counters` document `id` of `store`, or null; read with the others asked for in this turn. */
export function readCounterDoc<T extends { _id: string }>(store: Store, id: string): Promise<T | null> {
  return store.counterReads.read<T>(id);
}
