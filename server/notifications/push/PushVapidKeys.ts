/**
 * The VAPID key pair generated when none is configured: one document, `_id: 'vapid'`, written once
 * by the first process to start (inserting an `_id` is atomic on every backend) and read by all.
 */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

export interface PushVapidKeysDoc {
  _id: string;
  publicKey: string;
  /** Sealed with DATA_ENCRYPTION_KEY (secretBox), like MFA seeds. */
  privateKeySealed: string;
  createdAt: Date;
}

const pushVapidKeysSchema = new Schema<PushVapidKeysDoc>(
  {
    _id: { type: String, required: true },
    publicKey: { type: String, required: true },
    privateKeySealed: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

pushVapidKeysSchema.plugin(fencedWrites);
export const pushVapidKeysModel = (connection: Connection) =>
  modelOn(connection, 'PushVapidKeys', () => connection.model<PushVapidKeysDoc>('PushVapidKeys', pushVapidKeysSchema, 'pushvapidkeys'));
