/**
 * How the alert copy holds an alert: its **head** (what lists filter on and what access is decided
 * by, as a small frozen object with shared strings) and the whole alert as **compressed BSON**,
 * decoded on demand for the few alerts a response shows. Decoding gives a fresh object each time, so a
 * reader cannot alter what the next one reads. (Whole alerts as objects cost ~9 KB each.)
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { BSON } from 'mongodb';
import type { AlertDoc } from '../Alert.js';
import type { AlertAccessFacts } from '../alert.policy.js';
import { retentionFactsOf, type RetentionFacts } from '../retention/retentionRule.js';

export interface AlertHead extends AlertAccessFacts {
  readonly id: string;
  /** createdAt, in ms. */
  readonly at: number;
  readonly changeSeq: number;
  readonly kind: string;
  readonly priority: string;
  readonly createdBy: string;
  /** reviewAt, in ms (review reminders). */
  readonly reviewAt: number;
  /** When the earliest unacknowledged hit is due, in ms; null if none (overdue hits). */
  readonly hitDueAt: number | null;
  /** A closed alert's retention facts (the retention job reads them); null while it is active. */
  readonly retention: RetentionFacts | null;
}

/** Strings many alerts share (agency and user ids, kinds, statuses) are kept once. */
const shared = new Map<string, string>();
function once(s: string): string {
  const known = shared.get(s);
  if (known !== undefined) return known;
  shared.set(s, s);
  return s;
}
const NO_IDS: readonly string[] = Object.freeze([]);
const ids = (list: readonly string[] | undefined): string[] => (list?.length ? Object.freeze(list.map(once)) : NO_IDS) as string[];

/** A head from its fields (from an alert, or read back from a snapshot), strings shared. */
export function makeHead(h: AlertHead): AlertHead {
  return Object.freeze({
    id: h.id,
    at: h.at,
    changeSeq: h.changeSeq,
    kind: once(h.kind),
    priority: once(h.priority),
    status: once(h.status),
    sensitivity: h.sensitivity,
    originAgencyId: once(h.originAgencyId),
    originCountry: once(h.originCountry),
    createdBy: once(h.createdBy),
    reviewAt: h.reviewAt,
    hitDueAt: h.hitDueAt,
    distribution: Object.freeze({ scope: h.distribution.scope, agencyIds: ids(h.distribution.agencyIds) }),
    grantedAgencyIds: ids(h.grantedAgencyIds),
    retention: h.retention ? Object.freeze({ ...h.retention }) : null,
  });
}

/** When the earliest hit nobody has acknowledged is due (ms), or null. */
function earliestOpenHit(doc: AlertDoc): number | null {
  let earliest: number | null = null;
  for (const u of doc.updates ?? [])
    if (u.kind === 'hit' && !u.acknowledgedAt && u.dueAt) earliest = Math.min(earliest ?? Infinity, u.dueAt.getTime());
  return earliest;
}

export function headOf(doc: AlertDoc): AlertHead {
  return makeHead({
    ...doc,
    id: String(doc._id),
    at: doc.createdAt.getTime(),
    changeSeq: doc.changeSeq ?? 0,
    reviewAt: doc.reviewAt.getTime(),
    hitDueAt: earliestOpenHit(doc),
    retention: retentionFactsOf(doc),
  });
}

/**
 * A typical alert's field names and common values, given to zlib as a preset dictionary: alerts
 * are small, so most of what compresses in one is what all of them share. Changing it makes older
 * snapshots unreadable: bump the snapshot FORMAT with it (alertSnapshot.ts).
 */
