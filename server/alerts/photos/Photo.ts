/** A photo of an alert or subject: one document per file (binData, read by `_id`), with a
 * thumbnail document beside it (STORE.md: no GridFS chunk scans). */
import mongoose, { Schema } from 'mongoose';
import { fencedWrites } from '../../platform/store/index.js';

export interface PhotoDoc {
  _id: string;
  alertId: string;
  mime: 'image/jpeg' | 'image/png' | 'image/webp';
  data: Buffer;
  createdAt: Date;
}

const photoSchema = new Schema<PhotoDoc>(
  { _id: String, alertId: String, mime: String, data: Buffer, createdAt: Date },
  { versionKey: false },
);

photoSchema.plugin(fencedWrites);
export const Photo = mongoose.model<PhotoDoc>('Photo', photoSchema, 'photos');
export const PhotoThumb = mongoose.model<PhotoDoc>('PhotoThumb', photoSchema.clone(), 'photothumbs');
