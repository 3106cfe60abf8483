import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { expireOverdueAlerts, remindUpcomingReviews } from '../../server/alerts/alertReview.service.js';
import { alertLockKey, mutateAlert } from '../../server/alerts/alertMutation.js';
import { withDocLock } from '../../server/platform/store/docLock.js';
import { disableInactiveAccounts } from '../../server/identity/users/inactiveAccounts.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import type { Instance } from '../../server/platform/instance.js';

const alerts = () => mongoose.connection.collection('alerts');
const oid = (id: string) => new mongoose.Types.ObjectId(id);
/** Moves an alert's review date into the past as a logged change (so every process's copy sees it). */
const pastReview = (instance: Instance, id: string) =>
  mutateAlert(instance, id, 'changed', () => ({ $set: { reviewAt: new Date(Date.now() - 1000) } }));

describe('jobs: review, expiry, inactive accounts', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let other: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    officer = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    other = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
  });
  after(() => server.stop());

  it('an active alert past reviewAt becomes expired and emits alert:changed; others are untouched', async () => {
    const due = (await officer.post('/api/v1/alerts', alertBody({ title: 'Vencida' })).expect(201)).body;
    const fresh = (await officer.post('/api/v1/alerts', alertBody({ title: 'Vigente' })).expect(201)).body;
    await pastReview(server.instance, due.id);
    const socket = await openSocket(server.url, { cookie: other.cookieHeader() });
    const changed = nextEvent(socket, 'alert:changed', 5000);
    expect(await expireOverdueAlerts(server.instance)).to.equal(1);
    const event = await changed;
    expect(event.alert).to.include({ id: due.id, status: 'expired' });
    const after = await officer.get(`/api/v1/alerts/${due.id}`).expect(200);
    expect(after.body.status).to.equal('expired');
    expect(after.body.history.at(-1)).to.include({ action: 'expired', toStatus: 'expired', by: 'system' });
    expect((await officer.get(`/api/v1/alerts/${fresh.id}`).expect(200)).body.status).to.equal('active');
    expect(await expireOverdueAlerts(server.instance), 'idempotent').to.equal(0);
    // An expired alert can be reviewed and reactivated by its agency.
    const reactivated = await officer
      .post(`/api/v1/alerts/${due.id}/status`, { status: 'active', reason: 'Revisada: sigue vigente' })
      .expect(200);
    expect(Date.parse(reactivated.body.reviewAt)).to.be.greaterThan(Date.now() + 80 * 86_400_000);
    socket.close();
  });

  it('expiry runs never overlap: a run started while one is going on does nothing and answers at once', async () => {
    const due = (await officer.post('/api/v1/alerts', alertBody({ title: 'Vencida, corrida lenta' })).expect(201)).body;
    await pastReview(server.instance, due.id);
    // The alert's lock is held elsewhere, so the first run is still going when the second starts.
    let release!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const holder = withDocLock(server.instance.store, alertLockKey(due.id), async () => {
      held();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    const first = expireOverdueAlerts(server.instance);
    const second = await Promise.race([
      expireOverdueAlerts(server.instance),
      new Promise((resolve) => setTimeout(resolve, 5000, 'still running')),
    ]);
    expect(second, 'the overlapping run is skipped, not queued behind the first').to.equal(0);
    release();
    await holder;
    expect(await first).to.equal(1);
    expect(
      (await officer.get(`/api/v1/alerts/${due.id}`).expect(200)).body.history.filter((h: { action: string }) => h.action === 'expired'),
    ).to.have.length(1);
  });

  it('an expiry run changes at most its batch; the next run goes on with the rest', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await officer.post('/api/v1/alerts', alertBody({ title: `Vencida ${i}` })).expect(201)).body.id);
    for (const id of ids) await pastReview(server.instance, id);
    expect(await expireOverdueAlerts(server.instance, new Date(), 2)).to.equal(2);
    expect(await expireOverdueAlerts(server.instance, new Date(), 2)).to.equal(1);
    expect(await expireOverdueAlerts(server.instance, new Date(), 2)).to.equal(0);
  });

  it('reminds the originating agency once, a week before the review date', async () => {
    const soon = (await officer.post('/api/v1/alerts', alertBody({ title: 'Revisar pronto' })).expect(201)).body;
    await alerts().updateOne({ _id: oid(soon.id) }, { $set: { reviewAt: new Date(Date.now() + 3 * 86_400_000) } });
    const socket = await openSocket(server.url, { cookie: officer.cookieHeader() });
    const due = nextEvent(socket, 'alert:review_due', 5000);
    expect(await remindUpcomingReviews(server.instance)).to.equal(1);
    expect((await due).alert).to.include({ id: soon.id });
    expect(await remindUpcomingReviews(server.instance), 'only once').to.equal(0);
    socket.close();
  });

  it('disables accounts unused for 90 days and ends their sessions', async () => {
    const agency = await buildAgency();
    const idle = await buildUser({ agency, mfa: true });
    const active = await buildUser({ agency, mfa: true });
    const idleClient = await signIn(server.url, idle);
    await signIn(server.url, active);
    await mongoose.connection
      .collection('users')
      .updateOne({ _id: idle.user._id }, { $set: { lastLoginAt: new Date(Date.now() - 91 * 86_400_000) } });
    const count = await disableInactiveAccounts(server.instance, 90);
    expect(count).to.be.at.least(1);
    const users = mongoose.connection.collection('users');
    expect((await users.findOne({ _id: idle.user._id }))!.status).to.equal('disabled');
    expect((await users.findOne({ _id: active.user._id }))!.status).to.equal('active');
    await idleClient.get('/api/v1/auth/me').expect(401);
  });
});
