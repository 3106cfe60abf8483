/** Named sequences (alert references, audit sequence), advanced by `$inc` under the counter's
 * lock: FerretDB does not apply concurrent `$inc`s atomically (docs/store-concurrency.md). */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn, withDocLock } from '../store/index.js';
import type { Instance } from '../instance.js';

interface CounterDoc {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true, default: 0 } },
  { versionKey: false },
);

counterSchema.plugin(fencedWrites);
export const counterModel = (connection: Connection) =>
  modelOn(connection, 'Counter', () => connection.model<CounterDoc>('Counter', counterSchema, 'counters'));

/** Returns the next value of a named sequence (1, 2, 3…). The `$inc` runs under the counter's
 * lock because the embedded store loses concurrent `$inc`s (docLock.test.ts pins it); one at a
 * time, it is one round trip instead of a read and a write. */
export async function nextSequence(instance: Instance, name: string): Promise<number> {
  const { Counter } = instance.models.platform;
  return withDocLock(instance.store, `counter:${name}`, async () => {
    const after = await Counter.findOneAndUpdate({ _id: name }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' }).lean();
    return after!.seq;
  });
}
