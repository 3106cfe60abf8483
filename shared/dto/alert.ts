/**
 * Alert objects as they leave the server (API.md "Alerts"): the summary sent in lists and socket
 * events, the full record of GET /alerts/:id, updates, matches and views. Server presenters are
 * typed by these, so the client and the server agree at compile time.
 */
import type {
  ACTION_CODES,
  ALERT_KINDS,
  ALERT_STATUSES,
  DOCUMENT_TYPES,
  HIT_TYPES,
  PRIORITIES,
  SCOPES,
  SENSITIVITIES,
  SUBJECT_ROLES,
} from '../schemas/alertEnums.js';
import type { Country } from '../schemas/common.js';
import type { PhotoShows } from '../photoAccess.js';

export type AlertKind = (typeof ALERT_KINDS)[number];
export type Priority = (typeof PRIORITIES)[number];
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export type ActionCode = (typeof ACTION_CODES)[number];
export type SubjectRole = (typeof SUBJECT_ROLES)[number];
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
export type Scope = (typeof SCOPES)[number];
export type Sensitivity = (typeof SENSITIVITIES)[number];
export type HitType = (typeof HIT_TYPES)[number];

/** What the viewer may do with an alert; the client hides the rest (the server still checks). */
export interface AlertAbilities {
  view: boolean;
  edit: boolean;
  changeStatus: boolean;
  addUpdate: boolean;
  acknowledgeHits: boolean;
  /** Hide notes on this alert (the origin agency, issue #23 F5). */
  hideUpdates: boolean;
  viewRestricted: boolean;
  viewViews: boolean;
  addPhoto: boolean;
  requestAccess: boolean;
  /** Export the case file for court (prosecutors of an agency the alert reaches; issue 29). */
  exportCaseFile: boolean;
  /** Extend how long a closed alert's personal data is kept (the issuing agency's officers and administrators). */
  extendRetention: boolean;
}

/**
 * Retention of a closed alert's personal data (docs/security.md "Retention"): when it is purged
 * (null while the alert is active), and once purged, when and the note readers are shown.
 */
export interface AlertRetentionDto {
  /** The date the personal data is (or was due to be) purged. */
  purgeAt: string | null;
  /** Kept at least until this date by an extension of the issuing agency. */
  extendedUntil: string | null;
  purgedAt: string | null;
  /** Once purged: "Datos personales eliminados por plazo de conservación (dd/mm/aaaa)". */
  note: string | null;
}

export interface DocumentDto {
  type: string;
  country: string;
  number: string;
  /** Digits-only (or upper-case) form used for matching; null when it could not be normalised. */
  normalized: string | null;
}

export interface SubjectDto {
  /** Stable id given by the server (photos link to it); absent on subjects stored before issue #10. */
  id?: string;
  role: string;
  givenNames?: string | null;
  familyNames?: string | null;
  mothersName?: string | null;
  aliases?: string[];
  sex?: string | null;
  dateOfBirth?: string | null;
  approxAge?: number | null;
  nationality?: string | null;
  documents?: DocumentDto[];
  description?: string | null;
  /** Present when the victim's identity fields were withheld from this viewer. */
  redacted?: true;
}

export interface VehicleDto {
  plate?: string | null;
  plateNormalized?: string | null;
  country?: string | null;
  make?: string | null;
  model?: string | null;
  colour?: string | null;
}

export interface LocationDto {
  label?: string | null;
  country?: string | null;
  adminArea?: string | null;
  locality?: string | null;
  borderCrossing?: string | null;
  lat?: number | null;
  lng?: number | null;
}

export interface HistoryEntryDto {
  at: string;
  by: string;
  agencyId: string;
  action:
    | 'created'
    | 'edited'
    | 'status_changed'
    | 'expired'
    | 'access_granted'
    | 'access_lapsed'
    | 'access_revoked'
    | 'retention_extended'
    | 'personal_data_purged'
    | 'subject_rectified'
    | 'subject_erased';
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  fields?: string[];
  /** On `subject_rectified` / `subject_erased`: the number of the data-subject request served. */
  requestNumber?: string;
}

