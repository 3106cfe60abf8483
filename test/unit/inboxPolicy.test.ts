import { expect } from 'chai';
import type { AccessRequestDoc } from '../../server/search/access/AccessRequest.js';
import type { AlertDoc } from '../../server/alerts/Alert.js';
import type { InboxItemDoc } from '../../server/notifications/InboxItem.js';
import type { Actor } from '../../server/platform/actor.js';
import { canSeeSubject, isAddressedTo, type InboxSubjects } from '../../server/notifications/inbox.policy.js';

const actor = (over: Partial<Actor> = {}): Actor => ({
  id: 'u1',
  agencyId: 'a1',
  country: 'AR',
  roles: ['officer'],
  agencyKind: 'police',
  ...over,
});
const addressed = (over: Partial<InboxItemDoc>) => ({ userId: null, agencyId: null, roles: [], actorId: null, ...over });
const NONE: InboxSubjects = { alerts: new Map(), accessRequests: new Map(), users: new Map() };
const alertOf = (scope: 'agency' | 'country' | 'bilateral', originAgencyId = 'a9') =>
  ({ originAgencyId, originCountry: 'PY', distribution: { scope }, sensitivity: 'standard', status: 'active' }) as unknown as AlertDoc;

describe('inbox policy', () => {
  it('an item reaches its one user, or the named roles of the named agency (any agency when none), never its actor', () => {
    expect(isAddressedTo(actor(), addressed({ userId: 'u1' }))).to.equal(true);
    expect(isAddressedTo(actor(), addressed({ userId: 'u2' }))).to.equal(false);
    expect(isAddressedTo(actor(), addressed({ agencyId: 'a1', roles: ['officer'] }))).to.equal(true);
    expect(isAddressedTo(actor(), addressed({ agencyId: 'a1', roles: ['agency_admin'] }))).to.equal(false);
    expect(isAddressedTo(actor(), addressed({ agencyId: 'a2', roles: ['officer'] }))).to.equal(false);
    expect(isAddressedTo(actor({ roles: ['system_admin'] }), addressed({ roles: ['system_admin'] }))).to.equal(true);
    expect(isAddressedTo(actor(), addressed({ roles: ['system_admin'] }))).to.equal(false);
    expect(isAddressedTo(actor(), addressed({ agencyId: 'a1', roles: ['officer'], actorId: 'u1' }))).to.equal(false);
  });

  it('an alert subject is shown only while the reader may see the alert; a missing one never', () => {
    const item = { subjectType: 'alert' as const, subjectId: 'x', kind: 'watch_hit' as const };
    const withAlert = (a: AlertDoc): InboxSubjects => ({ ...NONE, alerts: new Map([['x', a]]) });
    expect(canSeeSubject(actor(), item, withAlert(alertOf('bilateral')))).to.equal(true);
    expect(canSeeSubject(actor(), item, withAlert(alertOf('country')))).to.equal(false); // a PY alert for PY only
    expect(canSeeSubject(actor(), item, withAlert(alertOf('agency', 'a1')))).to.equal(true);
    expect(canSeeSubject(actor(), item, NONE)).to.equal(false);
  });

  it('an access request is shown to its two sides only; a user subject to its owner or a system admin', () => {
    const req = { requesterId: 'u7', originAgencyId: 'a1' } as AccessRequestDoc;
    const reqs: InboxSubjects = { ...NONE, accessRequests: new Map([['r', req]]) };
    const item = { subjectType: 'accessRequest' as const, subjectId: 'r', kind: 'access_requested' as const };
    expect(canSeeSubject(actor(), item, reqs)).to.equal(true);
    expect(canSeeSubject(actor({ id: 'u7', agencyId: 'a3' }), item, reqs)).to.equal(true);
    expect(canSeeSubject(actor({ agencyId: 'a3' }), item, reqs)).to.equal(false);

    const users: InboxSubjects = { ...NONE, users: new Map([['u5', { agencyId: 'a4' }]]) };
    const grant = { subjectType: 'user' as const, subjectId: 'u5', kind: 'role_grant_pending' as const };
    expect(canSeeSubject(actor({ roles: ['system_admin'] }), grant, users)).to.equal(true);
    expect(canSeeSubject(actor({ roles: ['agency_admin'], agencyId: 'a4' }), grant, users)).to.equal(false);
    expect(canSeeSubject(actor({ id: 'u5' }), { ...grant, kind: 'new_device_sign_in' }, NONE)).to.equal(true);
  });
});
