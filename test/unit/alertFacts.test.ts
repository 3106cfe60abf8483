/**
 * The facts the commission's statistics count (issue 29): read from an alert's fields, and the
 * same once a retention purge has emptied those fields and kept the facts (`statisticsFacts`).
 */
import { expect } from 'chai';
import { factsOf, factsToKeep } from '../../server/alerts/alertFacts.js';
import type { AlertDoc } from '../../server/alerts/Alert.js';

const at = (iso: string) => new Date(iso);

const alert = {
  kind: 'possible_victim',
  createdAt: at('2026-03-01T12:00:00Z'),
  status: 'resolved',
  originCountry: 'AR',
  subjects: [
    { role: 'suspect', nationality: 'AR' },
    { role: 'victim', nationality: null },
    { role: 'victim', nationality: 'PY' },
  ],
  locations: [
    { label: 'Sin provincia' },
    { country: 'AR', adminArea: ' Formosa ', locality: 'Clorinda' },
    { borderCrossing: 'Puente San Ignacio de Loyola' },
  ],
  updates: [
    { kind: 'note', at: at('2026-03-01T13:00:00Z') },
    { kind: 'hit', hitType: 'false_positive', at: at('2026-03-01T14:00:00Z') },
    { kind: 'hit', hitType: 'located', at: at('2026-03-02T12:00:00Z') },
    { kind: 'hit', hitType: 'sighting', at: at('2026-03-01T18:00:00Z') },
  ],
  history: [
    { action: 'status_changed', toStatus: 'resolved', at: at('2026-03-03T12:00:00Z') },
    { action: 'status_changed', toStatus: 'active', at: at('2026-03-04T12:00:00Z') },
    { action: 'status_changed', toStatus: 'resolved', at: at('2026-03-05T12:00:00Z') },
  ],
} as unknown as AlertDoc;

describe('alert facts for statistics', () => {
  it('reads the first victim’s nationality, the first place, the first crossing, the first real hit and the last resolution', () => {
    expect(factsOf(alert)).to.deep.equal({
      kind: 'possible_victim',
      createdAt: at('2026-03-01T12:00:00Z'),
      status: 'resolved',
      originCountry: 'AR',
      victimNationality: 'PY',
      placeCountry: 'AR',
      placeArea: 'Formosa',
      borderCrossing: 'Puente San Ignacio de Loyola',
      firstHitAt: at('2026-03-01T18:00:00Z'),
      resolvedAt: at('2026-03-05T12:00:00Z'),
    });
  });

  it('no resolution time for an alert that is not resolved now', () => {
    expect(factsOf({ ...alert, status: 'active' }).resolvedAt).to.equal(null);
  });

  it('gives the same facts after a purge that kept them, and none of them names anyone', () => {
    const kept = factsToKeep(alert);
    expect(Object.keys(kept).sort()).to.deep.equal([
      'borderCrossing',
      'firstHitAt',
      'placeArea',
      'placeCountry',
      'resolvedAt',
      'victimNationality',
    ]);
    const purged = {
      ...alert,
      subjects: [],
      locations: [],
      updates: [],
      history: [],
      statisticsFacts: JSON.parse(JSON.stringify(kept)),
    } as AlertDoc;
    expect(factsOf(purged)).to.deep.equal(factsOf(alert));
    // Without the kept facts a purged alert has none of them.
    expect(factsOf({ ...purged, statisticsFacts: undefined }).victimNationality).to.equal(null);
  });
});
