import { expect } from 'chai';
import mongoose from 'mongoose';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';

// POST /auth/invitations/lookup (docs/api-extensions.md "Whom an invitation is for"): the link's page
// names the account and agency; a token that opens nothing names nobody.
describe('whom an invitation is for (POST /auth/invitations/lookup)', function () {
  this.timeout(60_000);
  const server = suiteServer();

  async function anonymous(): Promise<ApiClient> {
    const anon = new ApiClient(server.url);
    await anon.fetchCsrf();
    return anon;
  }
  const lookup = async (token: string) => (await anonymous()).post('/api/v1/auth/invitations/lookup', { token });
  const invite = (agencyId: unknown, email: string, roles = ['officer']) => ({
    email,
    displayName: 'Persona Invitada',
    agencyId: String(agencyId),
    roles,
  });

  /** The error as any two calls give it (without the request id). */
  const errorOf = (res: { body: { error?: Record<string, unknown> } }) => {
    const error = { ...res.body.error };
    delete error.requestId;
    return error;
  };

  async function scene() {
    const agency = await buildAgency({ country: 'PY', name: `Policía Nacional ${Date.now()}`, shortName: 'PN' });
    const admin = await signIn(server.url, await buildUser({ agency, roles: ['agency_admin'], mfa: true }));
    const email = `invitada.${Date.now()}@example.org`;
    const invited = await admin.post('/api/v1/users', invite(agency._id, email)).expect(201);
    return { agency, admin, email, token: invited.body.invitationToken as string, userId: invited.body.user.id as string };
  }

  it('names the account and agency of a live invitation and of a reset link', async () => {
    const { agency, admin, email, token } = await scene();
    const res = await lookup(token);
    expect(res.status).to.equal(200);
    expect(res.body.invitation).to.deep.include({
      purpose: 'invite',
      email,
      agency: { name: agency.name, shortName: 'PN', country: 'PY' },
    });
    expect(Date.parse(res.body.invitation.expiresAt)).to.be.greaterThan(Date.now());
    // Looking up does not use the token up.
    await (await anonymous()).post('/api/v1/auth/invitations/accept', { token, password: GOOD_PASSWORD }).expect(200);

    const colleague = await buildUser({ agency, roles: ['officer'] });
    const reset = await admin.post(`/api/v1/users/${colleague.id}/reset`, {}).expect(200);
    const resetInfo = await lookup(reset.body.invitationToken).then((r) => r.body.invitation);
    expect(resetInfo).to.deep.include({ purpose: 'reset', email: colleague.email });
  });

  it('an unknown, used, expired or disabled account’s token gets one answer that names nobody', async () => {
    const used = await scene();
    await (await anonymous()).post('/api/v1/auth/invitations/accept', { token: used.token, password: GOOD_PASSWORD }).expect(200);
    const expired = await scene();
    await mongoose.connection.collection('authtokens').updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const disabled = await scene();
    await disabled.admin.patch(`/api/v1/users/${disabled.userId}`, { status: 'disabled' }).expect(200);

    const unknown = 'A'.repeat(used.token.length);
    const answers = await Promise.all([unknown, used.token, expired.token, disabled.token].map(lookup));
    for (const [i, res] of answers.entries()) {
      expect(res.status, `answer ${i}`).to.equal(400);
      expect(errorOf(res), `answer ${i}`).to.deep.equal(errorOf(answers[0]!));
    }
    expect(errorOf(answers[0]!)).to.deep.include({ code: 'validation_failed' });
    const text = JSON.stringify(answers.map((a) => a.body));
    for (const s of [used, expired, disabled]) {
      expect(text).to.not.contain(s.email);
      expect(text).to.not.contain(s.agency.name);
    }
    // The same answer accepting an unknown token gives.
    const accept = await (
      await anonymous()
    )
      .post('/api/v1/auth/invitations/accept', { token: unknown, password: GOOD_PASSWORD })
      .expect(400);
    expect(errorOf(accept)).to.deep.equal(errorOf(answers[0]!));
  });

  it('a look-alike invitation names its address and the inviting agency, as a real one does — never the agency holding the address', async () => {
    const own = await buildAgency({ country: 'AR', name: `Gendarmería ${Date.now()}` });
    const elsewhere = await buildAgency({ country: 'PY', name: `Fiscalía ${Date.now()}` });
    const taken = await buildUser({ agency: elsewhere, roles: ['officer'], mfa: true });
    const admin = await signIn(server.url, await buildUser({ agency: own, roles: ['agency_admin'], mfa: true }));
    const fresh = await admin.post('/api/v1/users', invite(own._id, `libre.${Date.now()}@example.org`)).expect(201);
    const hidden = await admin.post('/api/v1/users', invite(own._id, taken.email)).expect(201);
    const [real, lookAlike] = await Promise.all([fresh, hidden].map((r) => lookup(r.body.invitationToken)));
    expect(lookAlike!.status).to.equal(real!.status).and.equal(200);
    expect(lookAlike!.body.invitation).to.deep.include({ purpose: 'invite', email: taken.email, agency: real!.body.invitation.agency });
    expect(JSON.stringify(lookAlike!.body)).to.not.contain(elsewhere.name);
  });

  it('refuses a body that is not a token', async () => {
    const res = await (await anonymous()).post('/api/v1/auth/invitations/lookup', { token: 'corto' });
    expect(res.status).to.equal(400);
    expect(res.body.error.details[0].path).to.equal('token');
  });
});
