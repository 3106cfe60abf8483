/**
 * Alert → API object, the only way an alert leaves the server (HTTP, sockets, lists, search).
 * Redaction is written here once, as an allow-list of the fields of people, documents, vehicles and
 * places: a stored field nobody classified is never sent.
 */
import type {
  AlertCoreDto,
  AlertRetentionDto,
  AlertDto,
  AlertKind,
  AlertSummaryDto,
  AlertUpdateDto,
  DocumentDto,
  LocationDto,
  PhotoRefDto,
  Priority,
  SubjectDto,
  VehicleDto,
} from '../../shared/dto/alert.js';
import { encodeCatchUpCursor } from './changeLog/catchUpCursors.js';
import { alertClocks } from './changeLog/alertClocks.js';
import type { AlertDoc, AlertPhotoRef, AlertSubject, AlertUpdateEntry } from './Alert.js';
import { photoSubjectId, subjectIdOf } from './subjectLinks.js';
import { alertAbilities, canSeeRestricted, type Viewer } from './alert.policy.js';
import { canSeePhoto, photoNeedsRestrictedAccess } from './photos/photo.policy.js';
import { identityShown, type VICTIM_IDENTITY_FIELDS } from './restrictedSubjects.js';
import { dayMonthYear, purgeDateOf, retentionFactsOf } from './retention/retentionRule.js';
import { retention as retentionText } from '../../shared/i18n/client/retention.js';
import type { Instance } from '../platform/instance.js';

export type { AlertDto, AlertSummaryDto, AlertUpdateDto };

/**
 * Who reads a field, per viewer class: `shown`, everyone who sees the alert; `identity`, a restricted
 * subject's identity (restrictedSubjects.ts), only readers with restricted access to the alert
 * (canSeeRestricted) — of an unrestricted subject, everyone. A field in none of these tables is
 * hidden from all. The types make every DTO field classified (identity exactly as
 * VICTIM_IDENTITY_FIELDS says); test/unit/presentedFields.test.ts checks the input schemas' fields.
 */
export type FieldRule = 'shown' | 'identity';
type IdentityField = (typeof VICTIM_IDENTITY_FIELDS)[number];

export const SUBJECT_FIELDS: { readonly [K in keyof AlertSubject]-?: K extends IdentityField ? 'identity' : 'shown' } = {
  id: 'shown',
  role: 'shown',
  givenNames: 'identity',
  familyNames: 'identity',
  mothersName: 'identity',
  aliases: 'identity',
  sex: 'shown',
  dateOfBirth: 'identity',
  approxAge: 'shown',
  nationality: 'shown',
  documents: 'identity',
  description: 'shown',
};
export const DOCUMENT_FIELDS: Readonly<Record<keyof DocumentDto, 'shown'>> = {
  type: 'shown',
  country: 'shown',
  number: 'shown',
  normalized: 'shown',
};
export const VEHICLE_FIELDS: Readonly<Record<keyof VehicleDto, 'shown'>> = {
  plate: 'shown',
  plateNormalized: 'shown',
  country: 'shown',
  make: 'shown',
  model: 'shown',
  colour: 'shown',
};
export const LOCATION_FIELDS: Readonly<Record<keyof LocationDto, 'shown'>> = {
  label: 'shown',
  country: 'shown',
  adminArea: 'shown',
  locality: 'shown',
  borderCrossing: 'shown',
  lat: 'shown',
  lng: 'shown',
};

/** The fields of `value` its table lets the reader see (`identity`: whether identity is open to them), in stored order. */
function allowed<T>(value: T, fields: Readonly<Record<string, FieldRule>>, identity = false): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as object)) {
    const rule = Object.hasOwn(fields, k) ? fields[k] : undefined;
    if (rule === 'shown' || (rule === 'identity' && identity)) out[k] = v;
  }
  return out as T;
}

const presentLocation = (l: LocationDto): LocationDto => allowed(l, LOCATION_FIELDS);

/** A subject as a reader sees it, with its stable id (subjectLinks.ts); `redacted` when its identity is withheld. */
function presentSubject(a: AlertDoc, s: AlertSubject, i: number, restrictedAccess: boolean): SubjectDto {
  const identity = identityShown(a, s, restrictedAccess);
  const out: SubjectDto = allowed(s, SUBJECT_FIELDS, identity);
  if (Array.isArray(out.documents)) out.documents = out.documents.map((d) => allowed(d, DOCUMENT_FIELDS));
  return { ...out, ...(identity ? {} : { redacted: true as const }), id: subjectIdOf(s, i) };
}

/** A photo reference as clients read it: `subjectId`, and `subjectIndex` (the subject's position now). */
export function presentPhoto(a: AlertDoc, p: AlertPhotoRef): PhotoRefDto {
  const subjectId = photoSubjectId(p);
  const index = subjectId === null ? -1 : a.subjects.findIndex((s, i) => subjectIdOf(s, i) === subjectId);
  return {
    id: p.id,
    subjectId,
    subjectIndex: index >= 0 ? index : null,
    shows: p.shows ?? 'person',
    restricted: photoNeedsRestrictedAccess(a, p),
    mime: p.mime,
    width: p.width,
    height: p.height,
    at: p.at.toISOString(),
  };
}

