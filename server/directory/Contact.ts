/**
 * A directory entry of an agency: a desk (duty line, unit) or a person (PRODUCT.md "Contact").
 * Besides what was typed it keeps derived fields for search and ordering without collation:
 * `e164s` (every phone's E.164), `searchText` (folded name, unit and position), `nameKey`
 * (folded name) and `rank` (desks before people, 24 h lines first).
 */
import type mongoose from 'mongoose';
import { type Connection, Schema, type InferSchemaType } from 'mongoose';
import { fencedWrites, modelOn } from '../platform/store/index.js';
import { COUNTRIES } from '../../shared/schemas/common.js';
import { CONTACT_KINDS, CONTACT_LANGUAGES } from '../../shared/schemas/contacts.js';

const phoneSchema = new Schema(
  {
    /** As typed, e.g. `(0370) 15-4412345`. */
    number: { type: String, required: true },
    e164: { type: String, required: true },
    is24h: { type: Boolean, default: false },
    whatsapp: { type: Boolean, default: false },
  },
  { _id: false },
);

const contactSchema = new Schema(
  {
    agencyId: { type: Schema.Types.ObjectId, ref: 'Agency', required: true, index: true },
    /** The agency's country, copied on creation (an agency never changes country). */
    country: { type: String, enum: COUNTRIES, required: true },
    kind: { type: String, enum: CONTACT_KINDS, required: true },
    name: { type: String, required: true },
    unit: { type: String, default: null },
    position: { type: String, default: null },
    phones: { type: [phoneSchema], default: [] },
    emails: { type: [String], default: [] },
    languages: { type: [String], enum: CONTACT_LANGUAGES, default: [] },
    availability: { type: String, default: null },
    notes: { type: String, default: null },
    /** When the entry was last confirmed (creation counts); stale after 180 days. */
    verifiedAt: { type: Date, required: true },
    verifiedBy: { type: String, default: null },
    e164s: { type: [String], default: [] },
    searchText: { type: String, required: true },
    nameKey: { type: String, required: true },
    rank: { type: Number, required: true },
  },
  { timestamps: true },
);

export type ContactDoc = InferSchemaType<typeof contactSchema> & { _id: mongoose.Types.ObjectId };
export type ContactPhone = ContactDoc['phones'][number];
// The directory's order (and keyset cursor) and the stale-verification reminders.
contactSchema.index({ rank: 1, nameKey: 1, _id: 1 });
contactSchema.index({ verifiedAt: 1 });
contactSchema.plugin(fencedWrites);
export const contactModel = (connection: Connection) =>
  modelOn(connection, 'Contact', () => connection.model('Contact', contactSchema, 'contacts'));
