/** One audit event; `_id` is its sequence number, so event N is a primary-key read. Never deleted by any API. */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../store/index.js';

/** What an event records, stored and hashed alike (the hash adds `seq`, the ISO time and the key id). */
export interface AuditEventFields {
  actorId: string | null;
  actorAgencyId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'success' | 'failure';
  ip: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

export interface AuditEventDoc extends AuditEventFields {
  _id: number;
  at: Date;
  /** HMAC-SHA-256 under the key `keyId` names; plain SHA-256 when `keyId` is absent (written before the trail was keyed). */
  hash: string;
  keyId?: string;
  /**
   * Format 2 (canonical.ts PERSONAL_FORMAT): the event has a personal part, kept in `personal` with
   * its own random salt; the MAC covers `personalCommit` = HMAC(salt, personal) instead of the part.
   * A data-subject erasure removes `personal` and `personalSalt` and records `personalErased`.
   */
  fmt?: number;
  personal?: Record<string, unknown> | null;
  personalSalt?: string | null;
  personalCommit?: string;
  personalErased?: { at: Date; requestNumber: string } | null;
}

const auditEventSchema = new Schema<AuditEventDoc>(
  {
    _id: { type: Number, required: true },
    at: { type: Date, required: true },
    actorId: { type: String, default: null },
    actorAgencyId: { type: String, default: null },
    action: { type: String, required: true },
    targetType: { type: String, default: null },
    targetId: { type: String, default: null },
    outcome: { type: String, enum: ['success', 'failure'], required: true },
    ip: { type: String, default: null },
    requestId: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
    keyId: { type: String },
    fmt: { type: Number },
    personal: { type: Schema.Types.Mixed },
    personalSalt: { type: String },
    personalCommit: { type: String },
    personalErased: { type: Schema.Types.Mixed },
  },
  { versionKey: false, minimize: false },
);

// The audit list filters by actor, agency, action or period, newest (highest `_id`) first.
auditEventSchema.index({ actorId: 1, _id: -1 });
auditEventSchema.index({ actorAgencyId: 1, _id: -1 });
auditEventSchema.index({ action: 1, _id: -1 });
auditEventSchema.index({ at: 1 });
auditEventSchema.plugin(fencedWrites);
/** Where the trail's events are kept (its SequencedLog names it too). */
export const AUDIT_EVENTS_COLLECTION = 'auditevents';
export const auditEventModel = (connection: Connection) =>
  modelOn(connection, 'AuditEvent', () => connection.model<AuditEventDoc>('AuditEvent', auditEventSchema, AUDIT_EVENTS_COLLECTION));
