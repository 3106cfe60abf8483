/**
 * A hit/no-hit stub a search handed to a user (issue #10 item 5): an access request may only
 * name an alert its requester actually received as a stub, within the receipt's lifetime.
 * One document per (user, alert), read by primary key.
 */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

export interface StubReceiptDoc {
  /** `${userId}:${alertId}` */
  _id: string;
  userId: string;
  alertId: string;
  expiresAt: Date;
}

const stubReceiptSchema = new Schema<StubReceiptDoc>(
  { _id: String, userId: String, alertId: String, expiresAt: Date },
  { versionKey: false },
);

stubReceiptSchema.plugin(fencedWrites);

export const stubReceiptModel = (connection: Connection) =>
  modelOn(connection, 'StubReceipt', () => connection.model<StubReceiptDoc>('StubReceipt', stubReceiptSchema, 'stubreceipts'));
