/**
 * Issue 27: two Puente instances in one process, each with its own settings and event bus. What they
 * still share is listed in docs/architecture.md ("The instance, and what is still per process"); each
 * part made per instance gets its case here.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { decodeCatchUpCursor } from '../../server/alerts/changeLog/catchUpCursors.js';
import { createInstance } from '../../server/instance.js';
import { DomainError } from '../../server/platform/errors.js';
import { since } from '../helpers/catchUp.js';
import { metricValue } from '../helpers/metricsText.js';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

/** Sends `wrong` wrong passwords, then the right one; returns the right one's status. */
async function rightAfterWrong(url: string, u: BuiltUser, wrong: number): Promise<number> {
  const c = new ApiClient(url);
  await c.fetchCsrf();
  for (let i = 0; i < wrong; i++) await c.post('/api/v1/auth/login', { email: u.email, password: `Nope-nope-nope-${i}` });
  return (await c.post('/api/v1/auth/login', { email: u.email, password: u.password })).status;
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
    const sockets: TestSocket[] = [];
    try {
      const strictSocket = await openSocket(strict.url, { cookie: onStrict.cookieHeader() });
      const lenientSocket = await openSocket(lenient.url, { cookie: onLenient.cookieHeader() });
      sockets.push(strictSocket, lenientSocket);
      const heardOnLenient: string[] = [];
      lenientSocket.on('alert:new', ({ alert }) => heardOnLenient.push(alert.id));

      const strictHeard = nextEvent(strictSocket, 'alert:new', 10_000);
      const posted = (await onStrict.post('/api/v1/alerts', alertBody({ title: 'Publicada en la primera' })).expect(201)).body;
      expect((await strictHeard).alert.id, 'its own socket hears it').to.equal(posted.id);

      // A marker through the other: its socket hears its own alert, and would have heard the first before it.
      const lenientHeard = nextEvent(lenientSocket, 'alert:new', 10_000);
      const marker = (await onLenient.post('/api/v1/alerts', alertBody({ title: 'Publicada en la segunda' })).expect(201)).body;
      expect((await lenientHeard).alert.id).to.equal(marker.id);
      expect(heardOnLenient, 'the other instance announced only its own alert').to.deep.equal([marker.id]);
      expect(strict.instance.events).to.not.equal(lenient.instance.events);
    } finally {
      for (const s of sockets) s.close();
    }
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
