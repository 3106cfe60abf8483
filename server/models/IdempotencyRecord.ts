/** `Idempotency-Key` claims: `_id` = SHA-256(user + key). Inserting the claim first makes a
 * concurrent retry wait for the first result instead of creating a second alert. */
import mongoose, { Schema } from 'mongoose';
import { fencedWrites } from '../store/docLock.js';

export interface IdempotencyDoc {
  _id: string;
  bodyHash: string;
  resultId: string | null;
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyDoc>(
  { _id: String, bodyHash: String, resultId: { type: String, default: null }, createdAt: Date },
  { versionKey: false },
);

idempotencySchema.plugin(fencedWrites);
export const IdempotencyRecord = mongoose.model<IdempotencyDoc>('IdempotencyRecord', idempotencySchema, 'idempotency');
