/** The document the lock tests race on, written through a model like the application's. */
import mongoose, { Schema } from 'mongoose';
import { fencedWrites } from '../../server/platform/store/docLock.js';

export interface LockProbeDoc {
  _id: string;
  n: number;
  list: string[];
  writer?: string;
}

const lockProbeSchema = new Schema<LockProbeDoc>(
  { _id: String, n: { type: Number, default: 0 }, list: { type: [String], default: [] }, writer: String },
  { versionKey: false },
);
lockProbeSchema.plugin(fencedWrites);

export const LockProbe = mongoose.model<LockProbeDoc>('LockProbe', lockProbeSchema, 'lockprobes');
