import { expect } from 'chai';
import { generate } from 'otplib';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, freshTotp, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';

/**
 * `?include=feed` on the sign-in step that completes a sign-in (issue 25): the answer carries the
 * feed's first page and the agencies exactly as `GET /alerts?limit=20` and `GET /agencies` give
 * them to the same user right after, and nothing to a sign-in that is not complete.
 */
describe('sign-in answers the first feed screen when asked (?include=feed)', function () {
  this.timeout(60_000);
  const server = suiteServer({ MFA_REQUIRED_ROLES: 'system_admin' });

  /** The password step as the browser sends it (`path` carries the query); the client keeps the new token. */
  async function passwordStep(user: BuiltUser, path = '/api/v1/auth/login?include=feed') {
    const c = new ApiClient(server.url);
    await c.fetchCsrf();
    const res = await c.post(path, { email: user.email, password: user.password });
    if (res.body.csrfToken) c.csrfToken = res.body.csrfToken as string;
    return { c, res };
  }

  it('the TOTP step carries what GET /alerts and GET /agencies answer the same user', async () => {
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    const poster = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    const outsider = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
    for (let i = 0; i < 22; i++) expect((await poster.post('/api/v1/alerts', alertBody({ title: `Visible ${i}` }))).status).to.equal(201);
    // Seen only inside the PY agency: must not reach the AR officer's first page.
    const hidden = await outsider.post('/api/v1/alerts', alertBody({ title: 'Solo de la agencia', distribution: { scope: 'agency' } }));
    expect(hidden.status).to.equal(201);

    const officer = await buildUser({ agency: ar, mfa: true });
    const { c, res: login } = await passwordStep(officer);
    expect(login.status).to.equal(200);
    expect(login.body).to.have.keys('mfaRequired', 'csrfToken'); // no data before the second factor
    const mfa = await c.post('/api/v1/auth/mfa?include=feed', { code: await freshTotp(officer.totpSecret!) });
    expect(mfa.status).to.equal(200);
    c.csrfToken = mfa.body.csrfToken as string;
    const alerts = await c.get('/api/v1/alerts?limit=20');
    const agencies = await c.get('/api/v1/agencies');
    expect(mfa.body.feed.alerts).to.deep.equal(alerts.body);
    expect(mfa.body.feed.agencies).to.deep.equal(agencies.body);
    expect(mfa.body.feed.alerts.items).to.have.length(20);
    expect(mfa.body.feed.alerts.nextCursor).to.be.a('string');
    expect(JSON.stringify(mfa.body)).not.to.include('Solo de la agencia');
  });

  it('without ?include=feed the answers are as API.md has them', async () => {
    const ar = await buildAgency({ country: 'AR' });
    const officer = await buildUser({ agency: ar, mfa: true });
    const { c } = await passwordStep(officer, '/api/v1/auth/login');
    const mfa = await c.post('/api/v1/auth/mfa', { code: await freshTotp(officer.totpSecret!) });
    expect(mfa.status).to.equal(200);
    expect(mfa.body).to.have.keys('user', 'csrfToken');
  });

  it('a password-only sign-in carries it; one that must enrol MFA first does not; other values are refused', async () => {
    const ar = await buildAgency({ country: 'AR' });
    const officer = await buildUser({ agency: ar });
    const { res: login } = await passwordStep(officer);
    expect(login.status).to.equal(200);
    expect(login.body.mfaEnrolmentRequired).to.equal(false);
    expect(login.body.feed.agencies.items.map((a: { id: string }) => a.id)).to.include(String(ar._id));

    const admin = await buildUser({ agency: ar, roles: ['system_admin'] });
    const { res: adminLogin } = await passwordStep(admin);
    expect(adminLogin.status).to.equal(200);
    expect(adminLogin.body.mfaEnrolmentRequired).to.equal(true);
    expect(adminLogin.body).not.to.have.property('feed');

    const { res: odd } = await passwordStep(officer, '/api/v1/auth/login?include=everything');
    expect(odd.status).to.equal(400);
  });

  it('a wrong code with ?include=feed answers nothing but the error', async () => {
    const ar = await buildAgency({ country: 'AR' });
    const officer = await buildUser({ agency: ar, mfa: true });
    const { c } = await passwordStep(officer);
    const wrong = generate({ secret: officer.totpSecret!, epoch: Math.floor(Date.now() / 1000) - 3600 });
    const mfa = await c.post('/api/v1/auth/mfa?include=feed', { code: wrong });
    expect(mfa.status).to.be.within(400, 499);
    expect(mfa.body).not.to.have.property('feed');
  });
});