const DICTIONARY = BSON.serialize({
  _id: new BSON.ObjectId('000000000000000000000000'),
  reference: 'AR-2026-000000',
  kind: 'possible_victim',
  priority: 'urgent',
  status: 'active',
  title: 'Posible víctima de trata de personas',
  summary: 'Se observó en el paso fronterizo',
  occurredAt: new Date(0),
  actionRequested: { code: 'locate', text: null },
  replyWithinHours: 12,
  legalBasis: { caseNumber: null, authority: null },
  handlingCode: null,
  sourceReliability: null,
  infoCredibility: null,
  subjects: [
    {
      id: '00000000-0000-4000-8000-000000000000',
      role: 'victim',
      givenNames: 'María',
      familyNames: 'González',
      mothersName: null,
      aliases: [],
      sex: 'female',
      dateOfBirth: null,
      approxAge: 16,
      nationality: 'PY',
      documents: [{ type: 'DNI', country: 'AR', number: '30.000.000', normalized: '30000000' }],
      description: 'Tez morena, cabello largo',
    },
    {
      id: '00000000-0000-4000-8000-000000000001',
      role: 'suspect',
      givenNames: 'Juan',
      familyNames: 'Benítez',
      documents: [{ type: 'CI', country: 'PY' }],
    },
  ],
  vehicles: [{ plate: 'AB 123 CD', plateNormalized: 'AB123CD', country: 'AR', make: 'Toyota', model: 'Hilux', colour: 'blanco' }],
  phones: ['0370 15 4000000', '0981 000000'],
  phonesNormalized: ['+5493704000000', '+595981000000'],
  locations: [
    {
      label: 'Clorinda',
      country: 'AR',
      adminArea: 'Formosa',
      locality: 'Clorinda',
      borderCrossing: 'Puerto Falcón',
      lat: -25.3,
      lng: -57.7,
    },
  ],
  tags: [],
  distribution: { scope: 'bilateral', agencyIds: [] },
  grantedAgencyIds: [],
  sensitivity: 'restricted',
  victimConsent: { given: true, recordedBy: null, note: null },
  originAgencyId: '000000000000000000000000',
  originCountry: 'AR',
  createdBy: '000000000000000000000000',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  reviewAt: new Date(0),
  reviewReminderSentAt: null,
  history: [
    {
      at: new Date(0),
      by: '000000000000000000000000',
      agencyId: '000000000000000000000000',
      action: 'created',
      toStatus: 'active',
      fromStatus: null,
      reason: null,
      fields: [],
    },
  ],
  updates: [
    {
      id: '',
      kind: 'hit',
      hitType: 'sighting',
      text: 'Avistamiento',
      authorId: '',
      agencyId: '',
      country: 'PY',
      at: new Date(0),
      dueAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    },
  ],
  photos: [
    { id: '', subjectId: null, subjectIndex: null, mime: 'image/jpeg', width: 0, height: 0, bytes: 0, addedBy: '', at: new Date(0) },
  ],
  version: 0,
  changeSeq: 0,
});
const ZLIB = { dictionary: DICTIONARY, level: 6 };

/**
 * Copies bytes into a right-sized buffer. `pooled`: a small one is a slice of Node's shared 8 KB
 * buffer pool, with no memory block of its own — compact when many are made in a row (a load, a
 * snapshot read). Not otherwise: a kept slice keeps its whole 8 KB block alive, so an alert taken
 * live, between the server's other small buffers, would keep 8 KB for its ~0.6 KB (the soak of
 * issue 26: external memory rising 0.5 MB/min, one block per alert posted or changed).
 */
export function ownBytes(bytes: Uint8Array, pooled: boolean): Buffer {
  const out = pooled ? Buffer.allocUnsafe(bytes.length) : Buffer.allocUnsafeSlow(bytes.length);
  out.set(bytes);
  return out;
}

/** The alert's BSON bytes (as the store sends them), compressed for keeping (`pooled`: ownBytes). */
export function packBson(bson: Uint8Array, pooled: boolean): Buffer {
  return ownBytes(deflateRawSync(bson, ZLIB), pooled);
}

/** The alert as kept: BSON, compressed (about a third of the BSON's size). */
export function encodeAlert(doc: AlertDoc, pooled: boolean): Buffer {
  return packBson(BSON.serialize(doc, { ignoreUndefined: true }), pooled);
}

/** The alert as the store returns it (dates, ObjectIds), a new object on every call. */
export function decodeAlert(packed: Uint8Array): AlertDoc {
  return BSON.deserialize(inflateRawSync(packed, ZLIB)) as AlertDoc;
}
