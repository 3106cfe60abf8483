/**
 * Issue #10 item 5: access requests reveal nothing about which alerts exist. A request names
 * only an alert its requester received as a search stub (for 7 days); every other case answers
 * the same 404. Also: the list honours `limit` and cursors and rejects unknown keys.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { StubReceipt } from '../helpers/models.js';

describe('access requests: only from a stub received (issue #10 item 5)', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let ar: ApiClient;
  let py: ApiClient;
  let pyColleague: ApiClient;
  let pyName = '';
  let hidden = '';
  let visible = '';

  const reserved = (number: string) =>
    alertBody({
      distribution: { scope: 'agency' },
      subjects: [{ role: 'suspect', givenNames: 'Tito', familyNames: 'Núñez', documents: [{ type: 'DNI', country: 'AR', number }] }],
      phones: [],
      vehicles: [],
    });
  const ask = (c: ApiClient, alertId: string) => c.post('/api/v1/access-requests', { alertId, reason: 'Causa abierta en Asunción' });

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const arAgency = await buildAgency({ country: 'AR' });
    const pyAgency = await buildAgency({ country: 'PY' });
    ar = await signIn(server.url, await buildUser({ agency: arAgency, mfa: true }));
    const pyUser = await buildUser({ agency: pyAgency, mfa: true });
    pyName = pyUser.user.displayName;
    py = await signIn(server.url, pyUser);
    pyColleague = await signIn(server.url, await buildUser({ agency: pyAgency, mfa: true }));
    hidden = (await ar.post('/api/v1/alerts', reserved('35.111.222')).expect(201)).body.id;
    visible = (await ar.post('/api/v1/alerts', alertBody({ distribution: { scope: 'bilateral' } })).expect(201)).body.id;
  });
  after(() => server.stop());

  it('every failure answers alike: nonexistent, never received, visible', async () => {
    const answers = [];
    for (const id of [new mongoose.Types.ObjectId().toHexString(), hidden, visible]) {
      const res = await ask(py, id);
      answers.push({ status: res.status, body: res.body });
    }
    expect(answers[0]).to.deep.include({ status: 404 });
    expect(answers[0]!.body.error.code).to.equal('not_found');
    expect(answers[1]).to.deep.equal(answers[0]);
    expect(answers[2]).to.deep.equal(answers[0]);
  });

  it('a stub received from search may be asked for; a colleague who did not receive it may not', async () => {
    await drainMatchWorker(server.instance);
    const found = await py.get('/api/v1/search?q=35111222').expect(200);
    expect(found.body.items).to.have.length(1);
    expect(found.body.items[0]).to.include({ id: hidden, restricted: true });
    const res = await ask(py, hidden).expect(201);
    expect(res.body).to.include({ alertId: hidden, status: 'pending', requesterName: pyName });
    // The agency that decides sees who asks.
    const incoming = await ar.get('/api/v1/access-requests?box=incoming').expect(200);
    expect(incoming.body.items[0]).to.include({ alertId: hidden, requesterName: pyName });
    const other = await ask(pyColleague, hidden).expect(404);
    expect(other.body.error.code).to.equal('not_found');
  });

  it('a receipt older than 7 days no longer works', async () => {
    const second = (await ar.post('/api/v1/alerts', reserved('35.111.333')).expect(201)).body.id;
    await drainMatchWorker(server.instance);
    await py.get('/api/v1/search?q=35111333').expect(200);
    await StubReceipt.updateMany({ alertId: second }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    await ask(py, second).expect(404);
    await py.get('/api/v1/search?q=35111333').expect(200); // a new search renews it
    await ask(py, second).expect(201);
  });

  it('the list honours limit and cursor, and rejects unknown keys', async () => {
    const page1 = await py.get('/api/v1/access-requests?box=outgoing&limit=1').expect(200);
    expect(page1.body.items).to.have.length(1);
    expect(page1.body.nextCursor).to.be.a('string');
    const page2 = await py.get(`/api/v1/access-requests?box=outgoing&limit=1&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items).to.have.length(1);
    expect(page2.body.items[0].id).to.not.equal(page1.body.items[0].id);
    expect(page2.body.nextCursor).to.equal(null);
    const incoming = await ar.get('/api/v1/access-requests?box=incoming&limit=5').expect(200);
    expect(incoming.body.items).to.have.length(2);
    const bad = await py.get('/api/v1/access-requests?box=outgoing&sort=asc').expect(400);
    expect(bad.body.error.code).to.equal('validation_failed');
    await py.get('/api/v1/access-requests?limit=0').expect(400);
  });
});
