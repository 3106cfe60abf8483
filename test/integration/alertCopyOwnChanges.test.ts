import { expect } from 'chai';
import mongoose from 'mongoose';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import type { PuenteServer } from '../../server/server.js';
import { AlertCopy } from '../../server/alerts/copy/alertCopy.js';
import { logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Alert } from '../helpers/models.js';

/** Issue 13: a process that made every change since its copy's position reads no log entries to
 * serve a list (each read of the log scans a segment on the embedded store); another process's
 * change is still read and seen. */
describe('alert copy: its own changes need no log read', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let original: PuenteServer['instance']['alertChangeLog']['readAfter'];
  let reads = 0;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    original = server.instance.alertChangeLog.readAfter.bind(server.instance.alertChangeLog);
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
  });
  after(async () => {
    server.instance.alertChangeLog.readAfter = original;
    await server.stop();
  });

  it('takes its own new alerts without reading the log, and reads it for another process’s', async () => {
    await officer.post('/api/v1/alerts', alertBody({ title: 'Primera' })).expect(201); // the log has begun
    // A copy of its own, told of this process's writes as the server's is (alert.stored).
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    await copy.sync(0);
    const onStored = ({ alert }: { alert: AlertDoc }) => copy.applyStored(alert);
    server.instance.events.on('alert.stored', onStored);
    try {
      const mine: string[] = [];
      for (let i = 0; i < 3; i++)
        mine.push((await officer.post('/api/v1/alerts', alertBody({ title: `Propia ${i}` })).expect(201)).body.id);
      await drainMatchWorker(server.instance); // the match worker reads the log for itself; idle from here
      // Reads that fetch entries (one with nothing after the position costs only the head's read).
      server.instance.alertChangeLog.readAfter = async (after, limit) => {
        const entries = await original(after, limit);
        if (entries.length) reads++;
        return entries;
      };
      await copy.sync(0);
      for (const id of mine) expect(copy.get(id)?.title).to.match(/^Propia/);
      expect(reads, 'log reads for the process’s own changes').to.equal(0);

      // Another process's alert: logged and stored without this process being told.
      const template = (await Alert.findById(mine[0]).lean<AlertDoc>())!;
      const foreignId = new mongoose.Types.ObjectId();
      const seq = await logAlertChange(server.instance, String(foreignId), 'created');
      await Alert.collection.insertOne({
        ...template,
        _id: foreignId,
        reference: 'AR-2026-999999',
        title: 'Ajena',
        changeSeq: seq,
      } as never);
      await copy.sync(0);
      expect(copy.get(String(foreignId))?.title).to.equal('Ajena');
      expect(reads).to.be.greaterThan(0);
    } finally {
      server.instance.events.off('alert.stored', onStored);
    }
  });
});
