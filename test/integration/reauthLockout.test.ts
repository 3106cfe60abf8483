import { expect } from 'chai';
import { generate } from 'otplib';
import { verifyPassword } from '../../server/platform/crypto/passwordHash.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startTestServer, suiteServer } from '../helpers/server.js';
import { User } from '../helpers/models.js';

const NEW_PASSWORD = 'Otra-clave-muy-larga-y-rara-77';

/** Five wrong passwords at sign-in lock the account (LOCKOUT_THRESHOLD default). */
async function lockBySignIn(url: string, u: BuiltUser): Promise<void> {
  const c = new ApiClient(url);
  await c.fetchCsrf();
  for (let i = 0; i < 5; i++) await c.post('/api/v1/auth/login', { email: u.email, password: `Nope-nope-nope-${i}` });
  await c.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(423);
}

function sameRefusal(a: { status: number; body: unknown; headers: Record<string, string> }, b: typeof a): void {
  expect(a.status).to.equal(423);
  expect(b.status).to.equal(423);
  expect(a.body).to.deep.equal(b.body);
  expect(Number(a.headers['retry-after'])).to.be.within(1, 15 * 60);
  expect(Number(b.headers['retry-after'])).to.be.within(1, 15 * 60);
}

// Pen-test issue 10, item 4: re-authentication inside a session obeys the sign-in lockout.
describe('re-authentication (password change, MFA enable) obeys the lockout and a per-IP limit', function () {
  this.timeout(60_000);
  const server = suiteServer();

  describe('POST /auth/password', () => {
    it('on a locked account answers 423 alike for the right and a wrong current password, and changes nothing', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const c = await signIn(server.url, u);
      await lockBySignIn(server.url, u);
      const right = await c.post('/api/v1/auth/password', { currentPassword: u.password, newPassword: NEW_PASSWORD });
      const wrong = await c.post('/api/v1/auth/password', { currentPassword: 'Not-the-password-1', newPassword: NEW_PASSWORD });
      sameRefusal(right, wrong);
      expect(right.body.error.code).to.equal('account_locked');
      const stored = await User.findById(u.id).lean();
      expect(await verifyPassword(u.password, stored!.passwordHash!), 'password unchanged').to.equal(true);
    });

    it('counts wrong current passwords like sign-in: the fifth locks the account, sign-in included', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const c = await signIn(server.url, u);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await c.post('/api/v1/auth/password', { currentPassword: `Guess-guess-${i}-x`, newPassword: NEW_PASSWORD })).status);
      expect(statuses).to.deep.equal([401, 401, 401, 401, 423]);
      const anon = new ApiClient(server.url);
      await anon.fetchCsrf();
      await anon.post('/api/v1/auth/login', { email: u.email, password: u.password }).expect(423);
    });
  });

  describe('POST /auth/mfa/enable', () => {
    async function enrolling() {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: false });
      const c = await signIn(server.url, u);
      const setup = await c.post('/api/v1/auth/mfa/setup').expect(200);
      return { u, c, secret: setup.body.secret as string };
    }

    it('on a locked account answers 423 alike for the right and a wrong password', async () => {
      const { u, c, secret } = await enrolling();
      await lockBySignIn(server.url, u);
      const code = await generate({ secret });
      const right = await c.post('/api/v1/auth/mfa/enable', { code, password: u.password });
      const wrong = await c.post('/api/v1/auth/mfa/enable', { code, password: 'Not-the-password-1' });
      sameRefusal(right, wrong);
      expect((await User.findById(u.id).lean())!.mfa?.enabled).to.equal(false);
    });

    it('counts wrong passwords like sign-in', async () => {
      const { u, c, secret } = await enrolling();
      const code = await generate({ secret });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await c.post('/api/v1/auth/mfa/enable', { code, password: `Guess-guess-${i}-x` })).status);
      expect(statuses).to.deep.equal([401, 401, 401, 401, 423]);
      await c.post('/api/v1/auth/mfa/enable', { code, password: u.password }).expect(423);
    });
  });

  it('both are rate-limited per IP address (429 rate_limited with Retry-After)', async () => {
    const limited = await startTestServer({ LOGIN_RATE_LIMIT_PER_15_MIN: '3' });
    try {
      const agency = await buildAgency();
      // Separate users so the lockout (5 per account) is not what answers.
      const a = await signIn(limited.url, await buildUser({ agency, mfa: true }));
      const b = await signIn(limited.url, await buildUser({ agency, mfa: false }));
      const body = { currentPassword: 'Guess-guess-guess-1', newPassword: NEW_PASSWORD };
      await a.post('/api/v1/auth/password', body).expect(401);
      await a.post('/api/v1/auth/password', body).expect(401);
      await b.post('/api/v1/auth/mfa/enable', { code: '123456', password: 'Guess-guess-guess-1' }).expect(401);
      const limitedPassword = await a.post('/api/v1/auth/password', body).expect(429);
      expect(limitedPassword.body.error.code).to.equal('rate_limited');
      expect(Number(limitedPassword.headers['retry-after'])).to.be.within(1, 900);
      const limitedMfa = await b.post('/api/v1/auth/mfa/enable', { code: '123456', password: 'Guess-guess-guess-1' }).expect(429);
      expect(limitedMfa.body.error.code).to.equal('rate_limited');
    } finally {
      await limited.stop();
    }
  });
});
