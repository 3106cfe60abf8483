/**
 * Who viewed or exported an alert: one document per view, inserted and never changed, each pointing
 * at its audit event. Insert-only, so recording a view costs one insert whatever the number of
 * alerts (one document per alert, rewritten under a lock, cost a scan of every viewed alert on the
 * embedded store, where even `_id` look-ups scan).
 */
import type mongoose from 'mongoose';
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../platform/store/index.js';

export interface AlertViewDoc {
  _id: mongoose.Types.ObjectId;
  alertId: string;
  at: Date;
  userId: string;
  agencyId: string;
  country: string;
  action: 'view' | 'export';
  auditSeq: number;
}

const alertViewSchema = new Schema<AlertViewDoc>(
  {
    alertId: { type: String, required: true },
    at: { type: Date, required: true },
    userId: { type: String, required: true },
    agencyId: { type: String, required: true },
    country: { type: String, required: true },
    action: { type: String, required: true },
    auditSeq: { type: Number, required: true },
  },
  { versionKey: false },
);

// An alert's views, newest first.
alertViewSchema.index({ alertId: 1, at: -1 });
alertViewSchema.plugin(fencedWrites);
export const alertViewModel = (connection: Connection) =>
  modelOn(connection, 'AlertView', () => connection.model<AlertViewDoc>('AlertView', alertViewSchema, 'alertviewentries'));
