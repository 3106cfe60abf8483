/** An agency of either country (PRODUCT.md "Agency"). */
import type mongoose from 'mongoose';
import { type Connection, Schema, type InferSchemaType } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';
import { AGENCY_KINDS } from '../../../shared/schemas/agencies.js';
import { COUNTRIES } from '../../../shared/schemas/common.js';

const agencySchema = new Schema(
  {
    name: { type: String, required: true },
    shortName: { type: String, required: true },
    country: { type: String, enum: COUNTRIES, required: true },
    kind: { type: String, enum: AGENCY_KINDS, required: true },
    jurisdiction: { type: String, default: null },
    phone: { type: String, default: null },
    email: { type: String, default: null },
    dutyPhone: { type: String, default: null },
    active: { type: Boolean, default: true },
  },
  { timestamps: true, optimisticConcurrency: true },
);

export type AgencyDoc = InferSchemaType<typeof agencySchema> & { _id: mongoose.Types.ObjectId };
// Agencies of a country; look-up by name (seeding, administration).
agencySchema.index({ country: 1 });
agencySchema.index({ name: 1, country: 1 });
agencySchema.plugin(fencedWrites);
export const agencyModel = (connection: Connection) =>
  modelOn(connection, 'Agency', () => connection.model('Agency', agencySchema, 'agencies'));
