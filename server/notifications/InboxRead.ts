/**
 * Read markers, insert-only (updates are not isolated on FerretDB, inserts by `_id` are): one per
 * user and item, `_id` `i:<user>:<item>`. An item addressed to an agency is read per user. Two
 * devices marking at once both insert; one wins, the other meets the duplicate, nothing is lost.
 */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../platform/store/index.js';

export interface InboxReadDoc {
  _id: string;
  userId: string;
  itemId: string;
}

const inboxReadSchema = new Schema<InboxReadDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    itemId: { type: String, required: true },
  },
  { versionKey: false },
);

inboxReadSchema.index({ userId: 1 });
inboxReadSchema.plugin(fencedWrites);
export const inboxReadModel = (connection: Connection) =>
  modelOn(connection, 'InboxRead', () => connection.model<InboxReadDoc>('InboxRead', inboxReadSchema, 'inboxreads'));
