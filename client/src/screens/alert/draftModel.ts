/**
 * The new-alert form as typed (strings, so nothing is lost or reformatted while typing) and
 * turned into the API's input. Pure: draft.ts keeps it on the device.
 */
import type { CreateAlertInput } from '../../../../shared/schemas/alerts.js';
import type { OutboxPhoto } from '../../live/outbox.js';

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
  /** Decimal degrees as typed or as "Usar mi ubicación" filled them (empty when not given). */
  lat: string;
  lng: string;
}

export interface AlertDraft {
  /** The Idempotency-Key this alert will be sent with, fixed when the draft starts. */
  key: string;
  /** The id of the user typing it: nobody else is shown it. */
  owner: string;
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
export const emptyLocation = (country: string): LocationDraft => ({
  label: '',
  country,
  adminArea: '',
  locality: '',
  borderCrossing: '',
  lat: '',
  lng: '',
});

/** An empty draft that will be sent with Idempotency-Key `key`. */
export function blankDraft(owner: string, key: string): AlertDraft {
  return {
    key,
    owner,
    // Neither pre-filled: the officer chooses them (issue 25), the form says so if not.
    kind: '',
    priority: '',
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

/** A draft saved by an earlier version of the form, with the fields added since then filled in. */
export function withDefaults(saved: AlertDraft): AlertDraft {
  return {
    ...blankDraft(saved.owner, saved.key),
    ...saved,
    locations: saved.locations.map((l) => ({ ...emptyLocation(l.country), ...l })),
  };
}

const opt = (s: string): string | undefined => (s.trim() ? s.trim() : undefined);
const list = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
const prune = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
const degrees = (s: string): number | undefined => (s.trim() && Number.isFinite(Number(s)) ? Number(s) : undefined);
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
        lat: degrees(l.lat),
        lng: degrees(l.lng),
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
