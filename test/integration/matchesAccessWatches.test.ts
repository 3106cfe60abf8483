import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';

describe('matches, watches and access requests', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let ar: ApiClient;
  let py: ApiClient;
  let pyProsecutor: ApiClient;
  let outsider: ApiClient;
  const sockets: TestSocket[] = [];

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const arAgency = await buildAgency({ country: 'AR' });
    const pyAgency = await buildAgency({ country: 'PY' });
    const otherPy = await buildAgency({ country: 'PY' });
    ar = await signIn(server.url, await buildUser({ agency: arAgency, mfa: true }));
    py = await signIn(server.url, await buildUser({ agency: pyAgency, mfa: true }));
    const pyFiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' }); // prosecutors belong in one (roles.policy.ts)
    pyProsecutor = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
    outsider = await signIn(server.url, await buildUser({ agency: otherPy, mfa: true }));
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server.stop();
  });

  const socketOf = async (c: ApiClient) => {
    const s = await openSocket(server.url, { cookie: c.cookieHeader() });
    sockets.push(s);
    return s;
  };

  it('an Argentine and a Paraguayan alert sharing a phone are matched, live and on GET /matches', async () => {
    const listener = await socketOf(pyProsecutor);
    const first = (
      await ar
        .post(
          '/api/v1/alerts',
          alertBody({
            sensitivity: 'standard',
            subjects: [{ role: 'suspect', givenNames: 'Hugo', familyNames: 'Villar' }],
            phones: ['0981 555 666'],
            vehicles: [],
          }),
        )
        .expect(201)
    ).body;
    const matched = nextEvent(listener, 'match:new', 5000);
    const second = (
      await py
        .post(
          '/api/v1/alerts',
          alertBody({
            kind: 'suspect',
            sensitivity: 'standard',
            subjects: [{ role: 'suspect', givenNames: 'Hugo', familyNames: 'Villar' }],
            phones: ['+595 981 555666'],
            vehicles: [],
          }),
        )
        .expect(201)
    ).body;
    const event = await matched;
    expect([event.alertId, event.match.alertId].sort()).to.deep.equal([first.id, second.id].sort());
    await drainMatchWorker(server.instance);
    const list = await py.get(`/api/v1/alerts/${second.id}/matches`).expect(200);
    const hit = list.body.items.find((m: { alertId: string }) => m.alertId === first.id);
    expect(hit).to.deep.include({ reference: first.reference });
    expect(['phone', 'name']).to.include(hit.on);
  });

  it('matches through a restricted victim’s document are shown only to those who may see it on both alerts', async () => {
    const victim = {
      role: 'victim',
      givenNames: 'Lucía',
      familyNames: 'Ramírez',
      documents: [{ type: 'CI', country: 'PY', number: '5.123.987' }],
    };
    const a = (await ar.post('/api/v1/alerts', alertBody({ subjects: [victim], phones: [], vehicles: [] })).expect(201)).body;
    const b = (await py.post('/api/v1/alerts', alertBody({ subjects: [victim], phones: [], vehicles: [] })).expect(201)).body;
    await drainMatchWorker(server.instance);
    const forOfficer = await py.get(`/api/v1/alerts/${b.id}/matches`).expect(200);
    expect(forOfficer.body.items.map((m: { alertId: string }) => m.alertId)).to.not.include(a.id);
    const forProsecutor = await pyProsecutor.get(`/api/v1/alerts/${b.id}/matches`).expect(200);
    expect(forProsecutor.body.items.map((m: { alertId: string }) => m.alertId)).to.include(a.id);
  });

  it('a watch fires live when a matching alert is posted, and only for its owner', async () => {
    const owner = await socketOf(py);
    const other = await socketOf(outsider);
    const watch = await py.post('/api/v1/watches', { kind: 'plate', value: 'ad 456 ef' }).expect(201);
    expect(watch.body).to.include({ kind: 'plate', value: 'ad 456 ef' });
    await py.post('/api/v1/watches', { kind: 'plate', value: '!!' }).expect(400);
    const hit = nextEvent(owner, 'watch:hit', 5000);
    let otherGot = false;
    other.on('watch:hit', () => (otherGot = true));
    const posted = (await ar.post('/api/v1/alerts', alertBody({ vehicles: [{ plate: 'AD-456-EF', country: 'AR' }] })).expect(201)).body;
    const event = await hit;
    expect(event).to.deep.include({ watchId: watch.body.id });
    expect(event.alert.id).to.equal(posted.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(otherGot).to.equal(false);
    const list = await py.get('/api/v1/watches').expect(200);
    expect(list.body.items.map((w: { id: string }) => w.id)).to.include(watch.body.id);
    await outsider.delete(`/api/v1/watches/${watch.body.id}`).expect(404);
    await py.delete(`/api/v1/watches/${watch.body.id}`).expect(204);
  });

  it('an access request granted lets the requester open the alert; a refused one does not', async () => {
    const secret = {
      role: 'suspect',
      givenNames: 'Tito',
      familyNames: 'Núñez',
      documents: [{ type: 'DNI', country: 'AR', number: '33.444.555' }],
    };
    const reserved = (
      await ar
        .post('/api/v1/alerts', alertBody({ distribution: { scope: 'agency' }, subjects: [secret], phones: [], vehicles: [] }))
        .expect(201)
    ).body;
    const reserved2 = (
      await ar
        .post(
          '/api/v1/alerts',
          alertBody({
            distribution: { scope: 'agency' },
            subjects: [{ ...secret, documents: [{ type: 'DNI', country: 'AR', number: '33.444.556' }] }],
            phones: [],
            vehicles: [],
          }),
        )
        .expect(201)
    ).body;
    await drainMatchWorker(server.instance);
    const stub = await py.get('/api/v1/search?q=33444555').expect(200);
    expect(stub.body.items[0]).to.include({ id: reserved.id, restricted: true });
    await py.get(`/api/v1/alerts/${reserved.id}`).expect(404);

    const originSocket = await socketOf(ar);
    const notified = nextEvent(originSocket, 'access:request', 5000);
    const request = (
      await py.post('/api/v1/access-requests', { alertId: reserved.id, reason: 'Causa abierta por trata en Asunción' }).expect(201)
    ).body;
    expect((await notified).request).to.include({ id: request.id, status: 'pending' });
    const incoming = await ar.get('/api/v1/access-requests?box=incoming').expect(200);
    expect(incoming.body.items.map((r: { id: string }) => r.id)).to.include(request.id);
    const outgoing = await py.get('/api/v1/access-requests?box=outgoing').expect(200);
    expect(outgoing.body.items[0]).to.include({ id: request.id, reference: reserved.reference });
    await py.post(`/api/v1/access-requests/${request.id}/decision`, { decision: 'grant' }).expect(404);

    const requesterSocket = await socketOf(py);
    const decided = nextEvent(requesterSocket, 'access:decision', 5000);
    await ar.post(`/api/v1/access-requests/${request.id}/decision`, { decision: 'grant', note: 'Autorizado' }).expect(200);
    expect((await decided).request).to.include({ status: 'granted' });
    const opened = await py.get(`/api/v1/alerts/${reserved.id}`).expect(200);
    expect(opened.body.subjects[0]).to.include({ givenNames: 'Tito' });
    await ar.post(`/api/v1/access-requests/${request.id}/decision`, { decision: 'refuse' }).expect(409);

    // A request names only an alert received as a stub (issue #10 item 5).
    expect((await py.get('/api/v1/search?q=33444556').expect(200)).body.items[0]).to.include({ id: reserved2.id, restricted: true });
    const refusedRequest = (await py.post('/api/v1/access-requests', { alertId: reserved2.id, reason: 'Otra causa' }).expect(201)).body;
    await ar.post(`/api/v1/access-requests/${refusedRequest.id}/decision`, { decision: 'refuse', note: 'No corresponde' }).expect(200);
    await py.get(`/api/v1/alerts/${reserved2.id}`).expect(404);
    await outsider.get(`/api/v1/alerts/${reserved.id}`).expect(404);
  });
});
