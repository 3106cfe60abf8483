import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { subscriptionId } from '../../server/notifications/push/pushSubscriptions.service.js';
import { alertBody, VICTIM_SECRETS } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { TestPushService, type ReceivedPush, type TestDevice } from '../helpers/pushService.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { PushSubscription, PushVapidKeys } from '../helpers/models.js';

/** Everything personal or free-text in alertBody(): none of it may reach a lock screen. */
const PERSONAL = [
  ...VICTIM_SECRETS,
  'Posible víctima vista en el paso fronterizo', // the title: officers write names in it
  'Joven acompañada', // the summary
  'Ramón',
  'Acosta',
  '30.123.456',
  '30123456',
  '4567890',
  '981 123456',
  '981123456',
  '4412345',
  'AB 123 CD',
  'AB123CD',
  'Toyota',
  'Clorinda',
  'Cabecera del puente',
  'Informar de inmediato',
  'FSA-1234',
  'Of. Gómez',
];

/** Polls the store (bounded) until `check` holds. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const stored = (d: TestDevice) => PushSubscription.exists({ _id: subscriptionId(d.subscription.endpoint) }).then(Boolean);

describe('Web Push (issue 24 item 4)', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  const pushService = new TestPushService();
  let arOfficer: ApiClient;
  let arColleague: ApiClient;
  let pyOfficer: ApiClient;
  let otherAr: ApiClient;
  let arAdmin: ApiClient;
  let pyUser: BuiltUser;
  let vapidKey: string;
  let arAgency: Awaited<ReturnType<typeof buildAgency>>;

  before(async () => {
    await resetDatabase();
    await pushService.start();
    server = await startTestServer();
    arAgency = await buildAgency({ country: 'AR' });
    const otherArAgency = await buildAgency({ country: 'AR' });
    const pyAgency = await buildAgency({ country: 'PY' });
    arOfficer = await signIn(server.url, await buildUser({ agency: arAgency, mfa: true }));
    arColleague = await signIn(server.url, await buildUser({ agency: arAgency, mfa: true }));
    arAdmin = await signIn(server.url, await buildUser({ agency: arAgency, roles: ['agency_admin'], mfa: true }));
    pyUser = await buildUser({ agency: pyAgency, mfa: true });
    pyOfficer = await signIn(server.url, pyUser);
    otherAr = await signIn(server.url, await buildUser({ agency: otherArAgency, mfa: true }));
    vapidKey = (await arOfficer.get('/api/v1/push/key').expect(200)).body.publicKey;
  });
  after(async () => {
    await server.stop();
    await pushService.stop();
  });

  const subscribe = async (c: ApiClient, status = 201): Promise<TestDevice> => {
    const device = pushService.device(status);
    await c.post('/api/v1/push/subscriptions', { ...device.subscription, expirationTime: null }).expect(204);
    return device;
  };
  const payloadOf = (m: ReceivedPush) => JSON.parse(m.plaintext) as Record<string, unknown>;

  it('serves one VAPID public key (a P-256 point), kept in the store across restarts', async () => {
    expect(Buffer.from(vapidKey, 'base64url')).to.have.length(65);
    // The generated private key is kept sealed with DATA_ENCRYPTION_KEY, never in the clear.
    const kept = await PushVapidKeys.findById('vapid').lean();
    expect(kept?.publicKey).to.equal(vapidKey);
    expect(kept?.privateKeySealed).to.match(/^v1\./);
    expect(Object.keys(kept ?? {})).not.to.include('privateKey');
    const again = await startTestServer();
    try {
      const other = await signIn(again.url, await buildUser({ agency: arAgency, mfa: true }));
      expect((await other.get('/api/v1/push/key').expect(200)).body.publicKey).to.equal(vapidKey);
    } finally {
      await again.stop();
    }
  });

  it('subscribing needs a full sign-in, the CSRF token and a well-formed subscription', async () => {
    const device = pushService.device();
    const anonymous = new ApiClient(server.url);
    await anonymous.get('/api/v1/push/key').expect(401);
    await anonymous.fetchCsrf();
    await anonymous.post('/api/v1/push/subscriptions', device.subscription).expect(401);
    const noCsrf = await arOfficer.agent.post('/api/v1/push/subscriptions').send(device.subscription).expect(403);
    expect(noCsrf.body.error.code).to.equal('csrf_failed');
    await arOfficer.post('/api/v1/push/subscriptions', { ...device.subscription, keys: { p256dh: 'short', auth: 'x' } }).expect(400);
    await arOfficer.post('/api/v1/push/subscriptions', { ...device.subscription, endpoint: 'ftp://127.0.0.1/push/x' }).expect(400);
    await arOfficer.post('/api/v1/push/subscriptions', { ...device.subscription, extra: 1 }).expect(400);
    expect(await stored(device)).to.equal(false);
  });

  it('an urgent alert reaches the devices of users who may see it, signed with VAPID, decrypted, with nothing personal', async () => {
    const py = await subscribe(pyOfficer);
    const created = (await arOfficer.post('/api/v1/alerts', alertBody({ distribution: { scope: 'bilateral' } })).expect(201)).body;
    const [message] = await pushService.waitFor(py.id);
    expect(message!.vapidKey).to.equal(vapidKey);
    expect(message!.headers.urgency).to.equal('high');
    const payload = payloadOf(message!);
    expect(payload).to.deep.equal({
      topic: 'urgent_alert',
      title: 'Alerta urgente',
      body: `Posible víctima · Urgente · ${created.reference} — abrir Puente`,
      url: `/alerts/${created.id}`,
      tag: `alert-${created.id}`,
    });
    for (const secret of PERSONAL) expect(message!.plaintext, secret).not.to.contain(secret);
    // Someone else cannot remove this device; its owner can.
    await otherAr.delete('/api/v1/push/subscriptions').send({ endpoint: py.subscription.endpoint }).expect(204);
    expect(await stored(py)).to.equal(true);
    await pyOfficer.delete('/api/v1/push/subscriptions').send({ endpoint: py.subscription.endpoint }).expect(204);
    expect(await stored(py)).to.equal(false);
  });

  it('a user who may not see the alert gets no push; the origin agency does; routine alerts push nobody', async () => {
    const outsider = await subscribe(otherAr);
    const colleague = await subscribe(arColleague);
    await arOfficer.post('/api/v1/alerts', alertBody({ priority: 'routine', distribution: { scope: 'country' } })).expect(201);
    const own = (await arOfficer.post('/api/v1/alerts', alertBody({ distribution: { scope: 'agency' } })).expect(201)).body;
    const [got] = await pushService.waitFor(colleague.id);
    expect(payloadOf(got!).url).to.equal(`/alerts/${own.id}`);
    await server.push.settled();
    expect(pushService.messagesFor(outsider.id)).to.deep.equal([]);
    expect(pushService.messagesFor(colleague.id)).to.have.length(1);
    await otherAr.delete('/api/v1/push/subscriptions').send({ endpoint: outsider.subscription.endpoint }).expect(204);
    await arColleague.delete('/api/v1/push/subscriptions').send({ endpoint: colleague.subscription.endpoint }).expect(204);
  });

  it('a hit on an alert reaches its origin agency, without the hit’s text or place', async () => {
    const colleague = await subscribe(arColleague);
    const created = (
      await arOfficer.post('/api/v1/alerts', alertBody({ priority: 'high', distribution: { scope: 'bilateral' } })).expect(201)
    ).body;
    await pyOfficer
      .post(`/api/v1/alerts/${created.id}/updates`, {
        kind: 'hit',
        hitType: 'sighting',
        text: 'Vista con Ramón Acosta en la terminal',
        location: { borderCrossing: 'Puente San Ignacio de Loyola', country: 'PY' },
      })
      .expect(201);
    const [message] = await pushService.waitFor(colleague.id);
    expect(payloadOf(message!)).to.deep.include({
      topic: 'alert_hit',
      body: `Avistamiento · Posible víctima · Alta · ${created.reference} — abrir Puente`,
      url: `/alerts/${created.id}`,
    });
    for (const secret of [...PERSONAL, 'terminal', 'San Ignacio']) expect(message!.plaintext, secret).not.to.contain(secret);
    await arColleague.delete('/api/v1/push/subscriptions').send({ endpoint: colleague.subscription.endpoint }).expect(204);
  });

  it('a watch hit reaches the watch’s owner, naming the alert but not the watched plate', async () => {
    const owner = await subscribe(pyOfficer);
    await pyOfficer.post('/api/v1/watches', { kind: 'plate', value: 'ZX 987 QW' }).expect(201);
    const created = (
      await arOfficer
        .post(
          '/api/v1/alerts',
          alertBody({
            priority: 'routine',
            vehicles: [{ plate: 'ZX 987 QW', country: 'AR' }],
            distribution: { scope: 'bilateral' },
          }),
        )
        .expect(201)
    ).body;
    const [message] = await pushService.waitFor(owner.id);
    expect(payloadOf(message!)).to.deep.include({ topic: 'watch_hit', url: `/alerts/${created.id}` });
    for (const secret of [...PERSONAL, 'ZX 987', 'ZX987QW']) expect(message!.plaintext, secret).not.to.contain(secret);
    await pyOfficer.delete('/api/v1/push/subscriptions').send({ endpoint: owner.subscription.endpoint }).expect(204);
  });

  it('a subscription the push service answers 410 for is removed', async () => {
    const gone = await subscribe(pyOfficer, 410);
    expect(await stored(gone)).to.equal(true);
    await arOfficer.post('/api/v1/alerts', alertBody({ distribution: { scope: 'bilateral' } })).expect(201);
    await pushService.waitFor(gone.id);
    await eventually(async () => !(await stored(gone)), 'the gone subscription is removed');
  });

  it('signing out removes that session’s device, not the user’s other devices', async () => {
    const other = await signIn(server.url, pyUser);
    const kept = await subscribe(other);
    const device = await subscribe(pyOfficer);
    await pyOfficer.post('/api/v1/auth/logout').expect(204);
    await eventually(async () => !(await stored(device)), 'the signed-out device is removed');
    expect(await stored(kept)).to.equal(true);
    pyOfficer = other;
  });

  it('ending every session, and disabling the account, remove every device of the user', async () => {
    const a = await subscribe(pyOfficer);
    await pyOfficer.post('/api/v1/auth/logout-all').expect(204);
    await eventually(async () => !(await stored(a)), 'logout-all removes the device');
    const member = await buildUser({ agency: arAgency, mfa: true });
    const device = await subscribe(await signIn(server.url, member));
    await arAdmin.patch(`/api/v1/users/${member.id}`, { status: 'disabled' }).expect(200);
    await eventually(async () => !(await stored(device)), 'disabling the account removes the device');
  });

  it('nothing a push service received failed a check', () => {
    expect(pushService.problems).to.deep.equal([]);
  });
});
