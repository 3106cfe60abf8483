/**
 * Issue 26: a process whose store driver stopped checking the store reconnects on its own.
 * On FerretDB on PostgreSQL stopped under load, the driver's heartbeat in flight when the store's
 * connection closed never settled; the monitor never checked again, and the process answered
 * `503 store_unavailable` for good while the restarted store answered any new client
 * (storeOutage.test.ts, seen in CI and on this machine). That wedge is injected here the way it
 * was found: the monitor's check never answers (a fault of the driver, injected at the driver).
 */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { createLogger } from '../../server/platform/config/logger.js';
import { recoverStuckDriver } from '../../server/platform/store/driverRecovery.js';
import { storeAnswers } from '../../server/platform/store/storeReachability.js';
import { OwnStore, useSharedStore } from '../helpers/ownStore.js';
import { eventually } from '../helpers/processes.js';
import { storeInstance } from '../helpers/instance.js';

/** The driver's monitor of the one store the default connection talks to (internal to the driver). */
interface StuckableMonitor {
  monitorId: { fn: (done: () => void) => void };
}
function monitorOf(client: mongoose.mongo.MongoClient): StuckableMonitor {
  // The driver's internals, reached only by this test: no public API exposes its monitor.
  const topology = (client as unknown as { topology: { s: { servers: Map<string, { monitor: StuckableMonitor }> } } }).topology;
  return [...topology.s.servers.values()][0]!.monitor;
}

describe('a store driver whose monitor stopped checking is replaced (issue 26)', function () {
  this.timeout(120_000);
  let store: OwnStore;
  const logged: string[] = [];
  const logger = createLogger(
    'error',
    new Writable({
      write(chunk: Buffer, _enc, done) {
        logged.push(chunk.toString());
        done();
      },
    }),
  );

  before(async () => {
    store = await OwnStore.start();
    await store.useInThisProcess();
  });
  after(async () => {
    await useSharedStore();
    await store?.remove();
  });

  it('the store restarted, the old client never comes back; a new client takes its place within seconds', async () => {
    const stopRecovery = recoverStuckDriver(storeInstance().store, logger, { checkEveryMs: 500, stuckAfterMs: 4000 });
    try {
      const stuckClient = mongoose.connection.getClient();
      const monitor = monitorOf(stuckClient);
      expect(await storeAnswers(storeInstance().store, 2000)).to.equal(true);
      await store.stop('SIGKILL');
      expect(
        await eventually(
          async () =>
            (await storeAnswers(storeInstance().store, 1000)) || mongoose.connection.readyState === mongoose.ConnectionStates.connected,
          (up) => !up,
          15_000,
        ),
        'the driver finds the store gone',
      ).to.equal(false);
      // From now on each check of the monitor never settles, as the check in flight when the store's
      // connection closed did: the driver's "check in progress" stays true for good.
      monitor.monitorId.fn = () => undefined;
      await new Promise((r) => setTimeout(r, 2500)); // one heartbeat period: a check is now stuck
      await store.restart();
      const restartedAt = Date.now();
      const answered = await eventually(
        () => storeAnswers(storeInstance().store, 1000),
        (ok) => ok,
        30_000,
      );
      expect(answered, 'this process reaches the restarted store').to.equal(true);
      expect(Date.now() - restartedAt).to.be.below(15_000);
      expect(mongoose.connection.getClient()).to.not.equal(stuckClient);
      expect(mongoose.connection.readyState).to.equal(mongoose.ConnectionStates.connected);
      // Models work through the new client.
      expect(await mongoose.connection.db!.collection('probe').countDocuments({})).to.equal(0);
      expect(logged.join('')).to.include('replaced its client');
    } finally {
      stopRecovery();
    }
  });

  it('a store that is down for everyone is not "recovered": the client is kept until the store answers', async () => {
    const stopRecovery = recoverStuckDriver(storeInstance().store, logger, { checkEveryMs: 300, stuckAfterMs: 1000 });
    try {
      const before = mongoose.connection.getClient();
      await store.stop('SIGKILL');
      expect(await storeAnswers(storeInstance().store, 2000)).to.equal(false);
      await new Promise((r) => setTimeout(r, 4000));
      expect(mongoose.connection.getClient(), 'no replacement while nothing answers').to.equal(before);
      await store.restart();
      expect(
        await eventually(
          () => storeAnswers(storeInstance().store, 1000),
          (ok) => ok,
          30_000,
        ),
      ).to.equal(true);
    } finally {
      stopRecovery();
    }
  });
});
