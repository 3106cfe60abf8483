import { expect } from 'chai';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { AuditEvent, User } from '../helpers/models.js';

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

  // Pen-test issue 23, F7: the look-alike must not differ from a real invitation in any answer.
  describe('a look-alike answers exactly as a real invitation (F7)', () => {
    /** An answer without what differs between any two calls (ids, tokens, request ids, the address itself). */
    const comparable = (res: { status: number; body: Record<string, unknown> }) => {
      const body = JSON.parse(JSON.stringify(res.body)) as {
        user?: Record<string, unknown>;
        invitationToken?: unknown;
        error?: Record<string, unknown>;
      };
      if (body.user) {
        delete body.user.id;
        delete body.user.email;
      }
      if (body.invitationToken) body.invitationToken = 'token';
      if (body.error) delete body.error.requestId;
      return { status: res.status, body };
    };
    const accept = async (token: string, password: string) => {
      const anon = new ApiClient(server.url);
      await anon.fetchCsrf();
      return anon.post('/api/v1/auth/invitations/accept', { token, password });
    };

    async function scene() {
      const own = await buildAgency({ country: 'AR', kind: 'prosecutor' });
      const elsewhere = await buildAgency({ country: 'PY', kind: 'prosecutor' });
      const taken = await buildUser({ agency: elsewhere, roles: ['prosecutor'], mfa: true });
      const admin = await signIn(server.url, await buildUser({ agency: own, roles: ['agency_admin'], mfa: true }));
      const asProsecutor = (email: string) => ({ ...invite(own._id, email), roles: ['prosecutor'] });
      const freeEmail = `libre.${String(own._id).slice(-6)}@example.org`;
      const fresh = await admin.post('/api/v1/users', asProsecutor(freeEmail));
      const hidden = await admin.post('/api/v1/users', asProsecutor(taken.email));
      return { admin, taken, freeEmail, fresh, hidden, asProsecutor };
    }

    it('the same role plan: a prosecutor invited by an agency admin waits for approval in both', async () => {
      const { fresh, hidden } = await scene();
      expect(fresh.status).to.equal(201);
      expect(fresh.body.user.roles).to.deep.equal([]);
      expect(fresh.body.user.pendingRoles).to.deep.equal(['prosecutor']);
      expect(comparable(hidden)).to.deep.equal(comparable(fresh));
    });

    it('the same answer to a repeated invitation', async () => {
      const { admin, taken, freeEmail, asProsecutor } = await scene();
      const freshAgain = await admin.post('/api/v1/users', asProsecutor(freeEmail));
      const hiddenAgain = await admin.post('/api/v1/users', asProsecutor(taken.email));
      expect(freshAgain.status).to.equal(409);
      expect(comparable(hiddenAgain)).to.deep.equal(comparable(freshAgain));
      // Still nothing created for the held address, which stays its agency's.
      expect(await User.countDocuments({ email: taken.email })).to.equal(1);
    });

    it('the same failure for a weak password on a real, a look-alike and an unknown token; a real token is not burnt', async () => {
      const { taken, freeEmail, fresh, hidden } = await scene();
      const unknown = 'A'.repeat(String(fresh.body.invitationToken).length);
      const tooShort = await Promise.all([fresh, hidden].map((r) => accept(r.body.invitationToken, 'corta-1')));
      expect(tooShort[0]!.status).to.equal(400);
      expect(tooShort[0]!.body.error.details[0].path).to.equal('password');
      expect(comparable(tooShort[1]!)).to.deep.equal(comparable(tooShort[0]!));
      expect(comparable(await accept(unknown, 'corta-1'))).to.deep.equal(comparable(tooShort[0]!));
      // A password holding the address's name fails on `password` for the look-alike too.
      const withName = (email: string) => `${email.split('@')[0]}-Frontera-9271`;
      const real = await accept(fresh.body.invitationToken, withName(freeEmail));
      expect(real.status).to.equal(400);
      expect(real.body.error.details[0].path).to.equal('password');
      expect(comparable(await accept(hidden.body.invitationToken, withName(taken.email)))).to.deep.equal(comparable(real));

      // A strong password: the look-alike fails as an unknown token does; the real one still works.
      const unknownStrong = await accept(unknown, GOOD_PASSWORD);
      expect(unknownStrong.body.error.details[0].path).to.equal('token');
      expect(comparable(await accept(hidden.body.invitationToken, GOOD_PASSWORD))).to.deep.equal(comparable(unknownStrong));
      await accept(fresh.body.invitationToken, GOOD_PASSWORD).then((r) => expect(r.status).to.equal(200));
      expect(comparable(await accept(hidden.body.invitationToken, GOOD_PASSWORD))).to.deep.equal(comparable(unknownStrong));
    });
  });
});
