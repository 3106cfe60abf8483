/**
 * Alert → API object, the only way an alert leaves the server (HTTP, sockets, lists, search).
 * Redaction of restricted victim identity is written here once.
 */
import type { AlertCoreDto, AlertDto, AlertKind, AlertSummaryDto, AlertUpdateDto, Priority, SubjectDto } from '../../shared/dto/alert.js';
import { encodeCursor } from '../services/pagination.js';
import type { AlertDoc, AlertSubject, AlertUpdateEntry } from '../models/Alert.js';
import { alertAbilities, canSeeRestricted, type Viewer } from '../policies/alert.policy.js';

export type { AlertDto, AlertSummaryDto, AlertUpdateDto };

/** Victim fields that identify a person (PRODUCT.md "sensitivity"). */
const VICTIM_IDENTITY_FIELDS = ['givenNames', 'familyNames', 'mothersName', 'aliases', 'dateOfBirth', 'documents'] as const;

function redactSubject(s: AlertSubject): AlertSubject & { redacted?: true } {
  if (s.role !== 'victim') return s;
  const copy: Record<string, unknown> = { ...s };
  for (const f of VICTIM_IDENTITY_FIELDS) delete copy[f];
  return { ...(copy as unknown as AlertSubject), redacted: true };
}

/** Subjects as this viewer may see them; photo refs of redacted victims are dropped too. */
export function visibleSubjects(a: AlertDoc, v: Viewer): { subjects: AlertSubject[]; hiddenSubjectIndexes: Set<number> } {
  if (canSeeRestricted(v, a)) return { subjects: a.subjects, hiddenSubjectIndexes: new Set() };
  const hidden = new Set<number>();
  const subjects = a.subjects.map((s, i) => {
    if (s.role === 'victim') hidden.add(i);
    return redactSubject(s);
  });
  return { subjects, hiddenSubjectIndexes: hidden };
}

/** The opaque cursor of an alert's latest change, passed back to `alerts:since`. */
export const changeCursor = (changeSeq: number): string => encodeCursor({ c: changeSeq });

export function presentUpdate(u: AlertUpdateEntry): AlertUpdateDto {
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
  const { subjects, hiddenSubjectIndexes } = visibleSubjects(a, v);
  return {
    ...core(a, v),
    summary: a.summary,
    occurredAt: a.occurredAt?.toISOString() ?? null,
    actionRequested: a.actionRequested,
    replyWithinHours: a.replyWithinHours,
    legalBasis: a.legalBasis,
    handlingCode: a.handlingCode,
    sourceReliability: a.sourceReliability,
    infoCredibility: a.infoCredibility,
    subjects: subjects as SubjectDto[],
    vehicles: a.vehicles,
    phones: a.phones,
    phonesNormalized: a.phonesNormalized,
    locations: a.locations,
    tags: a.tags,
    victimConsent: canSeeRestricted(v, a) ? a.victimConsent : null,
    photos: a.photos
      .filter((p) => p.subjectIndex === null || !hiddenSubjectIndexes.has(p.subjectIndex))
      .map((p) => ({ id: p.id, subjectIndex: p.subjectIndex, mime: p.mime, width: p.width, height: p.height, at: p.at.toISOString() })),
    history: a.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    updates: a.updates.map(presentUpdate),
  };
}