export interface AlertUpdateDto {
  id: string;
  kind: 'note' | 'hit';
  hitType: string | null;
  text: string;
  location: LocationDto | null;
  authorId: string;
  agencyId: string;
  country: string;
  at: string;
  /** Hits only: when the issuing agency must answer by, and when it did. */
  dueAt?: string | null;
  acknowledgedAt?: string | null;
  acknowledgedBy?: string | null;
  /** Present on a note the origin agency hid: `text` is empty and `location` null for everyone. */
  hidden?: true;
  hiddenAt?: string;
  /** With `hidden`: the text was erased for this data-subject request (its number), not hidden by the origin agency. */
  erasedByRequest?: string;
}

export interface PhotoRefDto {
  id: string;
  /** The subject the photo shows (stable id), or null when it shows none of them (`shows` then says whether a person). */
  subjectId: string | null;
  /** That subject's position now (null when the photo is of the alert, or its subject is gone). */
  subjectIndex: number | null;
  /** What the photo shows; `person` also for photos stored before the poster was asked. */
  shows: PhotoShows;
  /** True when only viewers with restricted access see it (shared/photoAccess.ts). */
  restricted: boolean;
  mime: string;
  width: number;
  height: number;
  at: string;
}

/** Fields every alert object carries, summary or full. */
export interface AlertCoreDto {
  id: string;
  reference: string;
  kind: AlertKind;
  priority: Priority;
  status: AlertStatus;
  title: string;
  sensitivity: Sensitivity;
  distribution: { scope: Scope; agencyIds: string[] };
  originAgencyId: string;
  originCountry: Country;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  reviewAt: string;
  version: number;
  /** Opaque change cursor to pass back to `alerts:since`. */
  cursor: string;
  abilities: AlertAbilities;
}

/** Lists and socket events: no subjects, phones, vehicles or updates (minimum data). */
export interface AlertSummaryDto extends AlertCoreDto {
  occurredAt: string | null;
  subjectCount: number;
  hitCount: number;
  borderCrossings: string[];
}

/** The full record of GET /alerts/:id, redacted per sensitivity and role. */
export interface AlertDto extends AlertCoreDto {
  summary: string | null;
  occurredAt: string | null;
  actionRequested: { code: string; text?: string | null } | null;
  replyWithinHours: number;
  legalBasis: { caseNumber?: string | null; authority?: string | null } | null;
  handlingCode: string | null;
  sourceReliability: string | null;
  infoCredibility: string | null;
  subjects: SubjectDto[];
  vehicles: VehicleDto[];
  phones: string[];
  phonesNormalized: string[];
  locations: LocationDto[];
  tags: string[];
  victimConsent: { given: boolean; recordedBy?: string | null; note?: string | null } | null;
  photos: PhotoRefDto[];
  /** Photos of the alert this viewer may not see (restricted): only their number, never their ids. */
  hiddenPhotoCount: number;
  history: HistoryEntryDto[];
  updates: AlertUpdateDto[];
  retention: AlertRetentionDto | null;
}

/** GET /alerts/retention-due items: the agency's closed alerts nearing the purge of their personal data. */
export interface AlertRetentionDueDto {
  alert: AlertSummaryDto;
  purgeAt: string;
}

/** GET /alerts/:id/matches items. */
export interface AlertMatchDto {
  alertId: string;
  reference: string;
  on: 'document' | 'phone' | 'plate' | 'name';
  value: string | null;
  /** Only on GET /alerts/:id/matches, for an alert the caller may not see: a hit/no-hit stub that an access request may name. */
  restricted?: true;
  kind?: AlertKind;
  originAgencyId?: string;
  status?: AlertStatus;
}

/** GET /alerts/:id/views items: who viewed or exported the alert. */
export interface AlertViewDto {
  at: string;
  userId: string;
  /** The viewer's display name (null for an account that no longer exists). */
  userName: string | null;
  agencyId: string;
  country: string;
  action: 'view' | 'export';
  auditSeq: number;
}

/** A hit/no-hit stub: an alert exists but is not distributed to the caller. */
export interface AlertStubDto {
  id: string;
  reference: string;
  kind: AlertKind;
  originAgencyId: string;
  status: AlertStatus;
  restricted: true;
}

/** A list page (API.md "Lists"). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
