/** An agency of either country (PRODUCT.md "Agency"). */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { fencedWrites } from '../store/docLock.js';
import { isObjectIdHex, op } from '../store/mongoose.js';
import { AGENCY_KINDS, type AgencyKind } from '../../shared/schemas/agencies.js';
import { COUNTRIES, type Country } from '../../shared/schemas/common.js';

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
export const Agency = mongoose.model('Agency', agencySchema, 'agencies');

interface AgencyFieldTypes {
  name: string;
  kind: AgencyKind;
  country: Country;
}

/** One field of each agency among `ids` that exists, by id, in one read (ids not an ObjectId are left out). */
export async function agencyFields<F extends keyof AgencyFieldTypes>(
  ids: Iterable<unknown>,
  field: F,
): Promise<Map<string, AgencyFieldTypes[F]>> {
  const wanted = [...new Set([...ids].map(String))].filter(isObjectIdHex);
  if (wanted.length === 0) return new Map();
  const found = await Agency.find({ _id: op({ $in: wanted }) }, { [field]: 1 }).lean<
    Array<{ _id: unknown } & Record<F, AgencyFieldTypes[F]>>
  >();
  return new Map(
    found.map((a) => {
      const fields: Record<F, AgencyFieldTypes[F]> = a;
      return [String(a._id), fields[field]];
    }),
  );
}
