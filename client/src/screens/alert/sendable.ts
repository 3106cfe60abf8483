/**
 * The draft as it is sent: the quick alert always shows one person, one document and one place,
 * so the ones left blank are dropped (a person stays when a photo shows them). The positions kept
 * map the server's error paths (`subjects.0.givenNames`) back to the fields the officer typed in.
 */
import { withoutSubject } from './photoDraftLinks.js';
import { FIELD } from './draftCheck.js';
import type { AlertDraft, LocationDraft, SubjectDraft } from './draftModel.js';

export interface Sendable {
  draft: AlertDraft;
  /** For each person sent, their position in the form. */
  subjects: number[];
  /** For each person sent, the form positions of the documents sent. */
  documents: number[][];
  phones: number[];
  vehicles: number[];
  locations: number[];
}

const filled = (...values: string[]): boolean => values.some((v) => v.trim() !== '');
const blankSubject = (s: SubjectDraft): boolean =>
  !filled(s.givenNames, s.familyNames, s.mothersName, s.aliases, s.sex, s.dateOfBirth, s.approxAge, s.nationality, s.description) &&
  s.documents.every((doc) => !doc.number.trim());
const blankPlace = (l: LocationDraft): boolean => !filled(l.label, l.adminArea, l.locality, l.borderCrossing, l.lat, l.lng);

/** Positions of the items `keep` accepts. */
const kept = <T>(list: T[], keep: (x: T, i: number) => boolean): number[] => list.flatMap((x, i) => (keep(x, i) ? [i] : []));

export function sendable(d: AlertDraft): Sendable {
  const shownInPhoto = (i: number) => d.photos.some((p) => p.subjectIndex === i);
  const subjects = kept(d.subjects, (s, i) => !blankSubject(s) || shownInPhoto(i));
  let pruned: AlertDraft = d;
  for (let i = d.subjects.length - 1; i >= 0; i--) if (!subjects.includes(i)) pruned = { ...pruned, ...withoutSubject(pruned, i) };
  const documents = subjects.map((i) => kept(d.subjects[i]!.documents, (doc) => doc.number.trim() !== ''));
  const phones = kept(d.phones, (p) => p.trim() !== '');
  const vehicles = kept(d.vehicles, (v) => filled(v.plate, v.make, v.model, v.colour));
  const locations = kept(d.locations, (l) => !blankPlace(l));
  return {
    draft: {
      ...pruned,
      subjects: pruned.subjects.map((s, j) => ({ ...s, documents: documents[j]!.map((k) => s.documents[k]!) })),
      phones: phones.map((i) => d.phones[i]!),
      vehicles: vehicles.map((i) => d.vehicles[i]!),
      locations: locations.map((i) => d.locations[i]!),
    },
    subjects,
    documents,
    phones,
    vehicles,
    locations,
  };
}

const SUBJECT_PARTS = {
  role: 'role',
  givenNames: 'given',
  familyNames: 'family',
  mothersName: 'mother',
  aliases: 'aliases',
  dateOfBirth: 'dob',
  approxAge: 'age',
  description: 'desc',
} as const;
const VEHICLE_PARTS = { plate: 'plate', make: 'make', model: 'model', colour: 'colour' } as const;
const PLACE_PARTS = {
  label: 'label',
  adminArea: 'area',
  locality: 'locality',
  borderCrossing: 'crossing',
  lat: 'lat',
  lng: 'lng',
} as const;
const TOP: Record<string, string> = {
  kind: FIELD.kind,
  priority: FIELD.priority,
  title: FIELD.title,
  summary: FIELD.summary,
  occurredAt: FIELD.occurredAt,
  reviewAt: FIELD.reviewAt,
  tags: FIELD.tags,
  replyWithinHours: FIELD.reply,
  'actionRequested.code': FIELD.action,
  'actionRequested.text': FIELD.actionText,
  'legalBasis.caseNumber': FIELD.caseNumber,
  'legalBasis.authority': FIELD.authority,
  distribution: FIELD.scope,
  'distribution.scope': FIELD.scope,
  'distribution.agencyIds': FIELD.firstAgency,
  sensitivity: FIELD.sensitivity,
  'victimConsent.note': FIELD.consentNote,
};

/** The form field an API error path (of the body `sendable` produced) belongs to, or null. */
export function fieldOfPath(path: string, s: Sendable): string | null {
  if (TOP[path]) return TOP[path];
  if (/^tags\.\d+$/.test(path)) return FIELD.tags;
  const at = (list: number[], j: string) => list[Number(j)];
  let m = /^subjects\.(\d+)\.documents\.(\d+)\.(\w+)$/.exec(path);
  if (m) {
    const i = at(s.subjects, m[1]!);
    const k = s.documents[Number(m[1])]?.[Number(m[2])];
    const part = m[3] === 'type' || m[3] === 'country' ? m[3] : 'number';
    return i === undefined || k === undefined ? null : FIELD.document(i, k, part);
  }
  m = /^subjects\.(\d+)\.(\w+)/.exec(path);
  if (m) {
    const i = at(s.subjects, m[1]!);
    const part = SUBJECT_PARTS[m[2] as keyof typeof SUBJECT_PARTS];
    return i === undefined || !part ? null : FIELD.subject(i, part);
  }
  m = /^phones\.(\d+)$/.exec(path);
  if (m) return at(s.phones, m[1]!) === undefined ? null : FIELD.phone(at(s.phones, m[1]!)!);
  m = /^vehicles\.(\d+)\.(\w+)$/.exec(path);
  if (m) {
    const i = at(s.vehicles, m[1]!);
    const part = VEHICLE_PARTS[m[2] as keyof typeof VEHICLE_PARTS];
    return i === undefined || !part ? null : FIELD.vehicle(i, part);
  }
  m = /^locations\.(\d+)\.(\w+)$/.exec(path);
  if (m) {
    const i = at(s.locations, m[1]!);
    const part = PLACE_PARTS[m[2] as keyof typeof PLACE_PARTS];
    return i === undefined || !part ? null : FIELD.place(i, part);
  }
  return null;
}
