/**
 * The inverted index behind search and matching (STORE.md "Query planning"): one document per
 * normalised value, `_id` = "<kind>:<value>", listing the alerts that carry it, so every look-up
 * is a primary-key read on MongoDB, SQLite and PostgreSQL alike.
 */
import mongoose, { Schema } from 'mongoose';
import { fencedWrites } from '../store/docLock.js';

/** A posting: alert id, and whether the value comes from a restricted victim's identity (`v`) or elsewhere (`o`). */
export interface Posting {
  a: string;
  f: 'v' | 'o';
}

export interface SearchIndexDoc {
  _id: string;
  postings: Posting[];
  /** Set when the value occurs in more alerts than MAX_POSTINGS: not evidence of a link. */
  common: boolean;
}

const searchIndexSchema = new Schema<SearchIndexDoc>(
  { _id: String, postings: { type: Schema.Types.Mixed, default: [] }, common: { type: Boolean, default: false } },
  { versionKey: false },
);

searchIndexSchema.plugin(fencedWrites);
export const SearchIndex = mongoose.model<SearchIndexDoc>('SearchIndex', searchIndexSchema, 'searchindex');

/** The keys an alert was last indexed under, so a re-index removes what is gone. */
export interface AlertIndexKeysDoc {
  _id: string;
  /** Objects, not [key, class] pairs: the store refuses nested arrays. */
  keys: Array<{ k: string; f: 'v' | 'o' }>;
}
const alertIndexKeysSchema = new Schema<AlertIndexKeysDoc>(
  { _id: String, keys: { type: Schema.Types.Mixed, default: [] } },
  { versionKey: false },
);
alertIndexKeysSchema.plugin(fencedWrites);
export const AlertIndexKeys = mongoose.model<AlertIndexKeysDoc>('AlertIndexKeys', alertIndexKeysSchema, 'alertindexkeys');
