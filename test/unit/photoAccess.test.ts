/**
 * The photo rule of issue 23 F0 as a table: on a restricted alert a photo is shown without
 * restricted access only when linked to a subject who is not a victim, or marked as showing no
 * person; everything else — a victim, an unidentified person, a dropped subject, a photo stored
 * before `shows` existed — fails closed. On a standard alert every photo goes with the alert.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { AlertPhotoRef, AlertSubject } from '../../server/alerts/Alert.js';
import type { Viewer } from '../../server/alerts/alert.policy.js';
import { photoNeedsRestrictedAccess } from '../../server/alerts/photos/photo.policy.js';
import { presentAlert } from '../../server/alerts/alert.presenter.js';
import { photoIsRestricted } from '../../shared/photoAccess.js';
import { testInstance } from '../helpers/instance.js';

/** Presenting signs each alert's catch-up cursor with an instance's keys. */
const instance = testInstance();

const at = new Date('2026-12-01T10:00:00Z');
const subjects: AlertSubject[] = [
  { id: 'victim', role: 'victim', givenNames: 'Ana' },
  { id: 'suspect', role: 'suspect', givenNames: 'Ramón' },
  { id: 'witness', role: 'witness' },
  { id: 'other', role: 'other' },
  // A stored role the schema no longer knows: not known to be safe, so it fails closed.
  { id: 'odd', role: 'guardian' as AlertSubject['role'] },
];
const photo = (fields: Partial<AlertPhotoRef>): AlertPhotoRef => ({
  id: 'p',
  mime: 'image/jpeg',
  width: 1,
  height: 1,
  bytes: 1,
  addedBy: 'u',
  at,
  ...fields,
});

const TABLE: Array<{ name: string; photo: AlertPhotoRef; restricted: boolean }> = [
  { name: 'no subject, shows no person', photo: photo({ subjectId: null, shows: 'no_person' }), restricted: false },
  { name: 'no subject, shows a person (unidentified)', photo: photo({ subjectId: null, shows: 'person' }), restricted: true },
  { name: 'no subject, stored before `shows` (no field)', photo: photo({ subjectId: null }), restricted: true },
  { name: 'no subject and no link field at all (oldest shape)', photo: photo({}), restricted: true },
  { name: 'linked to a victim', photo: photo({ subjectId: 'victim', shows: 'person' }), restricted: true },
  { name: 'linked to a victim, stored before `shows`', photo: photo({ subjectId: 'victim' }), restricted: true },
  { name: 'linked to a victim yet marked no person', photo: photo({ subjectId: 'victim', shows: 'no_person' }), restricted: true },
  { name: 'linked to a suspect', photo: photo({ subjectId: 'suspect', shows: 'person' }), restricted: false },
  { name: 'linked to a witness, stored before `shows`', photo: photo({ subjectId: 'witness' }), restricted: false },
  { name: 'linked to an "other" subject', photo: photo({ subjectId: 'other', shows: 'person' }), restricted: false },
  { name: 'linked to a role not known to be safe', photo: photo({ subjectId: 'odd', shows: 'person' }), restricted: true },
  { name: 'linked to a subject that is gone', photo: photo({ subjectId: 'dropped', shows: 'person' }), restricted: true },
  { name: 'legacy link by position to the victim', photo: photo({ subjectIndex: 0 }), restricted: true },
];

describe('photo rule (issue 23 F0): which photos need restricted access', () => {
  for (const row of TABLE) {
    it(`restricted alert, ${row.name}: ${row.restricted ? 'restricted' : 'shown to all recipients'}`, () => {
      expect(photoNeedsRestrictedAccess({ sensitivity: 'restricted', subjects }, row.photo)).to.equal(row.restricted);
    });
    it(`standard alert, ${row.name}: shown to all recipients`, () => {
      expect(photoNeedsRestrictedAccess({ sensitivity: 'standard', subjects }, row.photo)).to.equal(false);
    });
  }

  it('the shared rule the form uses agrees: a link decides over `shows`, and nothing said means a person', () => {
    const r = (linkedRole: string | null, shows?: 'person' | 'no_person') =>
      photoIsRestricted({ sensitivity: 'restricted', linkedRole, shows });
    expect(r(null)).to.equal(true);
    expect(r(null, 'no_person')).to.equal(false);
    expect(r('victim', 'no_person')).to.equal(true);
    expect(r('gone')).to.equal(true);
    expect(r('suspect')).to.equal(false);
  });

  it('a viewer without restricted access gets no id of a hidden photo, only how many there are', () => {
    const photos = TABLE.map((row, i) => ({ ...row.photo, id: `photo-${i}` }));
    const alert = {
      _id: new mongoose.Types.ObjectId(),
      reference: 'AR-2026-000009',
      kind: 'possible_victim',
      priority: 'urgent',
      status: 'active' as const,
      title: 'Posible víctima',
      summary: null,
      occurredAt: null,
      actionRequested: null,
      replyWithinHours: 12,
      legalBasis: null,
      handlingCode: null,
      sourceReliability: null,
      infoCredibility: null,
      subjects,
      vehicles: [],
      phones: [],
      phonesNormalized: [],
      locations: [],
      tags: [],
      distribution: { scope: 'bilateral' as const, agencyIds: [] },
      grantedAgencyIds: [],
      sensitivity: 'restricted' as const,
      victimConsent: null,
      originAgencyId: 'a'.repeat(24),
      originCountry: 'AR' as const,
      createdBy: 'u',
      createdAt: at,
      updatedAt: at,
      reviewAt: at,
      reviewReminderSentAt: null,
      history: [],
      updates: [],
      photos,
      version: 0,
      changeSeq: 1,
    };
    const pyOfficer: Viewer = { agencyId: 'b'.repeat(24), country: 'PY', roles: ['officer'], agencyKind: 'police' };
    const pyProsecutor: Viewer = { ...pyOfficer, roles: ['prosecutor'], agencyKind: 'prosecutor' };
    const shown = TABLE.flatMap((row, i) => (row.restricted ? [] : [`photo-${i}`]));
    const officerView = presentAlert(instance, alert, pyOfficer);
    expect(officerView.photos.map((p) => p.id)).to.deep.equal(shown);
    expect(officerView.hiddenPhotoCount).to.equal(photos.length - shown.length);
    const text = JSON.stringify(officerView);
    TABLE.forEach((row, i) => expect(text.includes(`"photo-${i}"`), row.name).to.equal(!row.restricted));
    const prosecutorView = presentAlert(instance, alert, pyProsecutor);
    expect(prosecutorView.photos).to.have.length(photos.length);
    expect(prosecutorView.hiddenPhotoCount).to.equal(0);
    expect(prosecutorView.photos.map((p) => p.restricted)).to.deep.equal(TABLE.map((row) => row.restricted));
  });
});
