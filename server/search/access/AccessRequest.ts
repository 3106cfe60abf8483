/** A request to see an alert found by identifier but not distributed to the requester. */
import type mongoose from 'mongoose';
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';
import type { AccessRequestStatus } from '../../../shared/dto/access.js';

export interface AccessRequestDoc {
  _id: mongoose.Types.ObjectId;
  alertId: string;
  originAgencyId: string;
  requesterId: string;
  requesterAgencyId: string;
  /** The requester's display name when asking (shown to the agency that decides; null on older requests). */
  requesterName?: string | null;
  requesterCountry: string;
  reason: string;
  status: AccessRequestStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  note: string | null;
  /** When a grant lapses by itself (null: refused, pending, or granted before grants expired). */
  expiresAt: Date | null;
  /** When and by whom a grant ended (`system` for a lapse). */
  endedAt: Date | null;
  endedBy: string | null;
  endNote: string | null;
  createdAt: Date;
}

const accessRequestSchema = new Schema<AccessRequestDoc>(
  {
    alertId: { type: String, required: true },
    originAgencyId: { type: String, required: true },
    requesterId: { type: String, required: true },
    requesterAgencyId: { type: String, required: true },
    requesterName: { type: String, default: null },
    requesterCountry: { type: String, required: true },
    reason: { type: String, required: true },
    status: { type: String, default: 'pending' },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    note: { type: String, default: null },
    expiresAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    endedBy: { type: String, default: null },
    endNote: { type: String, default: null },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);

// Incoming (the alert's agency) and outgoing (the requester) boxes, newest first.
accessRequestSchema.index({ originAgencyId: 1, createdAt: -1 });
accessRequestSchema.index({ requesterId: 1, createdAt: -1 });
accessRequestSchema.plugin(fencedWrites);
export const accessRequestModel = (connection: Connection) =>
  modelOn(connection, 'AccessRequest', () => connection.model<AccessRequestDoc>('AccessRequest', accessRequestSchema, 'accessrequests'));
