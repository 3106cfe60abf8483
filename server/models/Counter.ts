/** Named sequences (alert references, audit sequence), advanced by a read-increment-write under
 * the counter's lock: FerretDB does not apply `$inc` atomically (docs/store-concurrency.md). */
import mongoose, { Schema } from 'mongoose';
import { fencedWrites, withDocLock } from '../store/docLock.js';

interface CounterDoc {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true, default: 0 } },
  { versionKey: false },
);

counterSchema.plugin(fencedWrites);
export const Counter = mongoose.model<CounterDoc>('Counter', counterSchema, 'counters');

/** Returns the next value of a named sequence (1, 2, 3…). The read-increment-write runs under
 * the counter's lock because the embedded store does not apply `$inc` atomically. */
export async function nextSequence(name: string): Promise<number> {
  return withDocLock(`counter:${name}`, async () => {
    const current = await Counter.findById(name).lean();
    const seq = (current?.seq ?? 0) + 1;
    await Counter.replaceOne({ _id: name }, { _id: name, seq }, { upsert: true });
    return seq;
  });
}
