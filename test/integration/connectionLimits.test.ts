import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import { io as connect } from 'socket.io-client';
import type { PuenteServer } from '../../server/server.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer, suiteServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';

const sessionCount = () => mongoose.connection.collection('sessions').countDocuments();

/** The refusal of a connection attempt: its message and data. */
function refusal(p: Promise<TestSocket>): Promise<{ message: string; data?: { message?: string } }> {
  return p.then(
    (s) => {
      s.close();
      return expect.fail('connection should be refused');
    },
    (err: { message: string; data?: { message?: string } }) => err,
  );
}

/** A socket through a proxy that reports the client's address in X-Forwarded-For. */
function openForwarded(url: string, cookie: string, forwardedFor: string): Promise<TestSocket> {
  const socket: TestSocket = connect(url, {
    transports: ['websocket'],
    extraHeaders: { cookie, 'x-forwarded-for': forwardedFor },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

// Pen-test issue 10, item 11: bounded sockets per user and per IP; no stored session per anonymous call.
describe('connection limits', function () {
  this.timeout(60_000);
  const opened: TestSocket[] = [];
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });

  describe('sockets per user and per IP address', () => {
    const server = suiteServer({ SOCKETS_PER_USER: '3', SOCKETS_PER_IP: '5' });

    it('refuses a user’s socket beyond SOCKETS_PER_USER with a clear error; closing one frees a place', async () => {
      const agency = await buildAgency();
      const c = await signIn(server.url, await buildUser({ agency, mfa: true }));
      for (let i = 0; i < 3; i++) opened.push(await openSocket(server.url, { cookie: c.cookieHeader() }));
      const refused = await refusal(openSocket(server.url, { cookie: c.cookieHeader() }));
      expect(refused.message).to.equal('too_many_connections');
      expect(refused.data?.message).to.match(/conexiones/);
      opened.pop()!.close();
      await new Promise((r) => setTimeout(r, 200));
      opened.push(await openSocket(server.url, { cookie: c.cookieHeader() }));
    });

    it('refuses sockets beyond SOCKETS_PER_IP from one address, whoever the users are', async () => {
      const agency = await buildAgency();
      const a = await signIn(server.url, await buildUser({ agency, mfa: true }));
      const b = await signIn(server.url, await buildUser({ agency, mfa: true }));
      for (let i = 0; i < 3; i++) opened.push(await openSocket(server.url, { cookie: a.cookieHeader() }));
      for (let i = 0; i < 2; i++) opened.push(await openSocket(server.url, { cookie: b.cookieHeader() }));
      expect((await refusal(openSocket(server.url, { cookie: b.cookieHeader() }))).message).to.equal('too_many_connections');
    });
  });

  it('behind a trusted proxy counts the client address the proxy reports', async () => {
    const server = await startTestServer({ TRUST_PROXY: '1', SOCKETS_PER_USER: '10', SOCKETS_PER_IP: '2' });
    try {
      const agency = await buildAgency();
      const c = await signIn(server.url, await buildUser({ agency, mfa: true }));
      for (let i = 0; i < 2; i++) opened.push(await openForwarded(server.url, c.cookieHeader(), '203.0.113.1'));
      expect((await refusal(openForwarded(server.url, c.cookieHeader(), '203.0.113.1'))).message).to.equal('too_many_connections');
      opened.push(await openForwarded(server.url, c.cookieHeader(), '203.0.113.2'));
    } finally {
      await server.stop();
    }
  });

  describe('GET /auth/csrf', () => {
    let server: PuenteServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.stop());

    it('300 anonymous calls store no session; login with the token still works and stores one', async () => {
      const before = await sessionCount();
      for (let i = 0; i < 300; i++) {
        const res = await request(server.url).get('/api/v1/auth/csrf').expect(200);
        expect(res.body.csrfToken).to.match(/^[A-Za-z0-9_-]{40,}$/);
      }
      expect(await sessionCount()).to.equal(before);

      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const c = new ApiClient(server.url);
      const token = await c.fetchCsrf();
      expect(await c.fetchCsrf(), 'stable for the same client').to.equal(token);
      // A failed attempt stores nothing either.
      await c.post('/api/v1/auth/login', { email: u.email, password: 'Not-the-password-1' }).expect(401);
      expect(await sessionCount()).to.equal(before);
      await c.login(u);
      await c.get('/api/v1/auth/me').expect(200);
      expect(await sessionCount()).to.be.greaterThan(before);
    });

    it('the anonymous token is bound to its client: another client’s token or none is refused', async () => {
      const agency = await buildAgency();
      const u = await buildUser({ agency, mfa: true });
      const a = new ApiClient(server.url);
      const b = new ApiClient(server.url);
      await a.fetchCsrf();
      const bToken = await b.fetchCsrf();
      const crossed = await a.agent.post('/api/v1/auth/login').set('X-CSRF-Token', bToken).send({ email: u.email, password: u.password });
      expect(crossed.status).to.equal(403);
      expect(crossed.body.error.code).to.equal('csrf_failed');
      // Without the client's cookie the token alone is worth nothing.
      const bare = await request(server.url)
        .post('/api/v1/auth/login')
        .set('X-CSRF-Token', bToken)
        .send({ email: u.email, password: u.password });
      expect(bare.status).to.equal(403);
    });

    it('is rate-limited per IP address', async () => {
      const limited = await startTestServer({ CSRF_RATE_LIMIT_PER_15_MIN: '3' });
      try {
        for (let i = 0; i < 3; i++) await request(limited.url).get('/api/v1/auth/csrf').expect(200);
        const res = await request(limited.url).get('/api/v1/auth/csrf').expect(429);
        expect(res.body.error.code).to.equal('rate_limited');
        expect(res.headers['retry-after']).to.match(/^\d+$/);
      } finally {
        await limited.stop();
      }
    });
  });
});
