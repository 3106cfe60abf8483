import { expect } from 'chai';
import mongoose from 'mongoose';
import { generate } from 'otplib';
import { ApiClient, freshTotp, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { startTestServer, suiteServer } from '../helpers/server.js';
import { User } from '../helpers/models.js';

const sessions = () => mongoose.connection.collection('sessions');

function sessionCookie(client: ApiClient): string | undefined {
  return client
    .cookieHeader()
    .split('; ')
    .find((c) => c.startsWith('puente.sid='));
}

describe('authentication (/api/v1/auth)', function () {
  this.timeout(30_000);
  const server = suiteServer();

  describe('CSRF', () => {
    it('GET /csrf returns a token bound to the anonymous client (its cookie; nothing stored, see connectionLimits.test.ts)', async () => {
      const c = new ApiClient(server.url);
      const token = await c.fetchCsrf();
      expect(token).to.match(/^[A-Za-z0-9_-]{40,}$/);
      expect(c.cookieHeader()).to.match(/(^|; )puente\.csrf=/);
      const res = await c.get('/api/v1/auth/csrf').expect(200);
      expect(res.body.csrfToken, 'stable within a session').to.equal(token);
    });

    it('login without the token, or with a wrong one, is refused with 403 csrf_failed', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const c = new ApiClient(server.url);
      await c.fetchCsrf();
      const missing = await c.agent.post('/api/v1/auth/login').send({ email: u.email, password: u.password }).expect(403);
      expect(missing.body.error.code).to.equal('csrf_failed');
      const wrong = await c.agent
        .post('/api/v1/auth/login')
        .set('X-CSRF-Token', 'x'.repeat(43))
        .send({ email: u.email, password: u.password })
        .expect(403);
      expect(wrong.body.error.code).to.equal('csrf_failed');
    });

    it('a token from another session does not work', async () => {
      const a = new ApiClient(server.url);
      const b = new ApiClient(server.url);
      await a.fetchCsrf();
      const bToken = await b.fetchCsrf();
      const res = await a.agent.post('/api/v1/auth/logout').set('X-CSRF-Token', bToken).expect(403);
      expect(res.body.error.code).to.equal('csrf_failed');
    });
  });

  describe('password and TOTP steps', () => {
    it('signs in with password then a TOTP code; the session id changes at each step', async () => {
      const agency = await buildAgency({ kind: 'prosecutor' });
      const u = await buildUser({ agency, mfa: true, roles: ['prosecutor'] });
      const c = new ApiClient(server.url);
      await c.fetchCsrf();
      const anonymous = sessionCookie(c);
      const step1 = await c.post('/api/v1/auth/login', { email: u.email.toUpperCase(), password: u.password }).expect(200);
      expect(step1.body).to.have.keys('mfaRequired', 'csrfToken');
      expect(step1.body.mfaRequired).to.equal(true);
      const afterPassword = sessionCookie(c);
      expect(afterPassword).to.not.equal(anonymous);
      // Not signed in yet: protected endpoints still refuse.
      await c.get('/api/v1/agencies').expect(401);
      c.csrfToken = step1.body.csrfToken;
      const step2 = await c.post('/api/v1/auth/mfa', { code: await freshTotp(u.totpSecret!) }).expect(200);
      expect(step2.body.user).to.include({ email: u.email, mfaEnabled: true, status: 'active' });
      expect(step2.body.user).to.not.have.any.keys('passwordHash', 'mfa', 'secret');
      expect(sessionCookie(c)).to.not.equal(afterPassword);
      c.csrfToken = step2.body.csrfToken;
      const me = await c.get('/api/v1/auth/me').expect(200);
      expect(me.body.user.id).to.equal(u.id);
      expect(me.body.user.lastLoginAt).to.be.a('string');
      await c.get('/api/v1/agencies').expect(200);
    });

    it('refuses a wrong code and a replayed code with 401 invalid_code', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const first = new ApiClient(server.url);
      await first.fetchCsrf();
      first.csrfToken = (await first.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(200)).body.csrfToken;
      const code = await freshTotp(u.totpSecret!);
      const wrongCode = code === '000000' ? '111111' : '000000';
      const wrong = await first.post('/api/v1/auth/mfa', { code: wrongCode }).expect(401);
      expect(wrong.body.error.code).to.equal('invalid_code');
      await first.post('/api/v1/auth/mfa', { code }).expect(200);

      const second = new ApiClient(server.url);
      await second.fetchCsrf();
      second.csrfToken = (await second.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(200)).body.csrfToken;
      const replay = await second.post('/api/v1/auth/mfa', { code }).expect(401);
      expect(replay.body.error.code).to.equal('invalid_code');
    });

    it('the TOTP step without a password step is 401', async () => {
      const c = new ApiClient(server.url);
      await c.fetchCsrf();
      const res = await c.post('/api/v1/auth/mfa', { code: '123456' }).expect(401);
      expect(res.body.error.code).to.equal('unauthenticated');
    });

    it('answers unknown email and wrong password identically, in similar time', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency });
      const attempt = async (email: string) => {
        const c = new ApiClient(server.url);
        await c.fetchCsrf();
        const t = process.hrtime.bigint();
        const res = await c.post('/api/v1/auth/login', { email, password: 'Wrong-password-123456' });
        return { res, ms: Number(process.hrtime.bigint() - t) / 1e6 };
      };
      const samples = { unknown: [] as number[], wrong: [] as number[] };
      let unknownBody: unknown;
      let wrongBody: unknown;
      for (let i = 0; i < 4; i++) {
        const a = await attempt(`nobody${i}@example.org`);
        const b = await attempt(u.email);
        expect(a.res.status).to.equal(401);
        expect(b.res.status).to.equal(401);
        unknownBody = a.res.body;
        wrongBody = b.res.body;
        samples.unknown.push(a.ms);
        samples.wrong.push(b.ms);
      }
      expect(unknownBody).to.deep.equal(wrongBody);
      expect(wrongBody).to.deep.equal({ error: { code: 'invalid_credentials', message: 'Correo o contraseña incorrectos.' } });
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      const ratio = median(samples.unknown) / median(samples.wrong);
      expect(ratio, `unknown ${median(samples.unknown)} ms vs wrong ${median(samples.wrong)} ms`).to.be.within(0.5, 2);
    });

    it('invited and disabled accounts cannot sign in, with the same answer', async () => {
      const agency = await buildAgency();
      for (const status of ['invited', 'disabled'] as const) {
        const u = await buildUser({ agency, status });
        const c = new ApiClient(server.url);
        await c.fetchCsrf();
        const res = await c.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(401);
        expect(res.body.error.code).to.equal('invalid_credentials');
      }
    });
  });

  describe('lockout', () => {
    it('locks after 5 failures in 15 minutes with 423 and Retry-After, even for the right password', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency });
      const c = new ApiClient(server.url);
      await c.fetchCsrf();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await c.post('/api/v1/auth/login', { email: u.email, password: `Nope-nope-nope-${i}` })).status);
      expect(statuses.slice(0, 4)).to.deep.equal([401, 401, 401, 401]);
      expect(statuses[4]).to.equal(423);
      const locked = await c.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(423);
      expect(locked.body.error.code).to.equal('account_locked');
      const retry = Number(locked.headers['retry-after']);
      expect(retry).to.be.within(14 * 60, 15 * 60);
    });

    it('locks an unknown email the same way (no account enumeration)', async () => {
      const c = new ApiClient(server.url);
      await c.fetchCsrf();
      for (let i = 0; i < 5; i++) await c.post('/api/v1/auth/login', { email: 'ghost@example.org', password: `Nope-nope-nope-${i}` });
      const res = await c.post('/api/v1/auth/login', { email: 'ghost@example.org', password: 'anything-at-all-123' }).expect(423);
      expect(res.headers['retry-after']).to.match(/^\d+$/);
    });

    it('limits sign-in attempts per IP address with 429 rate_limited and Retry-After', async () => {
      const limited = await startTestServer({ LOGIN_RATE_LIMIT_PER_15_MIN: '3' });
      try {
        const c = new ApiClient(limited.url);
        await c.fetchCsrf();
        for (let i = 0; i < 3; i++)
          await c.post('/api/v1/auth/login', { email: `rl${i}@example.org`, password: 'whatever-whatever-1' }).expect(401);
        const res = await c.post('/api/v1/auth/login', { email: 'rl9@example.org', password: 'whatever-whatever-1' }).expect(429);
        expect(res.body.error.code).to.equal('rate_limited');
        expect(Number(res.headers['retry-after'])).to.be.within(1, 900);
      } finally {
        await limited.stop();
      }
    });

    it('an administrator can unlock the account', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency });
      const admin = await buildUser({ agency, roles: ['agency_admin'], mfa: true });
      const c = new ApiClient(server.url);
      await c.fetchCsrf();
      for (let i = 0; i < 5; i++) await c.post('/api/v1/auth/login', { email: u.email, password: `Nope-nope-nope-${i}` });
      await c.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(423);
      const adminClient = await signIn(server.url, admin);
      await adminClient.post(`/api/v1/users/${u.id}/unlock`).expect(204);
      await c.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(200);
    });
  });

  describe('MFA enrolment', () => {
    it('a user in an MFA role gets 403 mfa_required outside /auth until enrolled', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: false });
      const c = await signIn(server.url, u);
      const refused = await c.get('/api/v1/agencies').expect(403);
      expect(refused.body.error.code).to.equal('mfa_required');
      const me = await c.get('/api/v1/auth/me').expect(200);
      expect(me.body.mfaEnrolmentRequired).to.equal(true);

      const setup = await c.post('/api/v1/auth/mfa/setup').expect(200);
      expect(setup.body.secret).to.match(/^[A-Z2-7]+=*$/);
      expect(setup.body.otpauthUrl).to.match(/^otpauth:\/\/totp\/Puente:/);
      const code = await generate({ secret: setup.body.secret });
      // Re-authentication is required: a wrong password is refused.
      const badPassword = await c.post('/api/v1/auth/mfa/enable', { code, password: 'not-my-password-123' }).expect(401);
      expect(badPassword.body.error.code).to.equal('invalid_credentials');
      const badCode = await c
        .post('/api/v1/auth/mfa/enable', { code: code === '123456' ? '654321' : '123456', password: u.password })
        .expect(401);
      expect(badCode.body.error.code).to.equal('invalid_code');
      await c.post('/api/v1/auth/mfa/enable', { code, password: u.password }).expect(204);
      await c.get('/api/v1/agencies').expect(200);
      const stored = await User.findById(u.id).lean();
      expect(stored?.mfa?.secret, 'secret encrypted at rest').to.match(/^v1\./).and.not.contain(setup.body.secret);
    });

    it('MFA_REQUIRED_ROLES can exempt a role', async () => {
      const relaxed = await startTestServer({ MFA_REQUIRED_ROLES: 'system_admin' });
      try {
        const agency = await buildAgency();
        const u = await buildUser({ agency, mfa: false, roles: ['officer'] });
        const c = await signIn(relaxed.url, u);
        await c.get('/api/v1/agencies').expect(200);
      } finally {
        await relaxed.stop();
      }
    });
  });

  describe('session limits', () => {
    async function sessionDoc(c: ApiClient) {
      const sid = decodeURIComponent(sessionCookie(c)!.split('=')[1]!).slice(2).split('.')[0]!;
      return { sid, doc: await sessions().findOne({ _id: sid as never }) };
    }

    it('an idle session (over 30 minutes) is ended by the server', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const c = await signIn(server.url, u);
      await c.get('/api/v1/auth/me').expect(200);
      const { sid, doc } = await sessionDoc(c);
      const data = JSON.parse(doc!.data as string);
      data.lastSeenAt = Date.now() - 31 * 60_000;
      await sessions().updateOne({ _id: sid as never }, { $set: { data: JSON.stringify(data) } });
      await c.get('/api/v1/auth/me').expect(401);
    });

    it('a request on an unchanged session writes nothing to the session store (issue 13: no write per request)', async () => {
      const agency = await buildAgency();
      const c = await signIn(server.url, await buildUser({ agency, mfa: true }));
      await c.get('/api/v1/auth/me').expect(200);
      const before = (await sessionDoc(c)).doc!;
      await new Promise((r) => setTimeout(r, 20));
      await c.get('/api/v1/auth/me').expect(200);
      await c.get('/api/v1/agencies').expect(200);
      const after = (await sessionDoc(c)).doc!;
      expect(after.expires.getTime(), 'expiry not rewritten').to.equal(before.expires.getTime());
      expect(after.data).to.equal(before.data);
    });

    it('activity a minute after the last recorded one moves the stored expiry a full idle period on', async () => {
      const agency = await buildAgency();
      const c = await signIn(server.url, await buildUser({ agency, mfa: true }));
      const { sid, doc } = await sessionDoc(c);
      const data = JSON.parse(doc!.data as string);
      data.lastSeenAt = Date.now() - 2 * 60_000;
      await sessions().updateOne(
        { _id: sid as never },
        { $set: { data: JSON.stringify(data), expires: new Date(Date.now() + 28 * 60_000) } },
      );
      const requestedAt = Date.now();
      await c.get('/api/v1/auth/me').expect(200);
      const after = (await sessionDoc(c)).doc!;
      expect(JSON.parse(after.data as string).lastSeenAt).to.be.at.least(requestedAt);
      expect(after.expires.getTime()).to.be.at.least(requestedAt + 30 * 60_000);
      await c.get('/api/v1/auth/me').expect(200);
    });

    it('a session whose stored expiry has passed is refused', async () => {
      const agency = await buildAgency();
      const c = await signIn(server.url, await buildUser({ agency, mfa: true }));
      const { sid } = await sessionDoc(c);
      await sessions().updateOne({ _id: sid as never }, { $set: { expires: new Date(Date.now() - 1000) } });
      await c.get('/api/v1/auth/me').expect(401);
    });

    it('a session older than 12 hours ends even when active', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const c = await signIn(server.url, u);
      const { sid, doc } = await sessionDoc(c);
      const data = JSON.parse(doc!.data as string);
      data.createdAt = Date.now() - 12 * 3600_000 - 1000;
      data.lastSeenAt = Date.now();
      await sessions().updateOne({ _id: sid as never }, { $set: { data: JSON.stringify(data) } });
      await c.get('/api/v1/auth/me').expect(401);
    });

    it('the session cookie and the anonymous CSRF cookie are HttpOnly and SameSite=Strict', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const c = new ApiClient(server.url);
      const anonymous = await c.agent.get('/api/v1/auth/csrf');
      c.csrfToken = anonymous.body.csrfToken;
      const login = await c.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(200);
      const cookies = [anonymous, login].map((r) => (r.headers['set-cookie'] as unknown as string[])[0]!);
      expect(cookies[0]).to.match(/^puente\.csrf=/);
      expect(cookies[1]).to.match(/^puente\.sid=/);
      for (const cookie of cookies)
        expect(cookie)
          .to.match(/HttpOnly/)
          .and.to.match(/SameSite=Strict/);
    });

    it('logout ends the session', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const c = await signIn(server.url, u);
      await c.post('/api/v1/auth/logout').expect(204);
      await c.get('/api/v1/auth/me').expect(401);
    });
  });

  describe('password change', () => {
    it('checks the current password and the policy, and ends other sessions', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const a = await signIn(server.url, u);
      const b = await signIn(server.url, u);
      const wrong = await a
        .post('/api/v1/auth/password', { currentPassword: 'wrong-wrong-wrong', newPassword: 'Otra-clave-muy-larga-99' })
        .expect(401);
      expect(wrong.body.error.code).to.equal('invalid_credentials');
      const weak = await a.post('/api/v1/auth/password', { currentPassword: u.password, newPassword: 'password1234' }).expect(400);
      expect(weak.body.error.details[0].path).to.equal('newPassword');
      const short = await a.post('/api/v1/auth/password', { currentPassword: u.password, newPassword: 'Ab1!x' }).expect(400);
      expect(short.body.error.details[0].message).to.match(/12/);
      await a.post('/api/v1/auth/password', { currentPassword: u.password, newPassword: 'Otra-clave-muy-larga-99' }).expect(204);
      await a.get('/api/v1/auth/me').expect(200);
      await b.get('/api/v1/auth/me').expect(401);
    });
  });

  describe('invitations', () => {
    it('an invitation is accepted once; a weak password does not burn it; an expired one is refused', async () => {
      const agency = await buildAgency();
      const admin = await buildUser({ agency, roles: ['agency_admin'], mfa: true });
      const c = await signIn(server.url, admin);
      const invited = await c
        .post('/api/v1/users', {
          email: 'nueva.oficial@example.org',
          displayName: 'Nueva Oficial',
          agencyId: String(agency._id),
          roles: ['officer'],
        })
        .expect(201);
      const token = invited.body.invitationToken as string;
      expect(invited.body.user.status).to.equal('invited');

      const anon = new ApiClient(server.url);
      await anon.fetchCsrf();
      const weak = await anon.post('/api/v1/auth/invitations/accept', { token, password: 'nueva.oficial-1234' }).expect(400);
      expect(weak.body.error.details[0].path).to.equal('password');
      const ok = await anon
        .post('/api/v1/auth/invitations/accept', { token, password: GOOD_PASSWORD, displayName: 'Oficial Nueva' })
        .expect(200);
      expect(ok.body.user).to.include({ status: 'active', displayName: 'Oficial Nueva' });
      const again = await anon.post('/api/v1/auth/invitations/accept', { token, password: GOOD_PASSWORD }).expect(400);
      expect(again.body.error.details[0].path).to.equal('token');

      const second = await c
        .post('/api/v1/users', { email: 'tarde@example.org', displayName: 'Tarde', agencyId: String(agency._id), roles: ['officer'] })
        .expect(201);
      await mongoose.connection.collection('authtokens').updateMany({}, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      await anon.post('/api/v1/auth/invitations/accept', { token: second.body.invitationToken, password: GOOD_PASSWORD }).expect(400);
    });
  });
});
