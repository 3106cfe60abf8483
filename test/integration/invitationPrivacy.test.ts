import { expect } from 'chai';
import { AuditEvent } from '../../server/models/AuditEvent.js';
import { User } from '../../server/models/User.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';

// Pen-test issue 10, item 12: an invitation does not reveal that an e-mail exists in another agency.
describe('invitations reveal nothing about other agencies’ e-mails', function () {
  this.timeout(60_000);
  const server = suiteServer();

  const invite = (agencyId: unknown, email: string) => ({
    email,
    displayName: 'Persona Invitada',
    agencyId: String(agencyId),
    roles: ['officer'],
  });

  it('an agency admin gets the same answer for an address taken elsewhere as for a new one; nothing is created', async () => {
    const own = await buildAgency({ country: 'AR' });
    const elsewhere = await buildAgency({ country: 'PY' });
    const taken = await buildUser({ agency: elsewhere, roles: ['officer'], mfa: true });
    const admin = await signIn(server.url, await buildUser({ agency: own, roles: ['agency_admin'], mfa: true }));

    const fresh = await admin.post('/api/v1/users', invite(own._id, 'nadie.aun@example.org')).expect(201);
    const hidden = await admin.post('/api/v1/users', invite(own._id, taken.email.toUpperCase())).expect(201);
    expect(Object.keys(hidden.body).sort()).to.deep.equal(Object.keys(fresh.body).sort());
    expect(Object.keys(hidden.body.user).sort()).to.deep.equal(Object.keys(fresh.body.user).sort());
    expect(hidden.body.user).to.include({ status: 'invited', agencyId: String(own._id), country: 'AR', email: taken.email });
    expect(hidden.body.invitationToken).to.be.a('string').with.length(fresh.body.invitationToken.length);

    // No second account, and the existing one is untouched.
    expect(await User.countDocuments({ email: taken.email })).to.equal(1);
    const existing = await User.findById(taken.id).lean();
    expect(String(existing!.agencyId)).to.equal(String(elsewhere._id));
    expect(existing!.status).to.equal('active');
    // The token opens nothing; it fails like an unknown one.
    const anon = new ApiClient(server.url);
    await anon.fetchCsrf();
    const accept = await anon
      .post('/api/v1/auth/invitations/accept', { token: hidden.body.invitationToken, password: GOOD_PASSWORD })
      .expect(400);
    expect(accept.body.error.details[0].path).to.equal('token');
    // System administrators learn of it through the audit trail.
    const event = await AuditEvent.findOne({ action: 'user.invite_duplicate_hidden' }).lean();
    expect(event, 'audited').to.not.equal(null);
    expect(event!.targetId).to.equal(taken.id);
    // …but not the inviting admin, whose audit view is their agency's events.
    const adminView = await admin.get('/api/v1/audit?action=user.invite_duplicate_hidden').expect(200);
    expect(adminView.body.items).to.deep.equal([]);
  });

  it('an address already in the admin’s own agency still answers 409', async () => {
    const own = await buildAgency({ country: 'AR' });
    const colleague = await buildUser({ agency: own, roles: ['officer'], mfa: true });
    const admin = await signIn(server.url, await buildUser({ agency: own, roles: ['agency_admin'], mfa: true }));
    const res = await admin.post('/api/v1/users', invite(own._id, colleague.email)).expect(409);
    expect(res.body.error.code).to.equal('conflict');
  });

  it('a system administrator gets 409 for any existing address', async () => {
    const ministry = await buildAgency({ country: 'AR', kind: 'other' });
    const target = await buildAgency({ country: 'AR' });
    const elsewhere = await buildAgency({ country: 'PY' });
    const taken = await buildUser({ agency: elsewhere, roles: ['officer'], mfa: true });
    const sys = await signIn(server.url, await buildUser({ agency: ministry, roles: ['system_admin'], mfa: true }));
    await sys.post('/api/v1/users', invite(target._id, taken.email)).expect(409);
  });
});
