/**
 * A data-subject request (docs/data-subject-requests.md): who the person is (an identifier or a
 * name), the law and right invoked, who opened it and which other system administrator approved
 * it, and what was done under it. Once a suppression is completed the person's identifier and
 * name leave this record too (`queryErased`): what stays is the request's skeleton.
 */
import type mongoose from 'mongoose';
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, modelOn } from '../platform/store/index.js';
import type { SubjectRequestLaw, SubjectRequestStatus, SubjectRight } from '../../shared/schemas/subjectRequests.js';

export interface SubjectRequestAction {
  at: Date;
  by: string;
  kind: 'export' | 'rectify' | 'erase' | 'complete';
  alertId?: string | null;
  reference?: string | null;
  /** What was done, in counts and field names (never the person's data). */
  summary: Record<string, unknown>;
  auditSeq: number;
}

export interface SubjectRequestDoc {
  _id: mongoose.Types.ObjectId;
  /** `SDT-2026-0001`: the number the person and the alerts' history are told. */
  number: string;
  year: number;
  law: SubjectRequestLaw;
  right: SubjectRight;
  reference: string | null;
  identifier: string | null;
  name: string | null;
  queryErased: boolean;
  status: SubjectRequestStatus;
  openedBy: string;
  openedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  completedBy: string | null;
  completedAt: Date | null;
  actions: SubjectRequestAction[];
}

const subjectRequestSchema = new Schema<SubjectRequestDoc>(
  {
    number: { type: String, required: true, unique: true },
    year: { type: Number, required: true },
    law: { type: String, required: true },
    right: { type: String, required: true },
    reference: { type: String, default: null },
    identifier: { type: String, default: null },
    name: { type: String, default: null },
    queryErased: { type: Boolean, default: false },
    status: { type: String, required: true },
    openedBy: { type: String, required: true },
    openedAt: { type: Date, required: true },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    decisionNote: { type: String, default: null },
    completedBy: { type: String, default: null },
    completedAt: { type: Date, default: null },
    actions: { type: [{ type: Schema.Types.Mixed }], default: [] },
  },
  { versionKey: false, minimize: false },
);

subjectRequestSchema.plugin(fencedWrites);
export const subjectRequestModel = (connection: Connection) =>
  modelOn(connection, 'SubjectRequest', () =>
    connection.model<SubjectRequestDoc>('SubjectRequest', subjectRequestSchema, 'subjectrequests'),
  );
