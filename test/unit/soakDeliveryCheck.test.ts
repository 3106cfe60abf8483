/**
 * The soak benchmark's delivery check (bench/soak/verify.ts): a clean run must pass, and each kind
 * of fault it exists to report — a duplicate, an alert outside the audience, a lost one, a
 * reconnected device that did not catch up — must be counted.
 */
import { expect } from 'chai';
import type { PostedAlert, SoakUser } from '../../bench/soak/protocol.js';
import { checkDelivery, type DeviceRecord } from '../../bench/soak/verify.js';

const AR_POLICE = 'a'.repeat(24);
const PY_POLICE = 'b'.repeat(24);
const officer = (agencyId: string, country: 'AR' | 'PY'): SoakUser => ({
  index: 0,
  email: `${country}@example.org`,
  viewer: { agencyId, country, roles: ['officer'], agencyKind: 'police' },
});
const alert = (id: string, scope: PostedAlert['distribution']['scope']): PostedAlert => ({
  id,
  originAgencyId: AR_POLICE,
  originCountry: 'AR',
  distribution: { scope },
  sensitivity: 'standard',
  status: 'active',
});
// A national alert of Argentina, and one shared with Paraguay.
const ALERTS = [alert('national', 'country'), alert('shared', 'bilateral')];

function device(user: SoakUser, live: string[], opts: { connects?: number; caught?: string[]; updates?: string[] } = {}): DeviceRecord {
  const counts = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  return {
    opts: { user },
    connects: opts.connects ?? 1,
    live: counts(live),
    caught: new Set(opts.caught ?? []),
    updates: counts(opts.updates ?? []),
    unexpectedDisconnects: 0,
    catchUpCalls: 0,
    catchUpFailures: 0,
    failureReasons: new Map(),
  };
}

const faults = (devices: DeviceRecord[], updates = [{ alertId: 'shared', updateId: 'u1' }]) => {
  const c = checkDelivery(devices, ALERTS, updates);
  return { duplicates: c.duplicates, unexpected: c.unexpected, missing: c.missing, updateMissing: c.updateMissing };
};
const NONE = { duplicates: 0, unexpected: 0, missing: 0, updateMissing: 0 };

describe('soak delivery check', () => {
  const ar = officer(AR_POLICE, 'AR');
  const py = officer(PY_POLICE, 'PY');

  it('passes when every device got exactly its audience’s alerts and notes', () => {
    expect(
      faults([device(ar, ['national', 'shared'], { updates: ['shared/u1'] }), device(py, ['shared'], { updates: ['shared/u1'] })]),
    ).to.deep.equal(NONE);
  });

  it('counts an alert received twice, and one outside the audience', () => {
    expect(faults([device(py, ['shared', 'shared', 'national'], { updates: ['shared/u1'] })])).to.deep.equal({
      ...NONE,
      duplicates: 1,
      unexpected: 1,
    });
  });

  it('counts an alert or a note a connected device never got', () => {
    expect(faults([device(ar, ['shared'])])).to.deep.equal({ ...NONE, missing: 1, updateMissing: 1 });
  });

  it('accepts a reconnected device’s catch-up, but not a catch-up of what it may not see', () => {
    expect(faults([device(ar, ['shared'], { connects: 2, caught: ['national'] })])).to.deep.equal(NONE);
    expect(faults([device(ar, ['shared'], { connects: 2 })])).to.deep.equal({ ...NONE, missing: 1 });
    expect(faults([device(py, ['shared'], { connects: 2, caught: ['national'] })])).to.deep.equal({ ...NONE, unexpected: 1 });
  });
});
