import { expect } from 'chai';
import { createClient } from 'redis';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import type { PuenteServer } from '../../server/server.js';
import { POOL_WAIT_MS } from '../../server/platform/store/mongoose.js';
import type { Ack, AlertsSinceData } from '../../shared/events.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer, suiteServer, testConfig } from '../helpers/server.js';
import { REDIS_URL, requireService } from '../helpers/services.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';

/** The request timeout the suite's server runs with: every answer must come within it. */
const REQUEST_TIMEOUT_MS = 5000;
const ALERTS = 300;
const EDITS = 180;
const BURST = 100;

type SinceAck = Ack<AlertsSinceData>;

/** Runs `fn` over `items`, `width` at a time (seeding through the API without flooding it). */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(fn));
}

/** The error code of an ack, or 'data' when it answered. */
const outcome = (ack: SinceAck): string => ('data' in ack ? 'data' : ack.error.code);

// Pen-test issue 23, F1: one socket's burst of alerts:since froze the store for every user.
describe('a burst of socket events (issue 23, F1)', function () {
  this.timeout(240_000);
  const server = suiteServer({ REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), SOCKET_EVENTS_PER_MINUTE: '1000' });
  let attacker: ApiClient;
  let bystander: ApiClient;
  const opened: TestSocket[] = [];
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });

  before(async function () {
    this.timeout(600_000);
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    const poster = await signIn(server.url, await buildUser({ agency: ar, roles: ['officer'], mfa: true }));
    attacker = await signIn(server.url, await buildUser({ agency: ar, roles: ['officer'], mfa: true }));
    bystander = await signIn(server.url, await buildUser({ agency: py, roles: ['officer'], mfa: true }));
    // ~300 alerts and ~480 change-log entries, as on the instance of the finding.
    const ids: string[] = [];
    await inBatches([...Array(ALERTS).keys()], 10, async (i) => {
      const res = await poster.post('/api/v1/alerts', alertBody({ title: `Alerta ${i}`, sensitivity: 'standard' })).expect(201);
      ids.push(res.body.id as string);
    });
    await inBatches(ids.slice(0, EDITS), 10, (id) => poster.patch(`/api/v1/alerts/${id}`, { version: 0, priority: 'high' }).expect(200));
  });

  it('100 alerts:since without waiting: every ack arrives, one is served, the rest are refused; others are not held up', async () => {
    const socket = await openSocket(server.url, { cookie: attacker.cookieHeader() });
    opened.push(socket);
    const burst = Array.from({ length: BURST }, () =>
      socket
        .timeout(REQUEST_TIMEOUT_MS * 2)
        .emitWithAck('alerts:since', { cursor: null })
        .then(outcome, (err: Error) => `no ack: ${err.message}`),
    );

    // Another user in the other country, while the burst is being handled.
    const started = Date.now();
    const me = await bystander.get('/api/v1/auth/me').timeout(REQUEST_TIMEOUT_MS);
    expect(me.status, 'another user’s request answers').to.equal(200);
    expect(Date.now() - started).to.be.below(REQUEST_TIMEOUT_MS);
    const list = await bystander.get('/api/v1/alerts?limit=5').timeout(REQUEST_TIMEOUT_MS);
    expect(list.status).to.equal(200);
    const ready = await request(server.url).get('/readyz').timeout(REQUEST_TIMEOUT_MS);
    expect(ready.status, JSON.stringify(ready.body)).to.equal(200);

    const outcomes = await Promise.all(burst);
    const counts: Record<string, number> = {};
    for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
    expect(Object.keys(counts), JSON.stringify(counts)).to.have.members(['data', 'busy']);
    // The events arrive together: one is served, the others find it in flight.
    expect(counts.data, JSON.stringify(counts)).to.equal(1);

    // Once its event is answered the socket is served again, at once.
    const after = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('alerts:since', { cursor: null });
    expect(outcome(after)).to.equal('data');
    expect('data' in after && after.data.items).to.have.length(100);
  });

  it('a store operation waits a bounded time for a pool connection, shorter than a request may take', () => {
    expect(server.instance.store.connection.getClient().options.waitQueueTimeoutMS, "the server's own connection").to.equal(POOL_WAIT_MS);
    const defaults = testConfig();
    expect(defaults.storePoolWaitMs).to.equal(POOL_WAIT_MS);
    expect(defaults.storePoolWaitMs).to.be.below(defaults.requestTimeoutMs);
  });

  it('a busy refusal is bilingual and tells the client to try again', async () => {
    const socket = await openSocket(server.url, { cookie: attacker.cookieHeader() });
    opened.push(socket);
    const [first, second] = await Promise.all([
      socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('alerts:since', { cursor: null }),
      socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('alerts:since', { cursor: null }),
    ]);
    expect(outcome(first)).to.equal('data');
    expect(second).to.deep.equal({
      error: { code: 'busy', message: 'Ya hay una solicitud igual en curso; espere su respuesta.', retryAfter: 1 },
    });
  });

  it('events without an ack or of an unknown kind are dropped before any work, and the socket still serves', async () => {
    const socket = await openSocket(server.url, { cookie: attacker.cookieHeader() });
    opened.push(socket);
    // Outside the typed contract, as a hostile client may send.
    const raw = socket as unknown as Socket;
    for (let i = 0; i < BURST; i++) raw.emit('alerts:since', { cursor: null });
    const unknown: unknown = await raw.timeout(REQUEST_TIMEOUT_MS).emitWithAck('alerts:everything', {});
    expect(unknown).to.deep.include({ error: { code: 'validation_failed', message: 'Algunos datos no son válidos.' } });
    const ok = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck('alerts:since', { cursor: null });
    expect(outcome(ok)).to.equal('data');
  });
});

