/**
 * What the new-alert form checks before sending (issue 25): the choices it does not pre-fill, and
 * the identifiers shared/identifiers cannot read (phone "12", plate "???"), each with the field it
 * belongs to and, for identifiers, how to clear it. Pure: the screen words the messages.
 */
import { normalizeDocument } from '../../../../shared/identifiers/documents.js';
import { normalizePhoneEitherCountry } from '../../../../shared/identifiers/phone.js';
import { normalizePlate } from '../../../../shared/identifiers/plate.js';
import { DOCUMENT_TYPES } from '../../../../shared/schemas/alertEnums.js';
import type { AlertDraft } from './draftModel.js';

export type DocType = (typeof DOCUMENT_TYPES)[number];

export type Problem =
  | { kind: 'kindMissing' | 'priorityMissing' | 'titleMissing' | 'agenciesMissing'; fieldId: string }
  | { kind: 'phoneInvalid'; fieldId: string; phone: number }
  | { kind: 'plateInvalid'; fieldId: string; vehicle: number }
  | { kind: 'documentInvalid'; fieldId: string; person: number; type: DocType }
  | { kind: 'ageInvalid'; fieldId: string; person: number }
  | { kind: 'replyInvalid'; fieldId: string }
  | { kind: 'coordinatesInvalid'; fieldId: string; place: number };

/** Field ids of the form (the summary links to them; the review step's "Cambiar" returns to them). */
export const FIELD = {
  kind: 'a-kind',
  priority: 'a-priority',
  title: 'a-title',
  summary: 'a-summary',
  occurredAt: 'a-occurred',
  reviewAt: 'a-review',
  tags: 'a-tags',
  scope: 'a-scope',
  sensitivity: 'a-sensitivity',
  firstAgency: 'a-agency-0',
  photo: 'a-photo',
  action: 'a-action',
  actionText: 'a-action-text',
  reply: 'a-reply',
  caseNumber: 'a-case',
  authority: 'a-authority',
  consentNote: 'a-consent-note',
  subject: (i: number, part: 'role' | 'given' | 'family' | 'mother' | 'aliases' | 'dob' | 'age' | 'desc') => `s${i}-${part}`,
  document: (i: number, k: number, part: 'type' | 'country' | 'number') => `s${i}-doc${k}-${part}`,
  phone: (i: number) => `ph${i}`,
  vehicle: (i: number, part: 'plate' | 'make' | 'model' | 'colour') => `v${i}-${part}`,
  place: (i: number, part: 'label' | 'area' | 'locality' | 'crossing' | 'lat' | 'lng') => `l${i}-${part}`,
} as const;

/**
 * Fields shown in the quick alert (at most 12 controls): kind, priority, title, the first person's
 * role, names and first document, a photo, the first place, who will see it. Everything else is
 * under "Más detalles"; an error there opens it.
 */
export const QUICK_FIELDS: ReadonlySet<string> = new Set([
  FIELD.kind,
  FIELD.priority,
  FIELD.title,
  FIELD.subject(0, 'role'),
  FIELD.subject(0, 'given'),
  FIELD.subject(0, 'family'),
  FIELD.document(0, 0, 'type'),
  FIELD.document(0, 0, 'number'),
  FIELD.photo,
  FIELD.place(0, 'label'),
  FIELD.scope,
  FIELD.sensitivity,
  FIELD.firstAgency,
  FIELD.consentNote,
]);

/** Whether a field is in the quick alert (each photo's "whom it shows" is, with its photo). */
export const isQuickField = (id: string): boolean => QUICK_FIELDS.has(id) || /^photo\d+-who$/.test(id);

const isType = (t: string): t is DocType => (DOCUMENT_TYPES as readonly string[]).includes(t);
const wholeIn = (s: string, min: number, max: number): boolean => /^\d+$/.test(s.trim()) && Number(s) >= min && Number(s) <= max;
const degreesIn = (s: string, max: number): boolean => !s.trim() || (Number.isFinite(Number(s)) && Math.abs(Number(s)) <= max);

