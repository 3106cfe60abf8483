/**
 * Alert → API object, the only way an alert leaves the server (HTTP, sockets, lists, search).
 * Redaction of restricted victim identity is written here once.
 */
import type {
  AlertCoreDto,
  AlertDto,
  AlertKind,
  AlertSummaryDto,
  AlertUpdateDto,
  PhotoRefDto,
  Priority,
  SubjectDto,
} from '../../shared/dto/alert.js';
import { encodeCatchUpCursor } from '../services/alerts/catchUpCursors.js';
import type { AlertDoc, AlertPhotoRef, AlertSubject, AlertUpdateEntry } from '../models/Alert.js';
import { photoSubjectId, subjectIdOf } from '../services/alerts/subjectLinks.js';
import { alertAbilities, canSeeRestricted, type Viewer } from '../policies/alert.policy.js';
import { canSeePhoto, photoNeedsRestrictedAccess } from '../policies/photo.policy.js';
import { VICTIM_IDENTITY_FIELDS } from '../../shared/restrictedFields.js';

export type { AlertDto, AlertSummaryDto, AlertUpdateDto };

function redactSubject(s: AlertSubject): AlertSubject & { redacted?: true } {
  if (s.role !== 'victim') return s;
  const copy: Record<string, unknown> = { ...s };
  for (const f of VICTIM_IDENTITY_FIELDS) delete copy[f];
  return { ...(copy as unknown as AlertSubject), redacted: true };
}

/** Subjects as this viewer may see them, each with its stable id (subjectLinks.ts). */
export function visibleSubjects(a: AlertDoc, v: Viewer): AlertSubject[] {
  const all = canSeeRestricted(v, a);
  return a.subjects.map((s, i) => ({ ...(all ? s : redactSubject(s)), id: subjectIdOf(s, i) }));
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
export const changeCursor = (changeSeq: number): string => encodeCatchUpCursor({ c: changeSeq });

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
    };
  return {
    id: u.id,
    kind: u.kind,
    hitType: u.hitType ?? null,
    text: u.text,
    location: u.location ?? null,
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
function core(a: AlertDoc, v: Viewer): AlertCoreDto {
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
    cursor: changeCursor(a.changeSeq),
    abilities: alertAbilities(v, a),
  };
}

/** Summary for lists and socket events: no subjects, phones, vehicles or updates (minimum data). */
export function presentAlertSummary(a: AlertDoc, v: Viewer): AlertSummaryDto {
  return {
    ...core(a, v),
    occurredAt: a.occurredAt?.toISOString() ?? null,
    subjectCount: a.subjects.length,
    hitCount: a.updates.filter((u) => u.kind === 'hit').length,
    borderCrossings: [...new Set(a.locations.map((l) => l.borderCrossing).filter((b): b is string => !!b))],
  };
}

/** The full record, for GET /alerts/:id (audited) and the alert's own writers. */
export function presentAlert(a: AlertDoc, v: Viewer): AlertDto {
  const subjects = visibleSubjects(a, v);
  // The case number and authority of a restricted alert point at the victim's case (docs/security.md).
  const restricted = canSeeRestricted(v, a);
  // A photo this viewer may not see leaves no trace but the count (not even its id).
  const photos = a.photos.filter((p) => canSeePhoto(a, v, p));
  return {
    ...core(a, v),
    summary: a.summary,
    occurredAt: a.occurredAt?.toISOString() ?? null,
    actionRequested: a.actionRequested,
    replyWithinHours: a.replyWithinHours,
    legalBasis: restricted ? a.legalBasis : null,
    handlingCode: a.handlingCode,
    sourceReliability: a.sourceReliability,
    infoCredibility: a.infoCredibility,
    subjects: subjects as SubjectDto[],
    vehicles: a.vehicles,
    phones: a.phones,
    phonesNormalized: a.phonesNormalized,
    locations: a.locations,
    tags: a.tags,
    victimConsent: restricted ? a.victimConsent : null,
    photos: photos.map((p) => presentPhoto(a, p)),
    hiddenPhotoCount: a.photos.length - photos.length,
    history: a.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    updates: a.updates.map(presentUpdate),
  };
}
