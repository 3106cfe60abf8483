/**
 * Something addressed to a user, or to the holders of some roles in an agency (or anywhere, for
 * system admins), kept until read and beyond: the inbox outlives the session.
 */
import type mongoose from 'mongoose';
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../platform/store/index.js';
import type { InboxKind, InboxSubjectType } from '../../shared/schemas/inbox.js';
import type { InboxItemData } from '../../shared/dto/inbox.js';
import type { Role } from '../../shared/schemas/common.js';

export interface InboxItemDoc {
  _id: mongoose.Types.ObjectId;
  /** A single recipient, or null when addressed by agency and roles. */
  userId: string | null;
  /** With `roles`: every holder of one of them in this agency (null with roles: in any agency). */
  agencyId: string | null;
  roles: Role[];
  /** Who caused it: never told of their own act. */
  actorId: string | null;
  kind: InboxKind;
  subjectType: InboxSubjectType;
  subjectId: string;
  data: InboxItemData;
  /** The same cause recorded twice (a repeated announcement) is one item. */
  dedupeKey: string;
  createdAt: Date;
}

const inboxItemSchema = new Schema<InboxItemDoc>(
  {
    userId: { type: String, default: null },
    agencyId: { type: String, default: null },
    roles: { type: [String], default: [] },
    actorId: { type: String, default: null },
    kind: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    dedupeKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

inboxItemSchema.index({ dedupeKey: 1 }, { unique: true });
inboxItemSchema.index({ userId: 1, createdAt: -1 });
inboxItemSchema.index({ agencyId: 1, createdAt: -1 });
inboxItemSchema.plugin(fencedWrites);
export const inboxItemModel = (connection: Connection) =>
  modelOn(connection, 'InboxItem', () => connection.model<InboxItemDoc>('InboxItem', inboxItemSchema, 'inboxitems'));