/** The opaque cursor of an alert's latest change, passed back to `alerts:since`. */
export const changeCursor = (instance: Instance, changeSeq: number): string =>
  encodeCatchUpCursor(instance.alertKeys, { c: changeSeq }, instance.alertCopy.issuingEpoch);

export function presentUpdate(u: AlertUpdateEntry): AlertUpdateDto {
  // A hidden note shows only that it was hidden (its text is no longer stored either).
  if (u.hidden)
    return {
      id: u.id,
      kind: u.kind,
      hitType: null,
      text: '',
      location: null,
      authorId: u.authorId,
      agencyId: u.agencyId,
      country: u.country,
      at: u.at.toISOString(),
      hidden: true,
      hiddenAt: u.hidden.at.toISOString(),
      ...(u.hidden.requestNumber ? { erasedByRequest: u.hidden.requestNumber } : {}),
    };
  return {
    id: u.id,
    kind: u.kind,
    hitType: u.hitType ?? null,
    text: u.text,
    location: u.location ? presentLocation(u.location) : null,
    authorId: u.authorId,
    agencyId: u.agencyId,
    country: u.country,
    at: u.at.toISOString(),
    ...(u.kind === 'hit'
      ? {
          dueAt: u.dueAt?.toISOString() ?? null,
          acknowledgedAt: u.acknowledgedAt?.toISOString() ?? null,
          acknowledgedBy: u.acknowledgedBy ?? null,
        }
      : {}),
  };
}

/** What every alert object carries, summary or full. */
function core(instance: Instance, a: AlertDoc, v: Viewer): AlertCoreDto {
  return {
    id: String(a._id),
    reference: a.reference,
    kind: a.kind as AlertKind,
    priority: a.priority as Priority,
    status: a.status,
    title: a.title,
    sensitivity: a.sensitivity,
    distribution: { scope: a.distribution.scope, agencyIds: a.distribution.agencyIds ?? [] },
    originAgencyId: a.originAgencyId,
    originCountry: a.originCountry,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    reviewAt: a.reviewAt.toISOString(),
    version: a.version,
    cursor: changeCursor(instance, a.changeSeq),
    abilities: alertAbilities(v, a),
  };
}

/** Summary for lists and socket events: no subjects, phones, vehicles or updates (minimum data). */
export function presentAlertSummary(instance: Instance, a: AlertDoc, v: Viewer): AlertSummaryDto {
  return {
    ...core(instance, a, v),
    occurredAt: a.occurredAt?.toISOString() ?? null,
    subjectCount: a.subjects.length,
    hitCount: a.updates.filter((u) => u.kind === 'hit').length,
    borderCrossings: [...new Set(a.locations.map((l) => l.borderCrossing).filter((b): b is string => !!b))],
  };
}

/** The full record, for GET /alerts/:id (audited) and the alert's own writers. */
export function presentAlert(instance: Instance, a: AlertDoc, v: Viewer): AlertDto {
  // The case number and authority of a restricted alert point at the victim's case (docs/security.md).
  const restricted = canSeeRestricted(v, a);
  // A photo this viewer may not see leaves no trace but the count (not even its id).
  const photos = a.photos.filter((p) => canSeePhoto(a, v, p));
  return {
    ...core(instance, a, v),
    summary: a.summary,
    occurredAt: a.occurredAt?.toISOString() ?? null,
    actionRequested: a.actionRequested,
    replyWithinHours: a.replyWithinHours,
    legalBasis: restricted ? a.legalBasis : null,
    handlingCode: a.handlingCode,
    sourceReliability: a.sourceReliability,
    infoCredibility: a.infoCredibility,
    subjects: a.subjects.map((s, i) => presentSubject(a, s, i, restricted)),
    vehicles: a.vehicles.map((x) => allowed(x, VEHICLE_FIELDS)),
    phones: a.phones,
    phonesNormalized: a.phonesNormalized,
    locations: a.locations.map(presentLocation),
    tags: a.tags,
    victimConsent: restricted ? a.victimConsent : null,
    photos: photos.map((p) => presentPhoto(a, p)),
    hiddenPhotoCount: a.photos.length - photos.length,
    history: a.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    updates: a.updates.map(presentUpdate),
    retention: presentRetention(a),
  };
}

/** When a closed alert's personal data is (or was) purged; null while it is active. */
export function presentRetention(a: AlertDoc, now = alertClocks.wall()): AlertRetentionDto | null {
  const f = retentionFactsOf(a);
  if (!f) return null;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    purgeAt: iso(f.purgedAt ?? purgeDateOf(f, now)),
    extendedUntil: iso(f.extendedUntil),
    purgedAt: iso(f.purgedAt),
    note: f.purgedAt === null ? null : retentionText.es.purgedNote.replace('{date}', dayMonthYear(f.purgedAt)),
  };
}
