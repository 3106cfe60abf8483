import { expect } from 'chai';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, freshTotp, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';

// Pen-test issue 10, item 7: deactivating an agency ends its users' access at once.
describe('deactivating an agency', function () {
  this.timeout(60_000);
  const server = suiteServer();

  it('ends its users’ sessions and sockets, refuses their sign-in clearly, keeps its alerts readable; re-activation restores sign-in', async () => {
    const ministry = await buildAgency({ country: 'AR', kind: 'other' });
    const sysadmin = await signIn(server.url, await buildUser({ agency: ministry, roles: ['system_admin'], mfa: true }));
    const closing = await buildAgency({ country: 'AR' });
    const other = await buildAgency({ country: 'PY' });
    const member = await buildUser({ agency: closing, roles: ['officer'], mfa: true });
    const colleague = await buildUser({ agency: closing, roles: ['officer'], mfa: true });
    const outsider = await buildUser({ agency: other, roles: ['officer'], mfa: true });

    const memberClient = await signIn(server.url, member);
    const alert = await memberClient
      .post('/api/v1/alerts', alertBody({ title: 'Alerta antes del cierre', sensitivity: 'standard' }))
      .expect(201);
    const socket = await openSocket(server.url, { cookie: memberClient.cookieHeader() });
    const revoked = nextEvent(socket, 'session:revoked', 3000);

    await sysadmin.patch(`/api/v1/agencies/${String(closing._id)}`, { active: false }).expect(200);

    expect(await revoked).to.deep.equal({ reason: 'agency_deactivated' });
    await memberClient.get('/api/v1/auth/me').expect(401);
    await memberClient.get('/api/v1/alerts').expect(401);

    const c = new ApiClient(server.url);
    await c.fetchCsrf();
    const refused = await c.post('/api/v1/auth/login', { email: colleague.email, password: colleague.password }).expect(403);
    expect(refused.body.error.code).to.equal('agency_inactive');
    expect(refused.body.error.message).to.match(/organismo/i);
    // A wrong password still answers like any wrong password: the state is told only to the account's owner.
    const wrong = await c.post('/api/v1/auth/login', { email: colleague.email, password: 'Not-the-password-1' }).expect(401);
    expect(wrong.body.error.code).to.equal('invalid_credentials');

    const outsiderClient = await signIn(server.url, outsider);
    const read = await outsiderClient.get(`/api/v1/alerts/${alert.body.id as string}`).expect(200);
    expect(read.body.title).to.equal('Alerta antes del cierre');

    await sysadmin.patch(`/api/v1/agencies/${String(closing._id)}`, { active: true }).expect(200);
    await signIn(server.url, colleague);
    socket.close();
  });

  it('a user half-way through sign-in (password done, TOTP pending) cannot finish once the agency is inactive', async () => {
    const ministry = await buildAgency({ country: 'PY', kind: 'other' });
    const sysadmin = await signIn(server.url, await buildUser({ agency: ministry, roles: ['system_admin'], mfa: true }));
    const closing = await buildAgency({ country: 'PY' });
    const u = await buildUser({ agency: closing, roles: ['officer'], mfa: true });
    const c = new ApiClient(server.url);
    await c.fetchCsrf();
    c.csrfToken = (await c.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(200)).body.csrfToken;
    await sysadmin.patch(`/api/v1/agencies/${String(closing._id)}`, { active: false }).expect(200);
    const res = await c.post('/api/v1/auth/mfa', { code: await freshTotp(u.totpSecret!) }).expect(403);
    expect(res.body.error.code).to.equal('agency_inactive');
  });
});
