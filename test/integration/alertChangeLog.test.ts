import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';

import { decodeCatchUpCursor } from '../../server/alerts/changeLog/catchUpCursors.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { testAlertKeys } from '../helpers/instance.js';
import { Alert } from '../helpers/models.js';

/** Issue 13, item 1: one change-log entry per real change, none for a no-op, and the cursor a
 * client is given is the position stored on the alert. */
describe('alert change log: one entry per real change', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let alertId = '';

  const entriesOf = async (id: string) =>
    (await server.instance.alertChangeLog.readAfter(0, 1_000_000)).filter((e) => e.alertId === id).map((e) => e._id);
  const storedPosition = async (id: string) => (await Alert.findById(id).lean())!.changeSeq;
  // Compared by the position it carries: a cursor also carries the log's epoch as this process's copy
  // last loaded it (catchUpCursors.ts), which a log's first entry gives it while the requests run.
  const positionOf = (cursor: string) => decodeCatchUpCursor(testAlertKeys(), cursor).c;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
  });
  after(() => server.stop());

  it('a creation logs one entry, stored on the alert and returned as its cursor', async () => {
    const created = await officer.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201);
    alertId = created.body.id;
    const entries = await entriesOf(alertId);
    expect(entries).to.have.length(1);
    expect(positionOf(created.body.cursor)).to.equal(entries[0]!);
    expect(positionOf(created.body.cursor)).to.equal(await storedPosition(alertId));
  });

  it('an edit, a status change and an update each log exactly one entry, the cursor being the stored one', async () => {
    const edited = await officer.patch(`/api/v1/alerts/${alertId}`, { version: 0, priority: 'high' }).expect(200);
    expect(await entriesOf(alertId)).to.have.length(2);
    expect(positionOf(edited.body.cursor)).to.equal(await storedPosition(alertId));

    const closed = await officer.post(`/api/v1/alerts/${alertId}/status`, { status: 'resolved', reason: 'Localizada' }).expect(200);
    const entries = await entriesOf(alertId);
    expect(entries).to.have.length(3);
    expect(positionOf(closed.body.cursor)).to.equal(entries[2]!);
    expect(positionOf(closed.body.cursor)).to.equal(await storedPosition(alertId));

    await officer.post(`/api/v1/alerts/${alertId}/updates`, { kind: 'note', text: 'Nota de cierre' }).expect(201);
    expect(await entriesOf(alertId)).to.have.length(4);
    const view = await officer.get(`/api/v1/alerts/${alertId}`).expect(200);
    expect(positionOf(view.body.cursor)).to.equal(await storedPosition(alertId));
    expect(positionOf(view.body.cursor)).to.equal((await entriesOf(alertId))[3]!);
  });

  it('an edit that changes nothing neither writes nor logs', async () => {
    const before = await Alert.findById(alertId).lean();
    const same = await officer.patch(`/api/v1/alerts/${alertId}`, { version: before!.version, priority: before!.priority }).expect(200);
    expect(same.body.version).to.equal(before!.version);
    const after = await Alert.findById(alertId).lean();
    expect(after!.updatedAt.getTime()).to.equal(before!.updatedAt.getTime());
    expect(after!.history).to.have.length(before!.history.length);
    expect(await entriesOf(alertId)).to.have.length(4);
  });
});
