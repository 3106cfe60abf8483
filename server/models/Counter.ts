/** Named sequences (alert references, audit sequence), advanced atomically with $inc. */
import mongoose, { Schema } from 'mongoose';

interface CounterDoc {
  _id: string;
  seq: number;
}

const counterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true, default: 0 } },
  { versionKey: false },
);

export const Counter = mongoose.model<CounterDoc>('Counter', counterSchema, 'counters');

/** Returns the next value of a named sequence (1, 2, 3…): one atomic primary-key update. */
export async function nextSequence(name: string): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    try {
      const doc = await Counter.findOneAndUpdate(
        { _id: name },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after', lean: true },
      );
      if (!doc) throw new Error(`counter ${name} did not advance`);
      return doc.seq;
    } catch (err) {
      // Two first-ever upserts can race to insert the document; the loser retries as an update.
      if ((err as { code?: number }).code !== 11000 || attempt >= 3) throw err;
    }
  }
}