describe('the per-user socket event rate limit (issue 23, F1)', function () {
  this.timeout(60_000);
  const server = suiteServer({ SOCKET_EVENTS_PER_MINUTE: '3' });
  const opened: TestSocket[] = [];
  after(() => {
    for (const s of opened.splice(0)) s.close();
  });

  it('counts every socket of a user together, answers rate_limited with retryAfter, and leaves other users alone', async () => {
    const agency = await buildAgency({ country: 'PY' });
    const user = await signIn(server.url, await buildUser({ agency, mfa: true, language: 'en' }));
    const other = await signIn(server.url, await buildUser({ agency, mfa: true }));
    const a = await openSocket(server.url, { cookie: user.cookieHeader() });
    const b = await openSocket(server.url, { cookie: user.cookieHeader() });
    const c = await openSocket(server.url, { cookie: other.cookieHeader() });
    opened.push(a, b, c);
    const since = (s: TestSocket) => s.timeout(5000).emitWithAck('alerts:since', { cursor: null });
    expect(outcome(await since(a))).to.equal('data');
    expect(outcome(await since(b))).to.equal('data');
    expect(outcome(await since(a))).to.equal('data');
    const refused = await since(b);
    expect('error' in refused && refused.error).to.deep.include({
      code: 'rate_limited',
      message: 'Too many requests; wait and try again.',
    });
    const retryAfter = 'error' in refused ? (refused.error as { retryAfter?: number }).retryAfter : undefined;
    expect(retryAfter).to.be.within(1, 60);
    expect(outcome(await since(a)), 'the other socket of the same user too').to.equal('rate_limited');
    expect(outcome(await since(c)), 'another user is not limited').to.equal('data');
  });
});

describe('the socket event rate limit shared through Redis (REDIS_URL) (issue 23, F1)', function () {
  this.timeout(60_000);
  const servers: PuenteServer[] = [];
  const opened: TestSocket[] = [];

  before(async function () {
    await requireService(this, 'redis');
    await resetDatabase();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    for await (const keys of redis.scanIterator({ MATCH: 'puente:rl:socket_events:*' })) if (keys.length) await redis.del(keys);
    await redis.quit();
    for (let i = 0; i < 2; i++) servers.push(await startTestServer({ REDIS_URL, SOCKET_EVENTS_PER_MINUTE: '3' }));
  });
  after(async () => {
    for (const s of opened.splice(0)) s.close();
    for (const s of servers) await s.stop();
  });

  it('counts a user’s events on every process together', async () => {
    const [a, b] = servers as [PuenteServer, PuenteServer];
    const agency = await buildAgency({ country: 'AR' });
    const user = await signIn(a.url, await buildUser({ agency, mfa: true }));
    const onA = await openSocket(a.url, { cookie: user.cookieHeader() });
    const onB = await openSocket(b.url, { cookie: user.cookieHeader() });
    opened.push(onA, onB);
    const since = (s: TestSocket) => s.timeout(5000).emitWithAck('alerts:since', { cursor: null });
    expect(outcome(await since(onA))).to.equal('data');
    expect(outcome(await since(onB))).to.equal('data');
    expect(outcome(await since(onA))).to.equal('data');
    expect(outcome(await since(onB))).to.equal('rate_limited');
  });
});