/** Every problem that blocks sending, in the form's order. */
export function draftProblems(d: AlertDraft, home: 'AR' | 'PY'): Problem[] {
  const out: Problem[] = [];
  if (!d.kind) out.push({ kind: 'kindMissing', fieldId: FIELD.kind });
  if (!d.priority) out.push({ kind: 'priorityMissing', fieldId: FIELD.priority });
  if (!d.title.trim()) out.push({ kind: 'titleMissing', fieldId: FIELD.title });
  d.subjects.forEach((s, i) => {
    s.documents.forEach((doc, k) => {
      if (!doc.number.trim() || normalizeDocument(doc).ok) return;
      out.push({
        kind: 'documentInvalid',
        fieldId: FIELD.document(i, k, 'number'),
        person: i + 1,
        type: isType(doc.type) ? doc.type : 'other',
      });
    });
    if (s.approxAge.trim() && !wholeIn(s.approxAge, 0, 120))
      out.push({ kind: 'ageInvalid', fieldId: FIELD.subject(i, 'age'), person: i + 1 });
  });
  d.phones.forEach((p, i) => {
    if (p.trim() && !normalizePhoneEitherCountry(p, home).ok) out.push({ kind: 'phoneInvalid', fieldId: FIELD.phone(i), phone: i + 1 });
  });
  d.vehicles.forEach((v, i) => {
    if (v.plate.trim() && !normalizePlate(v.plate, v.country || null).ok) {
      out.push({ kind: 'plateInvalid', fieldId: FIELD.vehicle(i, 'plate'), vehicle: i + 1 });
    }
  });
  d.locations.forEach((l, i) => {
    if (!degreesIn(l.lat, 90) || !degreesIn(l.lng, 180) || !l.lat.trim() !== !l.lng.trim()) {
      out.push({ kind: 'coordinatesInvalid', fieldId: FIELD.place(i, 'lat'), place: i + 1 });
    }
  });
  if (d.replyWithinHours.trim() && !wholeIn(d.replyWithinHours, 1, 720)) out.push({ kind: 'replyInvalid', fieldId: FIELD.reply });
  if (d.scope === 'agencies' && !d.agencyIds.length) out.push({ kind: 'agenciesMissing', fieldId: FIELD.firstAgency });
  return out;
}

/** The draft with the field of an identifier problem emptied (the officer's "Borrar" instead of fixing it). */
export function clearField(d: AlertDraft, fieldId: string): AlertDraft {
  // Emptied, not removed: the other fields keep their places (and their errors' links); blanks are not sent.
  const phone = /^ph(\d+)$/.exec(fieldId);
  if (phone) return { ...d, phones: d.phones.map((x, j) => (j === Number(phone[1]) ? '' : x)) };
  const plate = /^v(\d+)-plate$/.exec(fieldId);
  if (plate) return { ...d, vehicles: d.vehicles.map((v, j) => (j === Number(plate[1]) ? { ...v, plate: '' } : v)) };
  const doc = /^s(\d+)-doc(\d+)-number$/.exec(fieldId);
  if (doc) {
    const [i, k] = [Number(doc[1]), Number(doc[2])];
    return {
      ...d,
      subjects: d.subjects.map((s, j) =>
        j === i ? { ...s, documents: s.documents.map((x, m) => (m === k ? { ...x, number: '' } : x)) } : s,
      ),
    };
  }
  return d;
}

/** Problems whose field can be emptied instead of fixed. */
export const clearable = (p: Problem): boolean => p.kind === 'phoneInvalid' || p.kind === 'plateInvalid' || p.kind === 'documentInvalid';

/** Whether sending shows the review step: the alert goes to agencies of another country. */
export function crossesBorder(
  d: Pick<AlertDraft, 'scope' | 'agencyIds'>,
  ownCountry: string,
  countryOf: (agencyId: string) => string | undefined,
) {
  if (d.scope === 'bilateral') return true;
  // An agency whose country is not known here is treated as abroad: the review is the safe side.
  if (d.scope === 'agencies') return d.agencyIds.some((id) => countryOf(id) !== ownCountry);
  return false;
}
