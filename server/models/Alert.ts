/**
 * The shared case record (PRODUCT.md "Alert"). Everything about one alert — subjects, history,
 * updates, photo references — lives in this one document, so every invariant is kept by one
 * atomic write and every read is a primary-key read (STORE.md).
 */
import mongoose, { Schema } from 'mongoose';
import type { DocumentDto, LocationDto, SubjectDto, VehicleDto } from '../../shared/dto/alert.js';

/** Stored subjects, vehicles and places have the wire shapes (the presenter only redacts). */
export type AlertDocument = DocumentDto;
export type AlertSubject = Omit<SubjectDto, 'redacted'>;
export type AlertVehicle = VehicleDto;
export type AlertLocation = LocationDto;

export interface AlertHistoryEntry {
  at: Date;
  by: string;
  agencyId: string;
  action: 'created' | 'edited' | 'status_changed' | 'expired' | 'access_granted';
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  fields?: string[];
}

export interface AlertUpdateEntry {
  id: string;
  kind: 'note' | 'hit';
  hitType?: string | null;
  text: string;
  location?: AlertLocation | null;
  authorId: string;
  agencyId: string;
  country: string;
  at: Date;
  /** For hits: when the issuing agency must answer by, and when it did. */
  dueAt?: Date | null;
  acknowledgedAt?: Date | null;
  acknowledgedBy?: string | null;
}

export interface AlertPhotoRef {
  id: string;
  subjectIndex: number | null;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  addedBy: string;
  at: Date;
  /** The uploader's Idempotency-Key, so a retried upload is not stored twice. */
  idempotencyKey?: string;
}

export interface AlertDoc {
  _id: mongoose.Types.ObjectId;
  reference: string;
  kind: string;
  priority: string;
  status: 'active' | 'resolved' | 'cancelled' | 'expired';
  title: string;
  summary: string | null;
  occurredAt: Date | null;
  actionRequested: { code: string; text?: string | null } | null;
  replyWithinHours: number;
  legalBasis: { caseNumber?: string | null; authority?: string | null } | null;
  handlingCode: string | null;
  sourceReliability: string | null;
  infoCredibility: string | null;
  subjects: AlertSubject[];
  vehicles: AlertVehicle[];
  phones: string[];
  phonesNormalized: string[];
  locations: AlertLocation[];
  tags: string[];
  distribution: { scope: 'agency' | 'country' | 'bilateral' | 'agencies'; agencyIds: string[] };
  /** Agencies added by granted access requests, whatever the scope. */
  grantedAgencyIds: string[];
  sensitivity: 'standard' | 'restricted';
  victimConsent: { given: boolean; recordedBy?: string | null; note?: string | null } | null;
  originAgencyId: string;
  originCountry: 'AR' | 'PY';
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  reviewAt: Date;
  reviewReminderSentAt: Date | null;
  history: AlertHistoryEntry[];
  updates: AlertUpdateEntry[];
  photos: AlertPhotoRef[];
  /** Optimistic concurrency for PATCH (`version` in the API). */
  version: number;
  /** Sequence of the last change in the alert change log: the `cursor` clients pass back. */
  changeSeq: number;
}

const loose = { type: Schema.Types.Mixed };

const alertSchema = new Schema<AlertDoc>(
  {
    reference: { type: String, required: true, unique: true },
    kind: { type: String, required: true },
    priority: { type: String, required: true },
    status: { type: String, required: true, default: 'active' },
    title: { type: String, required: true },
    summary: { type: String, default: null },
    occurredAt: { type: Date, default: null },
    actionRequested: { ...loose, default: null },
    replyWithinHours: { type: Number, default: 12 },
    legalBasis: { ...loose, default: null },
    handlingCode: { type: String, default: null },
    sourceReliability: { type: String, default: null },
    infoCredibility: { type: String, default: null },
    subjects: { type: [loose], default: [] },
    vehicles: { type: [loose], default: [] },
    phones: { type: [String], default: [] },
    phonesNormalized: { type: [String], default: [] },
    locations: { type: [loose], default: [] },
    tags: { type: [String], default: [] },
    distribution: { ...loose, required: true },
    grantedAgencyIds: { type: [String], default: [] },
    sensitivity: { type: String, default: 'standard' },
    victimConsent: { ...loose, default: null },
    originAgencyId: { type: String, required: true },
    originCountry: { type: String, required: true },
    createdBy: { type: String, required: true },
    reviewAt: { type: Date, required: true },
    reviewReminderSentAt: { type: Date, default: null },
    history: { type: [loose], default: [] },
    updates: { type: [loose], default: [] },
    photos: { type: [loose], default: [] },
    version: { type: Number, default: 0 },
    changeSeq: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

export const Alert = mongoose.model<AlertDoc>('Alert', alertSchema, 'alerts');
