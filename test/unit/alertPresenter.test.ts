/**
 * The presenter's redaction matrix (issue #10 items 1, 3 and 6): every field docs/security.md lists
 * as restricted — victims' names, aliases, documents, date of birth, photos, consent and legal
 * basis — for each kind of viewer, in the full record and in summaries (lists, sockets, search).
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { AlertDoc } from '../../server/alerts/Alert.js';
import type { Viewer } from '../../server/alerts/alert.policy.js';
import { canSeePhoto } from '../../server/alerts/photos/photo.policy.js';
import { presentAlert, presentAlertSummary } from '../../server/alerts/alert.presenter.js';
import { testInstance } from '../helpers/instance.js';

/** Presenting signs each alert's catch-up cursor with an instance's keys. */
const instance = testInstance();

const ORIGIN = 'a'.repeat(24);
const now = new Date('2026-11-20T14:00:00Z');

function restrictedAlert(): AlertDoc {
  return {
    _id: new mongoose.Types.ObjectId(),
    reference: 'AR-2026-000001',
    kind: 'possible_victim',
    priority: 'urgent',
    status: 'active',
    title: 'Posible víctima',
    summary: null,
    occurredAt: null,
    actionRequested: null,
    replyWithinHours: 12,
    legalBasis: { caseNumber: 'SECRET-CASE-77', authority: 'SECRET-AUTHORITY' },
    handlingCode: null,
    sourceReliability: null,
    infoCredibility: null,
    subjects: [
      {
        id: 'victim-id',
        role: 'victim',
        givenNames: 'SECRET-GIVEN',
        familyNames: 'SECRET-FAMILY',
        mothersName: 'SECRET-MOTHER',
        aliases: ['SECRET-ALIAS'],
        dateOfBirth: '2010-01-31',
        approxAge: 16,
        documents: [{ type: 'CI', country: 'PY', number: 'SECRET-DOC', normalized: '9999' }],
      },
      { id: 'suspect-id', role: 'suspect', givenNames: 'Ramón', familyNames: 'Acosta' },
    ],
    vehicles: [],
    phones: [],
    phonesNormalized: [],
    locations: [],
    tags: [],
    distribution: { scope: 'bilateral', agencyIds: [] },
    grantedAgencyIds: [],
    sensitivity: 'restricted',
    victimConsent: { given: true, recordedBy: 'SECRET-RECORDER', note: 'SECRET-CONSENT' },
    originAgencyId: ORIGIN,
    originCountry: 'AR',
    createdBy: 'u1',
    createdAt: now,
    updatedAt: now,
    reviewAt: now,
    reviewReminderSentAt: null,
    history: [],
    updates: [],
    photos: [
      { id: 'p-victim', subjectId: 'victim-id', mime: 'image/png', width: 1, height: 1, bytes: 1, addedBy: 'u1', at: now },
      { id: 'p-suspect', subjectId: 'suspect-id', mime: 'image/png', width: 1, height: 1, bytes: 1, addedBy: 'u1', at: now },
      { id: 'p-gone', subjectId: 'dropped-id', mime: 'image/png', width: 1, height: 1, bytes: 1, addedBy: 'u1', at: now },
      { id: 'p-legacy', subjectIndex: 0, mime: 'image/png', width: 1, height: 1, bytes: 1, addedBy: 'u1', at: now },
    ],
    version: 0,
    changeSeq: 1,
  };
}

const SECRETS = [
  'SECRET-GIVEN',
  'SECRET-FAMILY',
  'SECRET-MOTHER',
  'SECRET-ALIAS',
  '2010-01-31',
  'SECRET-DOC',
  '9999',
  'SECRET-CASE-77',
  'SECRET-AUTHORITY',
  'SECRET-RECORDER',
  'SECRET-CONSENT',
];

const other = 'b'.repeat(24);
const elsewhere = (roles: Viewer['roles'], agencyKind: Viewer['agencyKind']): Viewer => ({
  agencyId: other,
  country: 'PY',
  roles,
  agencyKind,
});
const VIEWERS: Array<{ name: string; viewer: Viewer; restricted: boolean }> = [
  {
    name: 'officer of the origin agency',
    viewer: { agencyId: ORIGIN, country: 'AR', roles: ['officer'], agencyKind: 'police' },
    restricted: true,
  },
  { name: 'officer elsewhere', viewer: elsewhere(['officer'], 'police'), restricted: false },
  { name: 'agency admin of a prosecution agency elsewhere', viewer: elsewhere(['agency_admin'], 'prosecutor'), restricted: false },
  { name: 'system admin elsewhere', viewer: elsewhere(['system_admin'], 'other'), restricted: false },
  { name: 'prosecutor in a prosecution agency', viewer: elsewhere(['prosecutor'], 'prosecutor'), restricted: true },
  { name: 'prosecutor in the judiciary', viewer: elsewhere(['prosecutor'], 'judiciary'), restricted: true },
  { name: 'prosecutor role in a police agency', viewer: elsewhere(['prosecutor'], 'police'), restricted: false },
  { name: 'prosecutor role, agency kind unknown', viewer: elsewhere(['prosecutor'], null), restricted: false },
];

describe('alert presenter: restricted fields × viewer', () => {
  for (const { name, viewer, restricted } of VIEWERS) {
    it(`${name}: ${restricted ? 'sees every restricted field' : 'sees none of them'}`, () => {
      const a = restrictedAlert();
      const full = presentAlert(instance, a, viewer);
      const text = JSON.stringify(full);
      for (const s of SECRETS) expect(text.includes(s), s).to.equal(restricted);
      expect(full.abilities.viewRestricted).to.equal(restricted);
      expect(full.legalBasis === null).to.equal(!restricted);
      expect(full.victimConsent === null).to.equal(!restricted);
      expect(full.subjects.map((s) => s.id)).to.deep.equal(['victim-id', 'suspect-id']);
      const photos = full.photos.map((p) => p.id);
      expect(photos).to.include('p-suspect');
      for (const hidden of ['p-victim', 'p-gone', 'p-legacy']) expect(photos.includes(hidden), hidden).to.equal(restricted);
      for (const p of a.photos) expect(canSeePhoto(a, viewer, p), p.id).to.equal(p.id === 'p-suspect' || restricted);
      // Summaries (lists, socket events, catch-up, search results) carry none of it, whoever reads them.
      const summary = JSON.stringify(presentAlertSummary(instance, a, viewer));
      for (const s of SECRETS) expect(summary, s).to.not.contain(s);
    });
  }

  it('a standard alert shows its legal basis and consent to everyone who sees it', () => {
    const a = { ...restrictedAlert(), sensitivity: 'standard' as const };
    const full = presentAlert(instance, a, VIEWERS[1]!.viewer);
    expect(full.legalBasis).to.deep.equal({ caseNumber: 'SECRET-CASE-77', authority: 'SECRET-AUTHORITY' });
  });

  it('photos report their subject by id and its position now', () => {
    const a = restrictedAlert();
    const full = presentAlert(instance, a, VIEWERS[0]!.viewer);
    expect(full.photos.find((p) => p.id === 'p-suspect')).to.include({ subjectId: 'suspect-id', subjectIndex: 1 });
    expect(full.photos.find((p) => p.id === 'p-gone')).to.include({ subjectId: 'dropped-id', subjectIndex: null });
    expect(full.photos.find((p) => p.id === 'p-legacy')).to.include({ subjectId: 'i0', subjectIndex: null });
  });
});
