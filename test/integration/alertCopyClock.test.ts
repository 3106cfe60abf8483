import { expect } from 'chai';
import mongoose from 'mongoose';
import { performance } from 'node:perf_hooks';
import type { PuenteServer } from '../../server/server.js';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import { AlertCopy } from '../../server/alerts/copy/alertCopy.js';
import { IN_FLIGHT_MS, logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import type { Logger } from '../../server/platform/config/logger.js';
import { repairAlertCopy } from '../../server/alerts/copy/alertCopyRepair.js';
import { alertsSince } from '../../server/alerts/changeLog/alertCatchUp.js';
import { alertClocks } from '../../server/alerts/changeLog/alertClocks.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Alert } from '../helpers/models.js';

const viewer = { agencyId: 'x', country: 'PY' as const, roles: ['officer' as const], agencyKind: null };
const idsOf = (alerts: AlertDoc[]) => alerts.map((a) => String(a._id));

/** Injected clocks: `skewMs` moves this machine's date only (another machine's clock), `elapse` moves time for everyone. */
function clocks(): { skew: (ms: number) => void; elapse: (ms: number) => void; restore: () => void } {
  const original = { ...alertClocks };
  let skewMs = 0;
  let elapsedMs = 0;
  alertClocks.wall = () => Date.now() + skewMs + elapsedMs;
  alertClocks.monotonic = () => performance.now() + elapsedMs;
  return {
    skew: (ms) => (skewMs = ms),
    elapse: (ms) => (elapsedMs += ms),
    restore: () => Object.assign(alertClocks, original),
  };
}

/** Issue 26 item 2: whether a change is still awaited never depends on comparing two machines' clocks. */
describe('alert copy and alerts:since: no decision on another process’s clock', function () {
  this.timeout(90_000);
  let server: PuenteServer;
  let officer: ApiClient;
  /** Stands for another process: it gets no in-process notice of this process's writes. */
  let other: AlertCopy;
  let template: AlertDoc;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
    const first = (await officer.post('/api/v1/alerts', alertBody({ title: 'Primera', sensitivity: 'standard' })).expect(201)).body;
    template = (await Alert.findById(first.id).lean<AlertDoc>())!;
    other = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert, { reloadWaitMs: 200 });
    expect(await other.syncWithin(30_000, 0)).to.equal(true);
  });
  after(() => server.stop());

  for (const skewMs of [-5000, 5000]) {
    it(`a creation logged on a clock ${skewMs > 0 ? 'ahead' : 'behind'} by 5 s whose insert lands 40 s later reaches every copy and alerts:since`, async () => {
      const clock = clocks();
      try {
        const start = await alertsSince(server.instance, viewer, null);
        await other.sync(0);
        const lateId = new mongoose.Types.ObjectId();
        // The writer's machine: its date is off by 5 s.
        clock.skew(skewMs);
        const seq = await logAlertChange(server.instance, String(lateId), 'created');
        clock.skew(0);
        await other.sync(0);
        const waiting = await alertsSince(server.instance, viewer, start.cursor);
        expect(waiting.alerts).to.deep.equal([]);

        // 40 s pass (an insert serialised behind a burst); every copy looks at the change again meanwhile.
        clock.elapse(40_000);
        await other.sync(0);
        const stillWaiting = await alertsSince(server.instance, viewer, waiting.cursor);
        expect(stillWaiting.alerts).to.deep.equal([]);

        await Alert.collection.insertOne({
          ...template,
          _id: lateId,
          reference: `AR-2026-SKEW${skewMs > 0 ? 'A' : 'B'}1`,
          title: 'Tardía',
          changeSeq: seq,
        } as never);
        clock.elapse(1500);
        await other.sync(0);
        expect(other.get(String(lateId))?.title, 'another process’s copy').to.equal('Tardía');
        const landed = await alertsSince(server.instance, viewer, stillWaiting.cursor);
        expect(idsOf(landed.alerts)).to.deep.equal([String(lateId)]);
      } finally {
        clock.restore();
      }
    });
  }

  it('an insert landing after the copy gave up on its change is taken by the repair walk, counted and logged', async () => {
    const clock = clocks();
    const lines: Array<{ msg?: string; repaired?: number }> = [];
    const logger = { warn: (o: { repaired?: number }, msg: string) => lines.push({ ...o, msg }) } as unknown as Logger;
    try {
      await repairAlertCopy(other, server.instance.metrics, logger); // the walk starts behind the copy's position
      const lateId = new mongoose.Types.ObjectId();
      const seq = await logAlertChange(server.instance, String(lateId), 'created');
      await other.sync(0);
      expect(other.awaitsChange(seq)).to.equal(true);
      clock.elapse(IN_FLIGHT_MS + 1000);
      await other.sync(0);
      expect(other.awaitsChange(seq), 'given up after the in-flight window').to.equal(false);

      await Alert.collection.insertOne({
        ...template,
        _id: lateId,
        reference: 'AR-2026-REPAIR1',
        title: 'Muy tardía',
        changeSeq: seq,
      } as never);
      await other.sync(0);
      expect(other.get(String(lateId)), 'following the log alone no longer finds it').to.equal(null);

      const counted = (await server.instance.metrics.alertCopyRepairs.get()).values[0]?.value ?? 0;
      let repaired = 0;
      // A change is looked at again a whole run after the copy passed it: at most two runs.
      for (let run = 0; run < 2 && repaired === 0; run++) repaired += await repairAlertCopy(other, server.instance.metrics, logger);
      expect(repaired).to.equal(1);
      expect(other.get(String(lateId))?.title).to.equal('Muy tardía');
      expect((await server.instance.metrics.alertCopyRepairs.get()).values[0]?.value).to.equal(counted + 1);
      expect(lines.map((l) => l.repaired)).to.deep.equal([1]);
      expect(await repairAlertCopy(other, server.instance.metrics, logger), 'nothing left to repair').to.equal(0);
    } finally {
      clock.restore();
    }
  });
});
