import { expect } from 'chai';
import mongoose from 'mongoose';
import request from 'supertest';
import type { PuenteServer } from '../../server/server.js';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import { AlertCopy, alertScan, PENDING_FAST_MS } from '../../server/alerts/copy/alertCopy.js';
import { IN_FLIGHT_MS, logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { alertsSince } from '../../server/alerts/changeLog/alertCatchUp.js';
import { alertClocks } from '../../server/alerts/changeLog/alertClocks.js';
import { decodeCatchUpCursor } from '../../server/alerts/changeLog/catchUpCursors.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { testAlertKeys } from '../helpers/instance.js';
import { Alert } from '../helpers/models.js';

const viewer = { agencyId: 'x', country: 'PY' as const, roles: ['officer' as const], agencyKind: null };
const idsOf = (alerts: AlertDoc[]) => alerts.map((a) => String(a._id));

/**
 * Fault injection: the next scan of the alerts collection (a copy's full load) waits for `release()`.
 * Only the copy scans the whole collection in these tests.
 */
function holdNextScan(): { release: () => void; restore: () => void } {
  const original = alertScan.open;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  alertScan.open = (alerts) =>
    (async function* () {
      await gate;
      yield* original(alerts);
    })();
  return { release, restore: () => (alertScan.open = original) };
}

describe('alert copy: a failed write hides nothing, and a reload never blocks reads', function () {
  this.timeout(90_000);
  let server: PuenteServer;
  let officer: ApiClient;
  /** Stands for another process: it gets no in-process notice of this process's writes. */
  let other: AlertCopy;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
    await officer.post('/api/v1/alerts', alertBody({ title: 'Primera' })).expect(201);
    other = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert, { reloadWaitMs: 200 });
    expect(await other.syncWithin(30_000, 0)).to.equal(true);
  });
  after(() => server.stop());

  it('an insert that fails after its creation was logged does not hide the alerts posted after it', async () => {
    const start = await alertsSince(server.instance, viewer, null);
    const head = (await server.instance.alertChangeLog.head()).seq;
    const alerts = server.instance.models.alerts.Alert.collection;
    const original = alerts.insertOne;
    // Fault injection: the store refuses the next alert insert (the creation is already logged).
    alerts.insertOne = (() => Promise.reject(new Error('store refused the insert'))) as unknown as typeof alerts.insertOne;
    try {
      await officer.post('/api/v1/alerts', alertBody({ title: 'Falla' })).expect(500);
    } finally {
      alerts.insertOne = original;
    }
    expect((await server.instance.alertChangeLog.head()).seq, 'the failed creation was logged').to.equal(head + 1);
    const later = (await officer.post('/api/v1/alerts', alertBody({ title: 'Posterior', sensitivity: 'standard' })).expect(201)).body;

    await officer.get(`/api/v1/alerts/${later.id}`).expect(200);
    const list = await officer.get('/api/v1/alerts?limit=5').expect(200);
    expect(list.body.items.map((a: { id: string }) => a.id)).to.include(later.id);
    await other.sync(0);
    expect(other.get(later.id), 'another process sees it at once').to.not.equal(null);
    const since = await alertsSince(server.instance, viewer, start.cursor);
    expect(idsOf(since.alerts)).to.deep.equal([later.id]);
    expect(since.hasMore).to.equal(false);
  });

  it('a creation whose alert is stored late is picked up once it appears, everywhere', async () => {
    const start = await alertsSince(server.instance, viewer, null);
    const lateId = new mongoose.Types.ObjectId();
    const seq = await logAlertChange(server.instance, String(lateId), 'created');
    const after = (await officer.post('/api/v1/alerts', alertBody({ title: 'Después', sensitivity: 'standard' })).expect(201)).body;
    const first = await alertsSince(server.instance, viewer, start.cursor);
    expect(idsOf(first.alerts)).to.deep.equal([after.id]);
    await other.sync(0);
    expect(other.get(String(lateId))).to.equal(null);

    // The slow insert lands, with the position it was logged at (as createAlert writes it).
    const template = (await Alert.findById(after.id).lean<AlertDoc>())!;
    await Alert.collection.insertOne({ ...template, _id: lateId, reference: 'AR-2026-LATE01', title: 'Tardía', changeSeq: seq } as never);

    await officer.get(`/api/v1/alerts/${String(lateId)}`).expect(200);
    await other.sync(0);
    expect(other.get(String(lateId))?.title).to.equal('Tardía');
    const second = await alertsSince(server.instance, viewer, first.cursor);
    expect(idsOf(second.alerts)).to.deep.equal([String(lateId)]);
    const third = await alertsSince(server.instance, viewer, second.cursor);
    expect(third.alerts).to.deep.equal([]);
  });

  it('a creation stored late is viewable the moment it lands, also after its fast re-check window', async () => {
    const lateId = new mongoose.Types.ObjectId();
    const seq = await logAlertChange(server.instance, String(lateId), 'created');
    await server.instance.alertCopy.sync(0);
    // Past the window in which a pending entry is looked at on every read (a slow insert under
    // load), with a re-check just done: the next reads look at it again only a second later.
    await new Promise((r) => setTimeout(r, PENDING_FAST_MS + 100));
    await server.instance.alertCopy.sync(0);
    expect(server.instance.alertCopy.get(String(lateId))).to.equal(null);

    const template = (await Alert.findOne({}).lean<AlertDoc>())!;
    await Alert.collection.insertOne({ ...template, _id: lateId, reference: 'AR-2026-LATE02', title: 'Tardía 2', changeSeq: seq } as never);
    // Announced now (the head has passed it): whoever hears of it opens it at once.
    const view = await officer.get(`/api/v1/alerts/${String(lateId)}`).expect(200);
    expect(view.body.title).to.equal('Tardía 2');
  });

  it('a logged creation never stored is dropped once this process has watched it for the in-flight window', async () => {
    const start = await alertsSince(server.instance, viewer, null);
    const orphan = new mongoose.Types.ObjectId();
    await logAlertChange(server.instance, String(orphan), 'created');
    const waiting = await alertsSince(server.instance, viewer, start.cursor);
    expect(waiting.cursor).to.not.equal(start.cursor);
    // Injected clock: this process has watched the entry for longer than the in-flight window.
    const monotonic = alertClocks.monotonic;
    alertClocks.monotonic = () => monotonic() + IN_FLIGHT_MS + 1000;
    try {
      await server.instance.alertCopy.sync(0);
      expect(server.instance.alertCopy.awaitsWrite(String(orphan)), 'the copy has given up on it').to.equal(false);
    } finally {
      alertClocks.monotonic = monotonic;
    }
    const later = await alertsSince(server.instance, viewer, waiting.cursor);
    const decoded = decodeCatchUpCursor(testAlertKeys(), later.cursor);
    expect(decoded.p ?? []).to.deep.equal([]);
  });

  it('after data is written around the log (seed-bulk), reads go on while the new copy loads, then see it', async () => {
    const before = (await officer.post('/api/v1/alerts', alertBody({ title: 'Antes de la importación' })).expect(201)).body;
    await other.sync(0);
    const template = (await Alert.findById(before.id).lean<AlertDoc>())!;
    const imported = new mongoose.Types.ObjectId();
    const held = holdNextScan();
    try {
      // What seed-bulk does: alerts inserted without the log, then a new epoch.
      await Alert.collection.insertOne({
        ...template,
        _id: imported,
        reference: 'AR-2026-BULK01',
        title: 'Importada',
        changeSeq: 0,
      } as never);
      await server.instance.alertChangeLog.renewEpoch();
      const during = (await officer.post('/api/v1/alerts', alertBody({ title: 'Durante la carga' })).expect(201)).body;

      const started = Date.now();
      await other.sync(0);
      expect(Date.now() - started, 'a read waits at most the reload wait').to.be.below(5000);
      expect(other.isRebuilding).to.equal(true);
      expect(other.get(before.id), 'the current copy keeps serving').to.not.equal(null);
      expect(other.get(during.id), 'and keeps following the log').to.not.equal(null);
      expect(other.get(String(imported))).to.equal(null);

      const listStarted = Date.now();
      const list = await officer.get('/api/v1/alerts?limit=5').expect(200);
      expect(Date.now() - listStarted).to.be.below(5000);
      expect(list.body.items.map((a: { id: string }) => a.id)).to.include(during.id);
    } finally {
      held.release();
      held.restore();
    }
    const deadline = Date.now() + 20_000;
    while (other.isRebuilding || !other.get(String(imported))) {
      if (Date.now() > deadline) throw new Error('the rebuilt copy was not swapped in');
      await new Promise((r) => setTimeout(r, 50));
      await other.sync(0);
    }
    expect(other.get(before.id)).to.not.equal(null);
    await officer.get(`/api/v1/alerts/${String(imported)}`).expect(200);
  });

  // Last: it leaves the log without its head.
  it('while the copy cannot serve, /readyz says so and lists answer 503 alerts_preparing with Retry-After', async () => {
    const held = holdNextScan();
    try {
      // The log replaced under the running server (a restore): its copy must load again before serving.
      await mongoose.connection.collection<{ _id: string }>('counters').deleteOne({ _id: 'alert_changes_head' });
      const list = await officer.get('/api/v1/alerts').expect(503);
      expect(list.body.error.code).to.equal('alerts_preparing');
      expect(list.headers['retry-after']).to.equal('5');
      const ready = await request(server.url).get('/readyz').expect(503);
      expect(ready.body.checks).to.include({ store: true, alertCopy: false });
    } finally {
      held.release();
      held.restore();
    }
    const deadline = Date.now() + 20_000;
    while ((await request(server.url).get('/readyz')).status !== 200) {
      if (Date.now() > deadline) throw new Error('not ready again');
      await new Promise((r) => setTimeout(r, 100));
    }
    await officer.get('/api/v1/alerts').expect(200);
  });
});
