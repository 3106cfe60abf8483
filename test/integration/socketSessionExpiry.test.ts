import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';

const sessions = () => mongoose.connection.collection('sessions');

/** The stored session behind a client's cookie. */
function sessionIdOf(c: ApiClient): string {
  const cookie = c
    .cookieHeader()
    .split('; ')
    .find((x) => x.startsWith('puente.sid='))!;
  return decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;
}

/** Rewrites the session's timestamps in the store, as if time had passed. */
async function ageSession(c: ApiClient, change: { lastSeenAt?: number; createdAt?: number }): Promise<void> {
  const sid = sessionIdOf(c);
  const doc = await sessions().findOne({ _id: sid as never });
  const data = { ...JSON.parse(doc!.data as string), ...change };
  await sessions().updateOne({ _id: sid as never }, { $set: { data: JSON.stringify(data) } });
}

function disconnected(socket: TestSocket, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

// SECURITY.md "Sessions": a socket lives no longer than its session (pen-test issue 10, item 2).
describe('sockets end with their session (idle and absolute limits)', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  const IDLE_MS = 60_000; // SESSION_IDLE_MINUTES=1, the shortest the configuration allows
  const ABSOLUTE_MS = 3600_000; // SESSION_ABSOLUTE_HOURS=1

  before(async () => {
    await resetDatabase();
    server = await startTestServer({ SESSION_IDLE_MINUTES: '1', SESSION_ABSOLUTE_HOURS: '1' });
  });
  after(() => server.stop());

  async function officer() {
    const agency = await buildAgency({ country: 'AR' });
    const u = await buildUser({ agency, roles: ['officer'], mfa: true });
    return { agency, client: await signIn(server.url, u) };
  }

  it('an idle session ends its socket: session:revoked "expired", then disconnect, and no alert:new after', async () => {
    const { agency, client } = await officer();
    // 58 s of the 60 s idle allowance already spent: the session expires two seconds from now.
    await ageSession(client, { lastSeenAt: Date.now() - IDLE_MS + 2000 });
    const socket = await openSocket(server.url, { cookie: client.cookieHeader() });
    const revoked = nextEvent(socket, 'session:revoked', 8000);
    const gone = disconnected(socket, 8000);
    expect(await revoked).to.deep.equal({ reason: 'expired' });
    await gone;
    let received = false;
    socket.on('alert:new', () => (received = true));
    const poster = await signIn(server.url, await buildUser({ agency, roles: ['officer'], mfa: true }));
    await poster.post('/api/v1/alerts', alertBody({ title: 'Después del vencimiento', distribution: { scope: 'agency' } })).expect(201);
    await new Promise((r) => setTimeout(r, 300));
    expect(received).to.equal(false);
    await client.get('/api/v1/auth/me').expect(401);
    socket.close();
  });

  it('the absolute lifetime ends the socket even while the session is active', async () => {
    const { client } = await officer();
    await ageSession(client, { createdAt: Date.now() - ABSOLUTE_MS + 2000, lastSeenAt: Date.now() });
    const socket = await openSocket(server.url, { cookie: client.cookieHeader() });
    const revoked = nextEvent(socket, 'session:revoked', 8000);
    const gone = disconnected(socket, 8000);
    expect(await revoked).to.deep.equal({ reason: 'expired' });
    await gone;
    socket.close();
  });

  it('HTTP activity keeps the socket of a live session connected past the first deadline', async () => {
    const { client } = await officer();
    await ageSession(client, { lastSeenAt: Date.now() - IDLE_MS + 1500 });
    const socket = await openSocket(server.url, { cookie: client.cookieHeader() });
    let revoked = false;
    socket.on('session:revoked', () => (revoked = true));
    // Activity before the deadline moves it a minute on.
    await ageSession(client, { lastSeenAt: Date.now() });
    await new Promise((r) => setTimeout(r, 2500));
    expect(revoked).to.equal(false);
    expect(socket.connected).to.equal(true);
    socket.close();
  });

  it('every inbound event re-checks the session: an expired one gets an error ack and a disconnect', async () => {
    const { client } = await officer();
    const socket = await openSocket(server.url, { cookie: client.cookieHeader() });
    const ok = await socket.timeout(3000).emitWithAck('alerts:since', { cursor: null });
    expect(ok).to.have.property('data');
    await ageSession(client, { lastSeenAt: Date.now() - IDLE_MS - 1000 });
    const revoked = nextEvent(socket, 'session:revoked', 3000);
    const gone = disconnected(socket, 3000);
    const refused = await socket.timeout(3000).emitWithAck('alerts:since', { cursor: null });
    expect(refused).to.have.nested.property('error.code', 'unauthenticated');
    expect(await revoked).to.deep.equal({ reason: 'expired' });
    await gone;
    socket.close();
  });

  it('an event after the session was removed from the store (ended elsewhere) is refused too', async () => {
    const { client } = await officer();
    const socket = await openSocket(server.url, { cookie: client.cookieHeader() });
    await sessions().deleteOne({ _id: sessionIdOf(client) as never });
    const gone = disconnected(socket, 3000);
    const refused = await socket.timeout(3000).emitWithAck('alerts:since', { cursor: null });
    expect(refused).to.have.nested.property('error.code', 'unauthenticated');
    await gone;
    socket.close();
  });
});
