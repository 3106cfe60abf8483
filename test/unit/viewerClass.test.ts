/**
 * Socket payload classes (issue 27): a user's sockets get the payload computed for their class's
 * representative viewer, so for every set of roles and every agency kind that payload must say what
 * HTTP says to the user themself.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { AGENCY_KINDS, ROLES } from '../../shared/schemas/adminEnums.js';
import type { Role } from '../../shared/schemas/common.js';
import type { AlertDoc } from '../../server/alerts/Alert.js';
import { alertAbilities, type Viewer } from '../../server/alerts/alert.policy.js';
import { CLASS_VIEWERS, OPERATIONAL_CLASSES, viewerClassOf } from '../../server/identity/viewerClass.js';
import { OPERATIONAL_ROLES, RESTRICTED_ROLES } from '../../server/identity/roles.policy.js';

const ORIGIN = 'a'.repeat(24);

const alert = (sensitivity: 'standard' | 'restricted') =>
  ({
    _id: new mongoose.Types.ObjectId(),
    originAgencyId: ORIGIN,
    originCountry: 'AR',
    distribution: { scope: 'bilateral', agencyIds: [] },
    grantedAgencyIds: [],
    sensitivity,
    status: 'active',
  }) as unknown as AlertDoc;

/** Every subset of the roles. */
const roleSets = (): Role[][] => ROLES.reduce<Role[][]>((sets, r) => [...sets, ...sets.map((s) => [...s, r])], [[]]);

describe('viewer classes', () => {
  it('the class payload gives every user the abilities HTTP gives them (every role set × agency kind)', () => {
    let compared = 0;
    for (const roles of roleSets())
      for (const agencyKind of [...AGENCY_KINDS, null])
        for (const agencyId of [ORIGIN, 'b'.repeat(24)])
          for (const sensitivity of ['standard', 'restricted'] as const) {
            const user: Viewer = { agencyId, country: 'PY', roles, agencyKind };
            const cls = viewerClassOf(user);
            const asClass: Viewer = { ...CLASS_VIEWERS[cls], agencyId, country: 'PY' };
            const a = alert(sensitivity);
            expect(alertAbilities(asClass, a), `${roles.join('+') || 'no role'} in ${agencyKind} (${cls}), ${sensitivity}`).to.deep.equal(
              alertAbilities(user, a),
            );
            compared++;
          }
    expect(compared).to.equal(2 ** ROLES.length * (AGENCY_KINDS.length + 1) * 4);
  });

  it('a prosecutor role in an agency whose kind does not fit it is operational without restricted access', () => {
    expect(viewerClassOf({ roles: ['prosecutor'], agencyKind: 'police' })).to.equal('o');
    expect(viewerClassOf({ roles: ['prosecutor'], agencyKind: 'prosecutor' })).to.equal('p');
    expect(viewerClassOf({ roles: ['system_admin'], agencyKind: 'other' })).to.equal('n');
    // The commission's seat acts on no alert (and its sockets are refused: server/api.ts, handshake.ts).
    expect(viewerClassOf({ roles: ['statistics'], agencyKind: 'other' })).to.equal('n');
  });

  it('restricted roles are operational roles, and the operational classes are p and o', () => {
    for (const r of RESTRICTED_ROLES) expect(OPERATIONAL_ROLES).to.include(r);
    expect([...OPERATIONAL_CLASSES].sort()).to.deep.equal(['o', 'p']);
  });
});
