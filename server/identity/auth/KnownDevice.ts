/**
 * Devices (browser signatures) an account has signed in from, insert-only by `_id`
 * `<user>:<digest>`: the insert that succeeds is the device's first sign-in.
 */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

export interface KnownDeviceDoc {
  _id: string;
  userId: string;
  firstSeenAt: Date;
}

const knownDeviceSchema = new Schema<KnownDeviceDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    firstSeenAt: { type: Date, required: true },
  },
  { versionKey: false },
);

knownDeviceSchema.plugin(fencedWrites);
export const knownDeviceModel = (connection: Connection) =>
  modelOn(connection, 'KnownDevice', () => connection.model<KnownDeviceDoc>('KnownDevice', knownDeviceSchema, 'knowndevices'));
