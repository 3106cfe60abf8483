import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { BSON } from 'mongodb';
import type { PuenteServer } from '../../server/server.js';
import { AlertCopy } from '../../server/alerts/copy/alertCopy.js';

import { key, keysOfAlert } from '../../server/alerts/copy/indexKeys.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

/** `bytes` with every occurrence of `from` replaced by `to` (same length). */
function replaceBytes(bytes: Buffer, from: string, to: string): Buffer {
  const out = Buffer.from(bytes);
  let found = 0;
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + 1), found++) out.write(to, at);
  expect(found, `${from} in the file`).to.be.greaterThan(0);
  return out;
}

/** The file with its trailing CRC-32 computed again over what precedes it. */
function withChecksum(bytes: Buffer): Buffer {
  bytes.writeUInt32LE(crc32(bytes.subarray(0, bytes.length - 4)), bytes.length - 4);
  return bytes;
}

/** Issue 13, item 5: a restarted process loads the alert copy from its snapshot plus the log since. */
describe('alert copy snapshot', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let tmp: string;
  let file: string;
  const database = () => mongoose.connection.db!.databaseName;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-snapshot-'));
    file = path.join(tmp, 'alert-copy.snapshot');
  });
  after(async () => {
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('a new process loads the snapshot, then applies the changes logged after it', async () => {
    const first = (await officer.post('/api/v1/alerts', alertBody({ title: 'Antes del snapshot' })).expect(201)).body;
    const writer = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    writer.useSnapshot({ file, database: database() });
    await writer.sync(0);
    expect(writer.lastLoad?.source).to.equal('store');
    expect(await writer.saveSnapshot()).to.equal(true);
    expect((await fs.stat(file)).mode & 0o777, 'readable by the owner only').to.equal(0o600);

    const second = (await officer.post('/api/v1/alerts', alertBody({ title: 'Después del snapshot' })).expect(201)).body;
    await officer.patch(`/api/v1/alerts/${first.id}`, { version: 0, priority: 'routine' }).expect(200);

    const restarted = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    restarted.useSnapshot({ file, database: database() });
    expect(await restarted.syncWithin(30_000, 0)).to.equal(true);
    expect(restarted.lastLoad?.source).to.equal('snapshot');
    expect(restarted.get(first.id)?.priority, 'a change logged after the snapshot').to.equal('routine');
    expect(restarted.get(second.id)?.title, 'an alert created after the snapshot').to.equal('Después del snapshot');
    expect([...restarted.newestFirst()].map((a) => a.id).slice(0, 2)).to.deep.equal([second.id, first.id]);
    expect([...restarted.holders(key.document('30123456')).keys()].sort()).to.deep.equal([first.id, second.id].sort());
  });

  it('the index read back from the snapshot is the one a load from the store builds', async () => {
    const restarted = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    restarted.useSnapshot({ file, database: database() });
    await restarted.sync(0);
    expect(restarted.lastLoad?.source).to.equal('snapshot');
    expect(restarted.lastLoad?.phases).to.have.property('alerts placed'); // the stored index, not keys derived again
    const scanned = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    await scanned.sync(0);
    expect(scanned.lastLoad?.source).to.equal('store');
    const ids = [...scanned.newestFirst()].map((h) => h.id);
    expect([...restarted.newestFirst()].map((h) => h.id)).to.deep.equal(ids);
    let compared = 0;
    for (const id of ids)
      for (const k of keysOfAlert(scanned.get(id)!).keys()) {
        expect([...restarted.holders(k)].sort(), k).to.deep.equal([...scanned.holders(k)].sort());
        compared++;
      }
    expect(compared).to.be.greaterThan(50);
  });

  it('search keys stored by a version that derived them differently are computed again', async () => {
    // The same file with one key renamed, as an older version could have derived it (checksum made again).
    const stale = path.join(tmp, 'stale.snapshot');
    await fs.writeFile(stale, withChecksum(replaceBytes(await fs.readFile(file), 'doc:30123456', 'doc:99999999')));
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    copy.useSnapshot({ file: stale, database: database() });
    await copy.sync(0);
    expect(copy.lastLoad?.source).to.equal('snapshot');
    expect(copy.lastLoad?.phases).to.have.property('index derived again');
    expect(copy.holders(key.document('99999999')).size).to.equal(0);
    expect(copy.holders(key.document('30123456')).size).to.be.greaterThan(0);
  });

  it('a snapshot with any byte changed is refused (checksum): the copy loads from the store', async () => {
    const bytes = Buffer.from(await fs.readFile(file));
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    const flipped = path.join(tmp, 'flipped.snapshot');
    await fs.writeFile(flipped, bytes);
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    copy.useSnapshot({ file: flipped, database: database() });
    await copy.sync(0);
    expect(copy.lastLoad?.source).to.equal('store');
  });

  it('an index naming an alert the snapshot does not hold is refused, even with a valid checksum', async () => {
    const bytes = Buffer.from(await fs.readFile(file));
    // The last int32 before the checksum is the last posting of the last key: point it past every slot.
    bytes.writeInt32LE(2 * 1_000_000, bytes.length - 8);
    const wrong = path.join(tmp, 'wrong-slot.snapshot');
    await fs.writeFile(wrong, withChecksum(bytes));
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    copy.useSnapshot({ file: wrong, database: database() });
    await copy.sync(0);
    expect(copy.lastLoad?.source).to.equal('store');
  });

  it('a stored newest-first order that is not in order is sorted again, not trusted', async () => {
    const swapped = path.join(tmp, 'swapped-order.snapshot');
    const writer = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    writer.useSnapshot({ file: swapped, database: database() });
    await writer.sync(0);
    expect(await writer.saveSnapshot()).to.equal(true);
    const bytes = Buffer.from(await fs.readFile(swapped));
    // Walk the length-led blocks: the header, per alert its head and its bytes, the keys, the int32s.
    const count = BSON.deserialize(bytes.subarray(0, bytes.readInt32LE(0))).count as number;
    expect(count).to.be.at.least(2);
    let at = bytes.readInt32LE(0);
    for (let i = 0; i < 2 * count + 1; i++) at += bytes.readInt32LE(at);
    const order = at + 4 + 4 * count; // after the block's length and the key counts
    const first = bytes.readInt32LE(order);
    bytes.writeInt32LE(bytes.readInt32LE(order + 4), order);
    bytes.writeInt32LE(first, order + 4);
    await fs.writeFile(swapped, withChecksum(bytes));
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    copy.useSnapshot({ file: swapped, database: database() });
    await copy.sync(0);
    expect(copy.lastLoad?.source).to.equal('snapshot');
    const scanned = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    await scanned.sync(0);
    expect([...copy.newestFirst()].map((h) => h.id)).to.deep.equal([...scanned.newestFirst()].map((h) => h.id));
  });

  it('a snapshot of another database or of an earlier log epoch is not used', async () => {
    const other = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    other.useSnapshot({ file, database: 'puente_test_another' });
    await other.sync(0);
    expect(other.lastLoad?.source).to.equal('store');

    await server.instance.alertChangeLog.renewEpoch(); // what seed-bulk does after writing around the log
    const afterImport = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    afterImport.useSnapshot({ file, database: database() });
    await afterImport.sync(0);
    expect(afterImport.lastLoad?.source).to.equal('store');
  });

  it('a damaged snapshot is ignored: the copy loads from the store', async () => {
    const whole = await fs.readFile(file);
    await fs.writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    copy.useSnapshot({ file, database: database() });
    expect(await copy.syncWithin(30_000, 0)).to.equal(true);
    expect(copy.lastLoad?.source).to.equal('store');
  });

  it('a full load of the store reports how far it has got, up to every alert', async () => {
    for (let i = 0; i < 3; i++) await officer.post('/api/v1/alerts', alertBody({ title: `Progreso ${i}` })).expect(201);
    const stored = await mongoose.connection.collection('alerts').countDocuments();
    const reports: Array<{ read: number; total: number | undefined }> = [];
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    copy.reportLoadProgress({ everyMs: 0, report: (p) => reports.push(p) });
    await copy.sync(0);
    expect(copy.lastLoad?.source).to.equal('store');
    expect(reports.length).to.equal(stored);
    expect(reports.map((r) => r.read)).to.deep.equal(Array.from({ length: stored }, (_, i) => i + 1));
    expect(reports[0]!.total).to.equal(stored);
  });
});
