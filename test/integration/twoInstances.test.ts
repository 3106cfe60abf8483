/**
 * Issue 27: two Puente instances in one process, each with its own settings, event bus, store
 * connection and models: on two databases of one store, each serves only its own. What they still
 * share is listed in docs/architecture.md ("The instance, and what is still per process"); each part
 * made per instance gets its case here.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { decodeCatchUpCursor } from '../../server/alerts/changeLog/catchUpCursors.js';
import { createInstance } from '../../server/instance.js';
import { DomainError } from '../../server/platform/errors.js';
import { since } from '../helpers/catchUp.js';
import { metricValue } from '../helpers/metricsText.js';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';
import { ensureIndexes } from '../../server/platform/store/index.js';
import { auditAppendsSettled, verifyAuditChain } from '../../server/platform/auditTrail/auditTrail.js';
import { auditKeyId } from '../../server/platform/auditTrail/auditKeys.js';
import { TEST_AUDIT_KEY } from '../helpers/auditKey.js';

const TEST_AUDIT_KEY_BYTES = Buffer.from(TEST_AUDIT_KEY, 'base64');

/** Sends `wrong` wrong passwords, then the right one; returns the right one's status. */
async function rightAfterWrong(url: string, u: BuiltUser, wrong: number): Promise<number> {
  const c = new ApiClient(url);
  await c.fetchCsrf();
  for (let i = 0; i < wrong; i++) await c.post('/api/v1/auth/login', { email: u.email, password: `Nope-nope-nope-${i}` });
  return (await c.post('/api/v1/auth/login', { email: u.email, password: u.password })).status;
}

interface Side {
  client: ApiClient;
  url: string;
}

/**
 * Posts an alert through `first`, then a marker through `second`, each heard on its own socket; the
 * second's socket must hear its marker alone (it would have heard the first's alert before it).
 * Closes the sockets it opened; returns the two alerts.
 */
async function postOnEach(
  first: Side,
  second: Side,
  titles: [string, string],
): Promise<[{ id: string; reference: string }, { id: string; reference: string }]> {
  const firstSocket = await openSocket(first.url, { cookie: first.client.cookieHeader() });
  const secondSocket = await openSocket(second.url, { cookie: second.client.cookieHeader() });
  try {
    const heardOnSecond: string[] = [];
    secondSocket.on('alert:new', ({ alert }) => heardOnSecond.push(alert.id));
    const firstHeard = nextEvent(firstSocket, 'alert:new', 10_000);
    const posted = (await first.client.post('/api/v1/alerts', alertBody({ title: titles[0] })).expect(201)).body;
    expect((await firstHeard).alert.id, 'its own socket hears it').to.equal(posted.id);
    const secondHeard = nextEvent(secondSocket, 'alert:new', 10_000);
    const marker = (await second.client.post('/api/v1/alerts', alertBody({ title: titles[1] })).expect(201)).body;
    expect((await secondHeard).alert.id).to.equal(marker.id);
    expect(heardOnSecond, 'the other instance delivered only its own alert').to.deep.equal([marker.id]);
    return [posted, marker];
  } finally {
    firstSocket.close();
    secondSocket.close();
  }
}

describe('two Puente instances in one process (issue 27)', function () {
  this.timeout(60_000);
  let strict: PuenteServer;
  let lenient: PuenteServer;

  before(async () => {
    await resetDatabase();
    strict = await startTestServer({ LOCKOUT_THRESHOLD: '2' });
    // Built second: with one process-wide Passport its sign-in strategy replaced the first's.
    lenient = await startTestServer({ LOCKOUT_THRESHOLD: '10' });
  });
  after(async () => {
    await lenient?.stop();
    await strict?.stop();
  });

  it('each signs in with its own lockout settings (its own Passport)', async () => {
    const agency = await buildAgency();
    const first = await buildUser({ agency, mfa: true });
    const second = await buildUser({ agency, mfa: true });
    expect(await rightAfterWrong(strict.url, first, 2), 'locked after two failures where the threshold is 2').to.equal(423);
    expect(await rightAfterWrong(lenient.url, second, 2), 'not locked after two failures where the threshold is 10').to.equal(200);
  });

  it('each announces only on its own event bus: an alert posted on one reaches the other’s sockets only through Redis, not in-process', async () => {
    // Neither has Redis here, so a socket of one hears an alert posted on the other only if the
    // other's publisher heard its event: with one event bus per process it did.
    const officer = await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true });
    const onStrict = await signIn(strict.url, officer);
    const onLenient = await signIn(lenient.url, officer);
    await postOnEach({ client: onStrict, url: strict.url }, { client: onLenient, url: lenient.url }, [
      'Publicada en la primera',
      'Publicada en la segunda',
    ]);
    expect(strict.instance.events).to.not.equal(lenient.instance.events);
  });

  it('each has its own alert copy, loaded and wired to its own events', async () => {
    expect(strict.instance.alertCopy).to.not.equal(lenient.instance.alertCopy);
    expect(await strict.instance.alertCopy.loadedWithin(10_000), 'the first one’s copy loaded').to.equal(true);
    expect(await lenient.instance.alertCopy.loadedWithin(10_000), 'the second one’s copy loaded').to.equal(true);
    expect(strict.instance.alertCopy.following && lenient.instance.alertCopy.following).to.equal(true);
  });

  it('each signs catch-up cursors with its own keys: a cursor one issued is refused by a Puente keyed otherwise', async () => {
    const officer = await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true });
    const client = await signIn(strict.url, officer);
    const socket = await openSocket(strict.url, { cookie: client.cookieHeader() });
    try {
      const { cursor } = await since(socket, null);
      expect(decodeCatchUpCursor(strict.instance.alertKeys, cursor).c, 'its own keys read it').to.be.a('number');
      const otherwiseKeyed = createInstance({ dataEncryptionKey: randomBytes(32) });
      expect(() => decodeCatchUpCursor(otherwiseKeyed.alertKeys, cursor))
        .to.throw(DomainError)
        .with.property('code', 'validation_failed');
    } finally {
      socket.close();
    }
  });

  it('each counts its own metrics: a socket open on one is counted at its /metrics, not at the other’s', async () => {
    const scrape = async (server: PuenteServer) => (await fetch(`${server.url}/metrics`)).text();
    const openOn = async (server: PuenteServer) => metricValue(await scrape(server), 'puente_connected_sockets');
    const [strictBefore, lenientBefore] = [await openOn(strict), await openOn(lenient)];
    const officer = await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true });
    const client = await signIn(strict.url, officer);
    const socket = await openSocket(strict.url, { cookie: client.cookieHeader() });
    try {
      expect(await openOn(strict), 'counted where it is open').to.equal(strictBefore + 1);
      expect(await openOn(lenient), 'not counted by the other').to.equal(lenientBefore);
      // The process's own figures are served by both.
      expect(await scrape(lenient)).to.match(/^process_cpu_user_seconds_total /m);
    } finally {
      socket.close();
    }
  });

  it('each stops on its own: the other goes on answering, its copy still following', async () => {
    const third = await startTestServer();
    await third.stop();
    expect(third.instance.alertCopy.following, 'the stopped one’s copy follows nothing').to.equal(false);
    expect(strict.instance.alertCopy.following, 'the running one’s copy still follows its events').to.equal(true);
    const res = await fetch(`${strict.url}/readyz`);
    expect(res.status).to.equal(200);
  });
});

