/** Failed sign-in attempts per email (known or not, so lockout reveals no account):
 * `_id` is the SHA-256 of the lower-cased email. */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

export interface LoginThrottleDoc {
  _id: string;
  failures: Date[];
  lockedUntil: Date | null;
}

const loginThrottleSchema = new Schema<LoginThrottleDoc>(
  {
    _id: { type: String, required: true },
    failures: { type: [Date], default: [] },
    lockedUntil: { type: Date, default: null },
  },
  { versionKey: false },
);

loginThrottleSchema.plugin(fencedWrites);
export const loginThrottleModel = (connection: Connection) =>
  modelOn(connection, 'LoginThrottle', () => connection.model<LoginThrottleDoc>('LoginThrottle', loginThrottleSchema, 'loginthrottles'));
