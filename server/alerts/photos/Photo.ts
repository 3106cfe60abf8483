/** A photo of an alert or subject: one document per file (binData, read by `_id`), with a
 * thumbnail document beside it (STORE.md: no GridFS chunk scans). */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

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
export const photoModel = (connection: Connection) =>
  modelOn(connection, 'Photo', () => connection.model<PhotoDoc>('Photo', photoSchema, 'photos'));
export type PhotoModel = ReturnType<typeof photoModel>;
export const photoThumbModel = (connection: Connection) =>
  modelOn(connection, 'PhotoThumb', () => connection.model<PhotoDoc>('PhotoThumb', photoSchema.clone(), 'photothumbs'));
