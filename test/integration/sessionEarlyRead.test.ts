import { expect } from 'chai';
import http from 'node:http';
import mongoose from 'mongoose';
import { EARLY_READ_MAX_AGE_MS } from '../../server/identity/sessions/sessionEarlyRead.js';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { SessionModel } from '../helpers/models.js';

/**
 * The session read starts when an API request arrives, beside the reading and checking of its
 * body, not after them (issue 13: the alert path's store steps before an announcement).
 */
describe('the session read starts as an API request arrives (issue 13)', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
  });
  after(() => server.stop());

  /** Sends a request's head at once and its body only when `bodyWhen` resolves; returns the answer. */
  function sendInTwoParts(
    path: string,
    headers: Record<string, string>,
    body: string,
    bodyWhen: Promise<unknown>,
  ): Promise<{ status: number; body: string }> {
    return send('POST', path, headers, body, bodyWhen);
  }

  function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body: string,
    bodyWhen: Promise<unknown>,
  ): Promise<{ status: number; body: string }> {
    const { hostname, port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = http.request(
        { hostname, port, path, method, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.flushHeaders();
      void bodyWhen.then(() => req.end(body));
    });
  }

  /** Resolves with true when the store is asked for a session, or false after `ms`. */
  function sessionReadWithin(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        mongoose.set('debug', false);
        resolve(false);
      }, ms);
      mongoose.set('debug', (collection: string, method: string) => {
        if (collection !== 'sessions' || method !== 'findOne') return;
        clearTimeout(timer);
        mongoose.set('debug', false);
        resolve(true);
      });
    });
  }

  /** The session id in a signed `puente.sid` cookie (`s:<id>.<signature>`, URL-encoded). */
  const sessionIdOf = (cookie: string) => /^s:([^.]+)\./.exec(decodeURIComponent(/puente\.sid=([^;]+)/.exec(cookie)![1]!))![1]!;

  const headersOf = (client: ApiClient) => ({
    cookie: client.cookieHeader(),
    'x-csrf-token': client.csrfToken!,
    'content-type': 'application/json',
  });

  it('a POST /alerts has its session read before its body has arrived, and is then served as usual', async () => {
    const sessionRead = sessionReadWithin(3000);
    const answer = sendInTwoParts('/api/v1/alerts', headersOf(officer), JSON.stringify(alertBody({ title: 'Cuerpo tardío' })), sessionRead);
    expect(await sessionRead, 'session read while the body was still to come').to.equal(true);
    const { status, body } = await answer;
    expect(status, body).to.equal(201);
    expect(JSON.parse(body).title).to.equal('Cuerpo tardío');
  });

  it('a body the API refuses is refused as before, with the session started beside it', async () => {
    const malformed = await sendInTwoParts('/api/v1/alerts', headersOf(officer), '{"title": ', Promise.resolve());
    expect(malformed.status).to.equal(400);
    expect(JSON.parse(malformed.body).error.code).to.be.a('string');
    const notJson = await sendInTwoParts(
      '/api/v1/alerts',
      { ...headersOf(officer), 'content-type': 'text/plain' },
      'hola',
      Promise.resolve(),
    );
    expect(notJson.status).to.equal(415);
    // The session is intact after both.
    await officer.get('/api/v1/auth/me').expect(200);
  });

  it('without a session, and with a forged session cookie, the request is refused', async () => {
    const { cookie: _unused, ...anonymous } = headersOf(officer);
    const forgedCookie = { cookie: `puente.sid=${encodeURIComponent('s:forged-session-id.bad-signature')}` };
    expect((await send('GET', '/api/v1/alerts', anonymous, '', Promise.resolve())).status).to.equal(401);
    expect((await send('GET', '/api/v1/alerts', { ...anonymous, ...forgedCookie }, '', Promise.resolve())).status).to.equal(401);
    // A POST without a session fails its CSRF check first.
    const post = await sendInTwoParts('/api/v1/alerts', { ...anonymous, ...forgedCookie }, JSON.stringify(alertBody()), Promise.resolve());
    expect(post.status).to.equal(403);
    expect(JSON.parse(post.body).error.code).to.equal('csrf_failed');
  });

  it('only a validly signed session cookie starts a read before express-session looks at it', async () => {
    const { cookie: _unused, ...anonymous } = headersOf(officer);
    const forged = `puente.sid=${encodeURIComponent(`s:${sessionIdOf(officer.cookieHeader())}.not-the-signature`)}`;
    const sessionRead = sessionReadWithin(400);
    const answer = sendInTwoParts('/api/v1/alerts', { ...anonymous, cookie: forged }, JSON.stringify(alertBody()), sessionRead);
    expect(await sessionRead, 'no session read for a forged cookie while the body is awaited').to.equal(false);
    expect((await answer).status).to.equal(403);
  });

  it('a request in flight when its session is signed out does not bring the session back', async () => {
    const other = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'PY' }), mfa: true }));
    const headers = headersOf(other);
    // Last seen two minutes ago: this request records activity, so its session is saved as it ends.
    const sid = sessionIdOf(headers.cookie);
    const stored = (await SessionModel.findById(sid).lean())!;
    const data = JSON.parse(stored.data) as { lastSeenAt: number };
    await SessionModel.updateOne({ _id: sid }, { $set: { data: JSON.stringify({ ...data, lastSeenAt: Date.now() - 120_000 }) } });

    const sessionRead = sessionReadWithin(3000);
    const signedOut = sessionRead.then(() => other.post('/api/v1/auth/logout').expect(204));
    const inFlight = await sendInTwoParts('/api/v1/alerts', headers, JSON.stringify(alertBody({ title: 'En vuelo' })), signedOut);
    // It arrived, and its session was read, before the sign-out: like any request in flight then, it completes.
    expect(inFlight.status, inFlight.body).to.equal(201);
    expect(await SessionModel.exists({ _id: sid }), 'the session stays signed out').to.equal(null);
    expect((await send('GET', '/api/v1/alerts', headers, '', Promise.resolve())).status).to.equal(401);
  });

  it('a body slower than a second has its session read again: signed out meanwhile, it is refused', async () => {
    const other = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    const headers = headersOf(other);
    const sessionRead = sessionReadWithin(3000);
    const signedOut = sessionRead.then(async () => {
      await other.post('/api/v1/auth/logout').expect(204);
      await new Promise((r) => setTimeout(r, EARLY_READ_MAX_AGE_MS + 200));
    });
    const slow = await sendInTwoParts('/api/v1/alerts', headers, JSON.stringify(alertBody({ title: 'Cuerpo lento' })), signedOut);
    expect(slow.status, slow.body).to.equal(403);
    expect(JSON.parse(slow.body).error.code).to.equal('csrf_failed');
  });
});
