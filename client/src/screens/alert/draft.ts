/**
 * The new-alert form as typed (strings, so nothing is lost or reformatted while typing), kept
 * in IndexedDB so it survives a reload or a lost signal, and turned into the API's input.
 */
import type { CreateAlertInput } from '../../../../shared/schemas/alerts.js';
import { readLocal, removeLocal, writeLocal } from '../../live/localStore.js';
import { newIdempotencyKey, type OutboxPhoto } from '../../live/outbox.js';

export interface DocumentDraft {
  type: string;
  country: string;
  number: string;
}
export interface SubjectDraft {
  role: string;
  givenNames: string;
  familyNames: string;
  mothersName: string;
  aliases: string;
  sex: string;
  dateOfBirth: string;
  approxAge: string;
  nationality: string;
  description: string;
  documents: DocumentDraft[];
}
export interface VehicleDraft {
  plate: string;
  country: string;
  make: string;
  model: string;
  colour: string;
}
export interface LocationDraft {
  label: string;
  country: string;
  adminArea: string;
  locality: string;
  borderCrossing: string;
}

export interface AlertDraft {
  /** The Idempotency-Key this alert will be sent with, fixed when the draft starts. */
  key: string;
  kind: string;
  priority: string;
  title: string;
  summary: string;
  occurredAt: string;
  reviewAt: string;
  actionCode: string;
  actionText: string;
  replyWithinHours: string;
  caseNumber: string;
  authority: string;
  handlingCode: string;
  sourceReliability: string;
  infoCredibility: string;
  subjects: SubjectDraft[];
  vehicles: VehicleDraft[];
  phones: string[];
  locations: LocationDraft[];
  tags: string;
  scope: string;
  agencyIds: string[];
  sensitivity: string;
  consentGiven: boolean;
  consentNote: string;
  photos: OutboxPhoto[];
}

export const emptyDocument = (country: string): DocumentDraft => ({ type: country === 'PY' ? 'CI' : 'DNI', country, number: '' });
export const emptySubject = (): SubjectDraft => ({
  role: 'victim',
  givenNames: '',
  familyNames: '',
  mothersName: '',
  aliases: '',
  sex: '',
  dateOfBirth: '',
  approxAge: '',
  nationality: '',
  description: '',
  documents: [],
});
export const emptyVehicle = (country: string): VehicleDraft => ({ plate: '', country, make: '', model: '', colour: '' });
export const emptyLocation = (country: string): LocationDraft => ({ label: '', country, adminArea: '', locality: '', borderCrossing: '' });

export function newDraft(): AlertDraft {
  return {
    key: newIdempotencyKey(),
    kind: 'possible_victim',
    priority: 'high',
    title: '',
    summary: '',
    occurredAt: '',
    reviewAt: '',
    actionCode: 'locate_and_report',
    actionText: '',
    replyWithinHours: '12',
    caseNumber: '',
    authority: '',
    handlingCode: '',
    sourceReliability: '',
    infoCredibility: '',
    subjects: [],
    vehicles: [],
    phones: [],
    locations: [],
    tags: '',
    scope: 'bilateral',
    agencyIds: [],
    sensitivity: 'standard',
    consentGiven: false,
    consentNote: '',
    photos: [],
  };
}

const DRAFT_KEY = 'new-alert-draft';
export const loadDraft = () => readLocal<AlertDraft>(DRAFT_KEY);
export const saveDraft = (d: AlertDraft) => writeLocal(DRAFT_KEY, d);
export const clearDraft = () => removeLocal(DRAFT_KEY);

const opt = (s: string): string | undefined => (s.trim() ? s.trim() : undefined);
const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const prune = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
const hasAny = (o: object) => Object.values(o).some((v) => v !== undefined && !(Array.isArray(v) && !v.length));

/** The API body for a draft (empty fields left out; the server validates everything again). */
export function toAlertInput(d: AlertDraft): CreateAlertInput {
  const subjects = d.subjects.map((s) =>
    prune({
      role: s.role as NonNullable<CreateAlertInput['subjects']>[number]['role'],
      givenNames: opt(s.givenNames),
      familyNames: opt(s.familyNames),
      mothersName: opt(s.mothersName),
      aliases: list(s.aliases).length ? list(s.aliases) : undefined,
      sex: (opt(s.sex) as 'female' | 'male' | 'other' | 'unknown' | undefined) ?? undefined,
      dateOfBirth: opt(s.dateOfBirth),
      approxAge: s.approxAge.trim() ? Number(s.approxAge) : undefined,
      nationality: opt(s.nationality),
      description: opt(s.description),
      documents: s.documents.filter((doc) => doc.number.trim()).length
        ? s.documents
            .filter((doc) => doc.number.trim())
            .map((doc) => ({ type: doc.type as 'DNI', country: doc.country, number: doc.number.trim() }))
        : undefined,
    }),
  );
  const vehicles = d.vehicles
    .map((v) => prune({ plate: opt(v.plate), country: opt(v.country), make: opt(v.make), model: opt(v.model), colour: opt(v.colour) }))
    .filter(hasAny);
  const locations = d.locations
    .map((l) =>
      prune({
        label: opt(l.label),
        country: opt(l.country) as 'AR' | 'PY' | undefined,
        adminArea: opt(l.adminArea),
        locality: opt(l.locality),
        borderCrossing: opt(l.borderCrossing),
      }),
    )
    .filter(hasAny);
  const phones = d.phones.map((p) => p.trim()).filter(Boolean);
  const tags = list(d.tags);
  return prune({
    kind: d.kind as CreateAlertInput['kind'],
    priority: d.priority as CreateAlertInput['priority'],
    title: d.title.trim(),
    summary: opt(d.summary),
    occurredAt: d.occurredAt ? new Date(d.occurredAt).toISOString() : undefined,
    reviewAt: d.reviewAt ? new Date(`${d.reviewAt}T12:00:00`).toISOString() : undefined,
    actionRequested: d.actionCode ? prune({ code: d.actionCode as 'locate_and_report', text: opt(d.actionText) }) : undefined,
    replyWithinHours: d.replyWithinHours.trim() ? Number(d.replyWithinHours) : undefined,
    legalBasis: opt(d.caseNumber) || opt(d.authority) ? prune({ caseNumber: opt(d.caseNumber), authority: opt(d.authority) }) : undefined,
    handlingCode: opt(d.handlingCode) as CreateAlertInput['handlingCode'],
    sourceReliability: opt(d.sourceReliability) as CreateAlertInput['sourceReliability'],
    infoCredibility: opt(d.infoCredibility) as CreateAlertInput['infoCredibility'],
    subjects: subjects.length ? subjects : undefined,
    vehicles: vehicles.length ? vehicles : undefined,
    phones: phones.length ? phones : undefined,
    locations: locations.length ? locations : undefined,
    tags: tags.length ? tags : undefined,
    distribution: d.scope === 'agencies' ? { scope: 'agencies', agencyIds: d.agencyIds } : { scope: d.scope as 'bilateral' },
    sensitivity: d.sensitivity as 'standard' | 'restricted',
    victimConsent: d.sensitivity === 'restricted' ? prune({ given: d.consentGiven, note: opt(d.consentNote) }) : undefined,
  });
}
