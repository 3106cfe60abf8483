/** The alert change log: entry N says alert X changed (created, edited, status, update). Gap-free
 * and ordered (SequencedLog), so `alerts:since` can never skip a change. */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

export interface AlertChangeDoc {
  _id: number;
  alertId: string;
  change: 'created' | 'changed' | 'update';
  at: Date;
  /** Digests of the alert's link keys before this change (linkDigests.ts); absent for creations. */
  before?: string[];
}

const alertChangeSchema = new Schema<AlertChangeDoc>(
  { _id: Number, alertId: String, change: String, at: Date, before: { type: [String], default: undefined } },
  { versionKey: false },
);

alertChangeSchema.plugin(fencedWrites);
/** Where the log's entries are kept (its SequencedLog names it too). */
export const ALERT_CHANGES_COLLECTION = 'alertchanges';
export const alertChangeModel = (connection: Connection) =>
  modelOn(connection, 'AlertChange', () => connection.model<AlertChangeDoc>('AlertChange', alertChangeSchema, ALERT_CHANGES_COLLECTION));
