/** `Idempotency-Key` claims: `_id` = SHA-256(user + key), with the id the alert is stored under
 * (so every retry inserts under the same id: alerts/idempotency.ts). */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../platform/store/index.js';

export interface IdempotencyDoc {
  _id: string;
  bodyHash: string;
  /** The id the alert is inserted under (absent on claims written by earlier versions). */
  alertId?: string | null;
  resultId: string | null;
  createdAt: Date;
}

const idempotencySchema = new Schema<IdempotencyDoc>(
  { _id: String, bodyHash: String, alertId: { type: String, default: null }, resultId: { type: String, default: null }, createdAt: Date },
  { versionKey: false },
);

idempotencySchema.index({ createdAt: 1 }); // the purge of old claims
idempotencySchema.plugin(fencedWrites);
export const idempotencyRecordModel = (connection: Connection) =>
  modelOn(connection, 'IdempotencyRecord', () => connection.model<IdempotencyDoc>('IdempotencyRecord', idempotencySchema, 'idempotency'));
