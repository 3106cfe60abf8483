/**
 * The shared case record (PRODUCT.md "Alert"). Everything about one alert — subjects, history,
 * updates, photo references — lives in this one document, changed only through mutateAlert()
 * (read → compute → write under the alert's lock, since the store does not isolate concurrent
 * updates: docs/store-concurrency.md) and read by primary key (STORE.md).
 */
import type mongoose from 'mongoose';
import { type Connection, Schema } from 'mongoose';
import type { DocumentDto, HistoryEntryDto, LocationDto, SubjectDto, VehicleDto } from '../../shared/dto/alert.js';
import type { PhotoShows } from '../../shared/photoAccess.js';
import { assertLockHeld, fencedWrites, modelOn } from '../platform/store/index.js';
import type { Instance } from '../platform/instance.js';

/** Stored subjects, vehicles and places have the wire shapes (the presenter only redacts). */
export type AlertDocument = DocumentDto;
export type AlertSubject = Omit<SubjectDto, 'redacted'>;
export type AlertVehicle = VehicleDto;
export type AlertLocation = LocationDto;

export interface AlertHistoryEntry {
  at: Date;
  by: string;
  agencyId: string;
  action: HistoryEntryDto['action'];
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  fields?: string[];
  /** The data-subject request a `subject_rectified` / `subject_erased` entry served (its number). */
  requestNumber?: string;
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
  /** Set when the origin agency hid this note: its text and location are then emptied (issue #23 F5). */
  hidden?: { at: Date; by: string; requestNumber?: string } | null;
}

export interface AlertPhotoRef {
  id: string;
  /** The subject the photo shows (AlertSubject.id); null when it shows none of the alert's subjects. */
  subjectId?: string | null;
  /** Legacy link by position, only on photos stored before subject ids (read through subjectLinks.ts). */
  subjectIndex?: number | null;
  /**
   * What the photo shows, as the poster said (issue 23 F0); absent on photos stored before it was
   * asked, which count as showing a person (shared/photoAccess.ts).
   */
  shows?: PhotoShows;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  addedBy: string;
  at: Date;
  /** The uploader's Idempotency-Key, so a retried upload is not stored twice. */
  idempotencyKey?: string;
}

/**
 * Retention of a closed alert's personal data (retention/retentionRule.ts): absent until the
 * issuing agency extends it, is told of its purge date, or the purge has happened.
 */
export interface AlertRetention {
  /** Kept at least until this date (extensions by the issuing agency). */
  extendedUntil?: Date | null;
  /** The notices of the coming purge: for which rule date, the last threshold sent (days before:
   * 120, 30, 7) and when it was sent. */
  notice?: { for: Date; days: number; at: Date } | null;
  /** When the personal data was purged (the alert is then a skeleton, refusing writes). */
  purgedAt?: Date | null;
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
  retention?: AlertRetention | null;
  /** Optimistic concurrency for PATCH (`version` in the API). */
  version: number;
  /** Sequence of the last change in the alert change log: the `cursor` clients pass back. */
  changeSeq: number;
  /**
   * The alert's statistical facts (alertFacts.ts), kept when its personal data is purged, so the
   * commission's figures of its year stay the same; absent until then (facts are read from the fields).
   */
  statisticsFacts?: StoredAlertFacts;
}

/** The facts of AlertFacts (alertFacts.ts) a retention purge would erase, kept as they were. */
export interface StoredAlertFacts {
  /** The nationality (ISO 3166 alpha-2) of the alert's first victim that has one, else null. */
  victimNationality: string | null;
  /** The country and province/department of the alert's first place that gives either. */
  placeCountry: string | null;
  placeArea: string | null;
  /** The first border crossing the alert's places name. */
  borderCrossing: string | null;
  /** The first hit other than a false positive. */
  firstHitAt: Date | null;
  /** When a resolved alert was (last) resolved. */
  resolvedAt: Date | null;
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
    retention: { ...loose, default: undefined },
    version: { type: Number, default: 0 },
    changeSeq: { type: Number, default: 0 },
    // No default: absent until a retention purge keeps the facts (the creation path stays as it was).
    statisticsFacts: { type: Schema.Types.Mixed },
  },
  { timestamps: true, versionKey: false, minimize: false },
);

// What the queries need on MongoDB (FerretDB scans either way, docs/architecture.md): the list
// (newest first, keyset cursor), the review/expiry jobs, an agency's own alerts (overdue hits).
alertSchema.index({ createdAt: -1, _id: -1 });
alertSchema.index({ status: 1, reviewAt: 1 });
alertSchema.index({ originAgencyId: 1, createdAt: -1 });
alertSchema.plugin(fencedWrites);
export const alertModel = (connection: Connection) =>
  modelOn(connection, 'Alert', () => connection.model<AlertDoc>('Alert', alertSchema, 'alerts'));
export type AlertModel = ReturnType<typeof alertModel>;

/**
 * Stores a new alert built (and validated) as an `Alert` document, and returns it as stored: what
 * `save()` does for a new document here — its timestamps, the fencing check (fencedWrites), one
 * insert — without the rest of Mongoose's save machinery, and the stored object doubles as the
 * plain alert the caller announces. This is the alert's creation path, before its announcement,
 * where every tenth of a millisecond of CPU shows in the fan-out (docs/benchmarks.md). A duplicate
 * key fails as `save()` would (E11000). `test/integration/alertInsert.test.ts` keeps the stored
 * document the same as `save()` stores.
 */
export async function insertNewAlert(instance: Instance, doc: InstanceType<AlertModel>, now = new Date()): Promise<AlertDoc> {
  const { Alert } = instance.models.alerts;
  await assertLockHeld();
  doc.set({ createdAt: now, updatedAt: now });
  const stored = doc.toBSON() as AlertDoc;
  await Alert.collection.insertOne(stored as Parameters<typeof Alert.collection.insertOne>[0]);
  return stored;
}
