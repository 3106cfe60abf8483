/** A user's standing query (PRODUCT.md "Watch"), with the index keys it matches. */
import type mongoose from 'mongoose';
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

export interface WatchDoc {
  _id: mongoose.Types.ObjectId;
  userId: string;
  kind: 'document' | 'phone' | 'plate' | 'name' | 'alert_kind' | 'border_crossing';
  value: string;
  /** Index keys (any one matches) or, for alert_kind / border_crossing, the folded value. */
  keys: string[];
  createdAt: Date;
}

const watchSchema = new Schema<WatchDoc>(
  {
    userId: { type: String, required: true },
    kind: { type: String, required: true },
    value: { type: String, required: true },
    keys: { type: [String], default: [] },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// A user's own watches (list, per-user limit).
watchSchema.index({ userId: 1 });
watchSchema.plugin(fencedWrites);
export const watchModel = (connection: Connection) =>
  modelOn(connection, 'Watch', () => connection.model<WatchDoc>('Watch', watchSchema, 'watches'));
