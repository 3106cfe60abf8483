/** One document per accepted TOTP (user, time step): the unique `_id` makes every code single-use,
 * even when two requests race. Old entries are purged by a job. */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

const usedTotpSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { versionKey: false });

// Purging old codes.
usedTotpSchema.index({ at: 1 });
usedTotpSchema.plugin(fencedWrites);
export const usedTotpCodeModel = (connection: Connection) =>
  modelOn(connection, 'UsedTotpCode', () => connection.model('UsedTotpCode', usedTotpSchema, 'usedtotpcodes'));
