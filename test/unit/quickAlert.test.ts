/**
 * The quick alert's pure rules (issue 25): what blocks sending and which field it belongs to, the
 * "Borrar" offer, when the review step is shown, what is sent of the fields the quick alert shows
 * before anything is typed, and how the server's error paths find their fields again.
 */
import { expect } from 'chai';
import { clearField, crossesBorder, draftProblems, isQuickField, QUICK_FIELDS } from '../../client/src/screens/alert/draftCheck.js';
import {
  blankDraft,
  emptyDocument,
  emptyLocation,
  emptySubject,
  emptyVehicle,
  toAlertInput,
  withDefaults,
  type AlertDraft,
} from '../../client/src/screens/alert/draftModel.js';
import { fieldOfPath, sendable } from '../../client/src/screens/alert/sendable.js';

const draft = (patch: Partial<AlertDraft> = {}): AlertDraft => ({
  ...blankDraft('u1', 'pu-test-key'),
  kind: 'missing_person',
  priority: 'urgent',
  title: 'Niña de 14 años no volvió de la escuela',
  ...patch,
});
const photo = (subjectIndex: number | null) => ({
  image: new Blob(['x']),
  key: `p${subjectIndex}`,
  subjectIndex,
  shows: 'person' as const,
});

describe('quick alert: what blocks sending', () => {
  it('a new draft pre-fills neither kind nor priority, and says so in the form order', () => {
    const d = blankDraft('u1', 'k-12345678');
    expect([d.kind, d.priority]).to.deep.equal(['', '']);
    expect(draftProblems(d, 'AR').map((p) => [p.kind, p.fieldId])).to.deep.equal([
      ['kindMissing', 'a-kind'],
      ['priorityMissing', 'a-priority'],
      ['titleMissing', 'a-title'],
    ]);
  });

  it('an unreadable phone, plate or document blocks, each at its field; readable ones do not', () => {
    const d = draft({
      phones: ['0981 123 456', '12', ''],
      vehicles: [
        { ...emptyVehicle('AR'), plate: '???' },
        { ...emptyVehicle('PY'), plate: 'ABCD 123' },
      ],
      subjects: [
        { ...emptySubject(), documents: [{ ...emptyDocument('AR'), number: '30.123.456' }] },
        { ...emptySubject(), documents: [{ type: 'passport', country: 'BR', number: 'A1' }] },
      ],
    });
    expect(draftProblems(d, 'AR')).to.deep.equal([
      { kind: 'documentInvalid', fieldId: 's1-doc0-number', person: 2, type: 'passport' },
      { kind: 'phoneInvalid', fieldId: 'ph1', phone: 2 },
      { kind: 'plateInvalid', fieldId: 'v0-plate', vehicle: 1 },
    ]);
  });

  it('an age of 170, a reply deadline of 0, half a pair of coordinates and an empty agency list block', () => {
    const d = draft({
      subjects: [{ ...emptySubject(), approxAge: '170' }],
      replyWithinHours: '0',
      locations: [{ ...emptyLocation('PY'), lat: '-25.3' }],
      scope: 'agencies',
      agencyIds: [],
    });
    expect(draftProblems(d, 'PY').map((p) => p.kind)).to.deep.equal([
      'ageInvalid',
      'coordinatesInvalid',
      'replyInvalid',
      'agenciesMissing',
    ]);
    expect(draftProblems(draft({ locations: [{ ...emptyLocation('PY'), lat: '-25.3', lng: '-57.6' }] }), 'PY')).to.deep.equal([]);
  });

  it('"Borrar" empties only the field in question, and every other field keeps its place', () => {
    const d = draft({
      phones: ['12', '34'],
      vehicles: [{ ...emptyVehicle('AR'), plate: '???', make: 'Fiat' }],
      subjects: [
        {
          ...emptySubject(),
          documents: [
            { ...emptyDocument('AR'), number: '1' },
            { ...emptyDocument('AR'), number: '2' },
          ],
        },
      ],
    });
    expect(clearField(d, 'ph0').phones).to.deep.equal(['', '34']);
    expect(draftProblems(clearField(d, 'ph0'), 'AR').map((p) => p.fieldId)).to.include('ph1');
    expect(clearField(d, 'v0-plate').vehicles[0]).to.include({ plate: '', make: 'Fiat' });
    expect(clearField(d, 's0-doc1-number').subjects[0]!.documents.map((x) => x.number)).to.deep.equal(['1', '']);
    expect(clearField(d, 'a-title')).to.equal(d);
  });

  it('the quick alert has at most 12 controls', () => {
    // The agency list and the consent note only appear when chosen; the first agency box counts once.
    const always = [...QUICK_FIELDS].filter((id) => id !== 'a-agency-0' && id !== 'a-consent-note');
    expect(always.length).to.be.at.most(12);
    expect([isQuickField('photo2-who'), isQuickField('a-title'), isQuickField('ph0'), isQuickField('s0-age')]).to.deep.equal([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('quick alert: the review step before a broadcast abroad', () => {
  const countries: Record<string, string> = { ar1: 'AR', py1: 'PY' };
  const countryOf = (id: string) => countries[id];
  it('is shown for both countries, and for a list naming a foreign or unknown agency', () => {
    expect(crossesBorder({ scope: 'bilateral', agencyIds: [] }, 'AR', countryOf)).to.equal(true);
    expect(crossesBorder({ scope: 'agencies', agencyIds: ['ar1', 'py1'] }, 'AR', countryOf)).to.equal(true);
    expect(crossesBorder({ scope: 'agencies', agencyIds: ['zz9'] }, 'AR', countryOf)).to.equal(true);
  });
  it('is not shown when the alert stays in the country', () => {
    expect(crossesBorder({ scope: 'agency', agencyIds: [] }, 'AR', countryOf)).to.equal(false);
    expect(crossesBorder({ scope: 'country', agencyIds: [] }, 'PY', countryOf)).to.equal(false);
    expect(crossesBorder({ scope: 'agencies', agencyIds: ['ar1'] }, 'AR', countryOf)).to.equal(false);
  });
});

describe('quick alert: what is sent', () => {
  it('drops the person, document and place the quick alert showed but nobody filled', () => {
    const d = draft({
      subjects: [{ ...emptySubject(), documents: [emptyDocument('AR')] }],
      locations: [emptyLocation('AR')],
      phones: [''],
    });
    const body = toAlertInput(sendable(d).draft);
    expect(body).not.to.have.any.keys('subjects', 'locations', 'phones');
  });

  it('keeps a person shown in a photo even without a name, and re-aims photos past a dropped one', () => {
    const d = draft({
      subjects: [emptySubject(), { ...emptySubject(), role: 'suspect' }, { ...emptySubject(), givenNames: 'Rosa' }],
      photos: [photo(1), photo(2)],
    });
    const s = sendable(d);
    expect(s.subjects).to.deep.equal([1, 2]);
    expect(s.draft.subjects.map((x) => x.role)).to.deep.equal(['suspect', 'victim']);
    expect(s.draft.photos.map((p) => p.subjectIndex)).to.deep.equal([0, 1]);
  });

  it("maps the server's error paths back to the fields typed in", () => {
    const d = draft({
      subjects: [
        emptySubject(),
        { ...emptySubject(), givenNames: 'Rosa', documents: [emptyDocument('AR'), { ...emptyDocument('AR'), number: 'x' }] },
      ],
      phones: ['', '0981 123 456'],
      locations: [emptyLocation('AR'), { ...emptyLocation('AR'), label: 'Puerto Falcón' }],
    });
    const s = sendable(d);
    expect(fieldOfPath('subjects.0.givenNames', s)).to.equal('s1-given');
    expect(fieldOfPath('subjects.0.documents.0.number', s)).to.equal('s1-doc1-number');
    expect(fieldOfPath('phones.0', s)).to.equal('ph1');
    expect(fieldOfPath('locations.0.label', s)).to.equal('l1-label');
    expect(fieldOfPath('kind', s)).to.equal('a-kind');
    expect(fieldOfPath('tags.3', s)).to.equal('a-tags');
    expect(fieldOfPath('subjects.5.givenNames', s)).to.equal(null);
  });

  it('sends "Usar mi ubicación" coordinates as numbers; a draft saved before them reads as empty', () => {
    const d = draft({ locations: [{ ...emptyLocation('PY'), label: 'Terminal', lat: '-25.28571', lng: '-57.64736' }] });
    expect(toAlertInput(d).locations).to.deep.equal([{ label: 'Terminal', country: 'PY', lat: -25.28571, lng: -57.64736 }]);
    const old = { ...draft(), locations: [{ label: 'Clorinda', country: 'AR', adminArea: '', locality: '', borderCrossing: '' }] };
    expect(withDefaults(old as unknown as AlertDraft).locations[0]).to.include({ label: 'Clorinda', lat: '', lng: '' });
  });
});
