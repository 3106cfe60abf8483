/**
 * Issue #14: access grants expire. The granter picks the duration (default 30 days), both sides
 * see `expiresAt`, a grant lapses by itself (job, audited as the system) and the origin agency
 * may revoke it early. Ending a grant takes the agency off the alert unless another live grant
 * of the same agency keeps it there.
 */
import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { grantEndingWrites, lapseExpiredGrants } from '../../server/search/access/grantLifecycle.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { DAY_MS } from '../../shared/time.js';
import { coreJob } from '../helpers/jobs.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import type { Instance } from '../../server/platform/instance.js';
import { AccessRequest, AuditEvent } from '../helpers/models.js';

/** Runs the lapse as the scheduler does: the job must be among the core jobs, every minute. */
async function runScheduledLapse(instance: Instance): Promise<unknown> {
  const job = coreJob(instance, 'access.lapse_grants');
  expect(job.everyMs).to.be.at.most(60_000);
  return job.run();
}

describe('access grants expire, lapse and can be revoked (issue #14)', function () {
  this.timeout(90_000);
  let server: PuenteServer;
  let ar: ApiClient;
  let arOther: ApiClient;
  let prosecutor: ApiClient;
  let colleague: ApiClient;
  const sockets: TestSocket[] = [];
  let documentSeq = 100;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const arAgency = await buildAgency({ country: 'AR' });
    const fiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' });
    ar = await signIn(server.url, await buildUser({ agency: arAgency, mfa: true }));
    arOther = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    prosecutor = await signIn(server.url, await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true }));
    colleague = await signIn(server.url, await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true }));
  });
  after(() => {
    for (const s of sockets) s.close();
    return server.stop();
  });

  const socketOf = async (c: ApiClient) => {
    const s = await openSocket(server.url, { cookie: c.cookieHeader() });
    sockets.push(s);
    return s;
  };

  /** A reserved AR alert the requesters found as a stub, and a pending request of each. */
  async function pendingRequests(...requesters: ApiClient[]): Promise<{ alertId: string; requestIds: string[] }> {
    const number = `36.000.${documentSeq++}`;
    const alertId = (
      await ar
        .post(
          '/api/v1/alerts',
          alertBody({
            distribution: { scope: 'agency' },
            subjects: [{ role: 'suspect', givenNames: 'Rita', familyNames: 'Gómez', documents: [{ type: 'DNI', country: 'AR', number }] }],
            phones: [],
            vehicles: [],
          }),
        )
        .expect(201)
    ).body.id as string;
    await drainMatchWorker(server.instance);
    const requestIds: string[] = [];
    for (const r of requesters) {
      expect((await r.get(`/api/v1/search?q=${encodeURIComponent(number)}`).expect(200)).body.items[0]).to.include({
        id: alertId,
        restricted: true,
      });
      requestIds.push((await r.post('/api/v1/access-requests', { alertId, reason: 'Causa 123/2026 en Asunción' }).expect(201)).body.id);
    }
    return { alertId, requestIds };
  }

  const grant = (requestId: string, extra: object = {}) =>
    ar.post(`/api/v1/access-requests/${requestId}/decision`, { decision: 'grant', note: 'Autorizado', ...extra });

  it('a grant lasts 30 days by default or what the granter chose, and both sides see until when', async () => {
    const { requestIds } = await pendingRequests(prosecutor, colleague);
    const before = Date.now();
    const byDefault = (await grant(requestIds[0]!).expect(200)).body;
    const days = (new Date(byDefault.expiresAt).getTime() - before) / DAY_MS;
    expect(days).to.be.within(29.99, 30.01);
    const chosen = (await grant(requestIds[1]!, { expiresInDays: 7 }).expect(200)).body;
    expect((new Date(chosen.expiresAt).getTime() - before) / DAY_MS).to.be.within(6.99, 7.01);

    const incoming = (await ar.get('/api/v1/access-requests?box=incoming').expect(200)).body.items;
    expect(incoming.find((r: { id: string }) => r.id === requestIds[0])).to.include({ status: 'granted', expiresAt: byDefault.expiresAt });
    const outgoing = (await colleague.get('/api/v1/access-requests?box=outgoing').expect(200)).body.items;
    expect(outgoing.find((r: { id: string }) => r.id === requestIds[1])).to.include({ status: 'granted', expiresAt: chosen.expiresAt });
  });

  it('refuses a duration out of range, a fraction, or one on a refusal', async () => {
    const { requestIds } = await pendingRequests(prosecutor);
    const id = requestIds[0]!;
    for (const expiresInDays of [0, 366, 1.5, '30']) {
      const res = await grant(id, { expiresInDays }).expect(400);
      expect(res.body.error.code).to.equal('validation_failed');
    }
    const refusal = await ar.post(`/api/v1/access-requests/${id}/decision`, { decision: 'refuse', expiresInDays: 3 }).expect(400);
    expect(refusal.body.error.details[0]).to.include({ path: 'expiresInDays' });
    expect((await AccessRequest.findById(id).lean())?.status).to.equal('pending');
  });

  it('a grant past its expiry lapses by itself: the alert closes again, both sides are told, the lapse is audited', async () => {
    const { alertId, requestIds } = await pendingRequests(prosecutor);
    const id = requestIds[0]!;
    await grant(id, { expiresInDays: 1 }).expect(200);
    await prosecutor.get(`/api/v1/alerts/${alertId}`).expect(200);

    // A grant from before grants expired (no expiresAt) stays; a live one not yet due stays too.
    const legacy = await pendingRequests(colleague);
    await grant(legacy.requestIds[0]!).expect(200);
    await AccessRequest.updateOne({ _id: legacy.requestIds[0] }, { $set: { expiresAt: null } });

    await AccessRequest.updateOne({ _id: id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const requesterTold = nextEvent(await socketOf(prosecutor), 'access:decision', 5000);
    const originTold = nextEvent(await socketOf(ar), 'access:decision', 5000);
    expect(await runScheduledLapse(server.instance)).to.equal(1);
    expect((await requesterTold).request).to.include({ id, status: 'lapsed', endedBy: 'system' });
    expect((await originTold).request).to.include({ id, status: 'lapsed' });
    await prosecutor.get(`/api/v1/alerts/${alertId}`).expect(404);
    await colleague.get(`/api/v1/alerts/${legacy.alertId}`).expect(200);
    expect(await runScheduledLapse(server.instance)).to.equal(0);

    const audit = await AuditEvent.findOne({ action: 'access.lapse', targetId: id }).lean();
    expect(audit).to.include({ actorId: 'system', targetType: 'access_request' });
    expect(await AuditEvent.countDocuments({ action: 'alert.access_lapsed', targetId: alertId })).to.equal(1);
    const outgoing = (await prosecutor.get('/api/v1/access-requests?box=outgoing').expect(200)).body.items;
    expect(outgoing.find((r: { id: string }) => r.id === id)).to.include({ status: 'lapsed' });
  });

  /** A grant of the prosecutor's agency whose expiry has just passed. */
  async function grantPastExpiry(): Promise<{ alertId: string; id: string }> {
    const { alertId, requestIds } = await pendingRequests(prosecutor);
    const id = requestIds[0]!;
    await grant(id).expect(200);
    await AccessRequest.updateOne({ _id: id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    return { alertId, id };
  }

  /** Runs the lapse job with one of its store writes failing; the run must report the failure. */
  async function lapseWithFailing(write: keyof typeof grantEndingWrites): Promise<void> {
    const real = grantEndingWrites[write];
    Object.assign(grantEndingWrites, { [write]: () => Promise.reject(new Error('store unavailable')) });
    try {
      await lapseExpiredGrants(server.instance).then(
        () => expect.fail('the failed lapse must be reported'),
        (err: Error) => expect(err.message).to.equal('store unavailable'),
      );
    } finally {
      Object.assign(grantEndingWrites, { [write]: real });
    }
  }

  it('a lapse whose alert update fails leaves the grant due, and the next run closes the alert and lapses it', async () => {
    const { alertId, id } = await grantPastExpiry();

    await lapseWithFailing('closeAlert');
    // Nothing claims the grant ended while the agency still reads the alert.
    expect((await AccessRequest.findById(id).lean())?.status).to.equal('granted');

    expect(await lapseExpiredGrants(server.instance)).to.equal(1);
    expect((await AccessRequest.findById(id).lean())?.status).to.equal('lapsed');
    await prosecutor.get(`/api/v1/alerts/${alertId}`).expect(404);
    expect(await AuditEvent.countDocuments({ action: 'alert.access_lapsed', targetId: alertId })).to.equal(1);
  });

  it('a lapse whose request update fails after the alert closed is finished by the next run, audited once', async () => {
    const { alertId, id } = await grantPastExpiry();

    await lapseWithFailing('markEnded');
    await prosecutor.get(`/api/v1/alerts/${alertId}`).expect(404);
    expect((await AccessRequest.findById(id).lean())?.status).to.equal('granted');

    expect(await lapseExpiredGrants(server.instance)).to.equal(1);
    expect((await AccessRequest.findById(id).lean())?.status).to.equal('lapsed');
    expect(await AuditEvent.countDocuments({ action: 'alert.access_lapsed', targetId: alertId })).to.equal(1);
    expect(await AuditEvent.countDocuments({ action: 'access.lapse', targetId: id })).to.equal(1);
    expect(await lapseExpiredGrants(server.instance)).to.equal(0);
  });

  it('the origin agency revokes a grant early; nobody else can; a second revocation is a conflict', async () => {
    const { alertId, requestIds } = await pendingRequests(prosecutor);
    const id = requestIds[0]!;
    await grant(id).expect(200);

    await prosecutor.post(`/api/v1/access-requests/${id}/revoke`, {}).expect(404);
    await arOther.post(`/api/v1/access-requests/${id}/revoke`, {}).expect(404);
    const noCsrf = await ar.agent.post(`/api/v1/access-requests/${id}/revoke`).send({}).expect(403);
    expect(noCsrf.body.error).to.exist;
    await prosecutor.get(`/api/v1/alerts/${alertId}`).expect(200);

    const requesterTold = nextEvent(await socketOf(prosecutor), 'access:decision', 5000);
    const revoked = (await ar.post(`/api/v1/access-requests/${id}/revoke`, { note: 'Causa archivada' }).expect(200)).body;
    expect(revoked).to.include({ id, status: 'revoked', endNote: 'Causa archivada' });
    expect((await requesterTold).request).to.include({ id, status: 'revoked' });
    await prosecutor.get(`/api/v1/alerts/${alertId}`).expect(404);
    await ar.post(`/api/v1/access-requests/${id}/revoke`, {}).expect(409);
    expect(await AuditEvent.countDocuments({ action: 'access.revoke', targetId: id, outcome: 'success' })).to.equal(1);
  });

  it('ending one grant keeps the agency on the alert while another grant of the same agency is live', async () => {
    const { alertId, requestIds } = await pendingRequests(prosecutor, colleague);
    await grant(requestIds[0]!).expect(200);
    await grant(requestIds[1]!, { expiresInDays: 90 }).expect(200);
    await ar.post(`/api/v1/access-requests/${requestIds[0]}/revoke`, {}).expect(200);
    await prosecutor.get(`/api/v1/alerts/${alertId}`).expect(200);
    await ar.post(`/api/v1/access-requests/${requestIds[1]}/revoke`, {}).expect(200);
    await colleague.get(`/api/v1/alerts/${alertId}`).expect(404);
  });
});
