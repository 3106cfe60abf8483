import { expect } from 'chai';
import type { Actor } from '../../server/platform/actor.js';
import { can, canSeeUser, listableAgency } from '../../server/identity/users/user.policy.js';
import { auditScope, can as canAudit } from '../../server/audit/audit.policy.js';
import { can as canAgency } from '../../server/identity/agencies/agency.policy.js';

const actor = (roles: Actor['roles'], agencyId = 'A', country: Actor['country'] = 'AR'): Actor => ({
  id: `me-${roles.join()}`,
  agencyId,
  country,
  roles,
  agencyKind: 'police',
});
const target = (agencyId: string, roles: Actor['roles'] = ['officer']) => ({ id: 'them', agencyId, roles });

describe('user policy', () => {
  const officer = actor(['officer']);
  const prosecutor = actor(['prosecutor']);
  const admin = actor(['agency_admin']);
  const sys = actor(['system_admin']);

  it('officers and prosecutors can do nothing with users', () => {
    for (const a of [officer, prosecutor]) {
      for (const action of ['list', 'read', 'invite', 'update', 'reset', 'unlock'] as const)
        expect(can(a, action, target('A'))).to.equal(false);
      expect(canSeeUser(a, target('A'))).to.equal(false);
      expect(listableAgency(a, undefined).allowed).to.equal(false);
    }
  });

  it('agency admins act inside their own agency only', () => {
    expect(can(admin, 'update', target('A'))).to.equal(true);
    expect(can(admin, 'update', target('B'))).to.equal(false);
    expect(canSeeUser(admin, target('B'))).to.equal(false);
    expect(listableAgency(admin, 'B').allowed).to.equal(false);
    expect(listableAgency(admin, undefined)).to.deep.equal({ allowed: true, agencyId: 'A' });
  });

  it('agency admins never grant system_admin nor touch a system admin', () => {
    expect(can(admin, 'invite', target('A', []), { roles: ['system_admin'] })).to.equal(false);
    expect(can(admin, 'update', target('A'), { roles: ['officer', 'system_admin'] })).to.equal(false);
    expect(can(admin, 'update', target('A', ['system_admin']), { status: 'disabled' })).to.equal(false);
    expect(can(admin, 'reset', target('A', ['system_admin']))).to.equal(false);
    expect(can(admin, 'read', target('A', ['system_admin']))).to.equal(true);
  });

  it('agency admins never grant the statistics role nor change its holder; system admins do', () => {
    expect(can(admin, 'invite', target('A', []), { roles: ['statistics'] })).to.equal(false);
    expect(can(admin, 'update', target('A'), { roles: ['statistics'] })).to.equal(false);
    expect(can(admin, 'update', target('A', ['statistics']), { status: 'disabled' })).to.equal(false);
    expect(can(admin, 'read', target('A', ['statistics']))).to.equal(true);
    expect(can(sys, 'invite', target('A', []), { roles: ['statistics'] })).to.equal(true);
    // The statistics holder itself administers nobody.
    expect(can(actor(['statistics']), 'list', target('A'))).to.equal(false);
  });

  it('system admins act anywhere but cannot change their own roles or status', () => {
    expect(can(sys, 'update', target('Z', ['system_admin']), { roles: ['officer'] })).to.equal(true);
    expect(can(sys, 'update', { id: sys.id, agencyId: 'A', roles: ['system_admin'] }, { status: 'disabled' })).to.equal(false);
    expect(can(sys, 'update', { id: sys.id, agencyId: 'A', roles: ['system_admin'] }, {})).to.equal(true);
    expect(listableAgency(sys, undefined)).to.deep.equal({ allowed: true, agencyId: null });
  });
});

describe('agency and audit policies', () => {
  it('anyone reads agencies; only system admins write them', () => {
    expect(canAgency(actor(['officer']), 'list')).to.equal(true);
    expect(canAgency(actor(['agency_admin']), 'create')).to.equal(false);
    expect(canAgency(actor(['system_admin']), 'update')).to.equal(true);
  });

  it('audit: admins list (agency admins scoped), only system admins verify', () => {
    expect(canAudit(actor(['officer']), 'list')).to.equal(false);
    expect(canAudit(actor(['prosecutor']), 'list')).to.equal(false);
    expect(canAudit(actor(['agency_admin']), 'list')).to.equal(true);
    expect(auditScope(actor(['agency_admin'], 'A'))).to.equal('A');
    expect(canAudit(actor(['agency_admin']), 'verify')).to.equal(false);
    expect(canAudit(actor(['system_admin']), 'verify')).to.equal(true);
    expect(auditScope(actor(['system_admin']))).to.equal(null);
  });
});