describe('two Puente instances on two databases of one store, in one process (issue 27)', function () {
  this.timeout(90_000);

  it('each serves only its own database: accounts, alerts listed and alerts delivered live; both stop with nothing left open', async () => {
    await resetDatabase();
    const otherDb = `${testStore().dbName}b`;
    const first = await startTestServer();
    const otherAuditKey = randomBytes(32);
    const second = await startTestServer({ MONGODB_DB: otherDb, AUDIT_KEY: otherAuditKey.toString('base64') });
    try {
      // As a server on a store of its own does at start (a test server's store is indexed by the run).
      expect(await ensureIndexes(second.instance.store)).to.deep.equal([]);
      expect(first.instance.store.connection, 'a connection each').to.not.equal(second.instance.store.connection);
      expect(second.instance.store.connection.db?.databaseName).to.equal(otherDb);

      const officerOfFirst = await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true });
      const officerOfSecond = await buildUser({
        agency: await buildAgency({ country: 'AR' }, second.instance),
        mfa: true,
        on: second.instance,
      });
      // An account of one database is unknown to the other.
      const stranger = new ApiClient(second.url);
      await stranger.fetchCsrf();
      expect(
        (await stranger.post('/api/v1/auth/login', { email: officerOfFirst.email, password: officerOfFirst.password })).status,
      ).to.equal(401);

      const onFirst = await signIn(first.url, officerOfFirst);
      const onSecond = await signIn(second.url, officerOfSecond);
      const [posted, marker] = await postOnEach({ client: onFirst, url: first.url }, { client: onSecond, url: second.url }, [
        'Solo en la primera base',
        'Solo en la segunda base',
      ]);

      const listed = async (client: ApiClient) =>
        ((await client.get('/api/v1/alerts').expect(200)).body.items as Array<{ id: string }>).map((a) => a.id);
      expect(await listed(onFirst))
        .to.include(posted.id)
        .and.not.include(marker.id);
      expect(await listed(onSecond))
        .to.include(marker.id)
        .and.not.include(posted.id);
      await onSecond.get(`/api/v1/alerts/${posted.id}`).expect(404);
      // Both numbered their alert first in the year: two databases, two counters.
      expect(marker.reference).to.equal(posted.reference);
      // Each appends with its own audit key, recorded in its own store, and its trail verifies whole.
      for (const [server, key] of [
        [first, TEST_AUDIT_KEY_BYTES],
        [second, otherAuditKey],
      ] as const) {
        await auditAppendsSettled(server.instance);
        const mark = await server.instance.store.collection<{ _id: string; keyId?: string }>('counters').findOne({ _id: 'audit_key' });
        expect(mark?.keyId, 'its store records the key its trail is announced with').to.equal(auditKeyId(key));
        const { AuditEvent } = server.instance.models.platform;
        const [newest] = await AuditEvent.find({}).sort({ _id: -1 }).limit(1).lean();
        expect(newest?.keyId, 'its newest event is keyed with its own key').to.equal(auditKeyId(key));
        expect(await verifyAuditChain(server.instance), server === first ? 'the first trail' : 'the second trail').to.include({ ok: true });
      }
    } finally {
      await second.stop();
      await first.stop();
    }
    for (const server of [first, second]) {
      expect(server.instance.store.connection.readyState, 'its connection closed').to.equal(mongoose.ConnectionStates.disconnected);
      expect(server.instance.alertCopy.following, 'its copy follows nothing').to.equal(false);
      await fetch(`${server.url}/healthz`).then(
        () => expect.fail('a stopped server answered'),
        (err: Error) => expect(err).to.be.instanceOf(Error),
      );
    }
    // The test's own connection to the store is untouched by their stops.
    expect(mongoose.connection.readyState).to.equal(mongoose.ConnectionStates.connected);
    await mongoose.connection.getClient().db(otherDb).dropDatabase();
  });
});
