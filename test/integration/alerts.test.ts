import { expect } from 'chai';
import { logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import mongoose from 'mongoose';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

describe('alerts (/api/v1/alerts)', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let home: AgencyDoc;
  let officer: ApiClient;
  let colleague: ApiClient;
  let foreign: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    home = await buildAgency({ country: 'AR', name: 'Policía de Formosa' });
    const py = await buildAgency({ country: 'PY', name: 'Policía Nacional' });
    officer = await signIn(server.url, await buildUser({ agency: home, roles: ['officer'], mfa: true }));
    colleague = await signIn(server.url, await buildUser({ agency: home, roles: ['officer'], mfa: true }));
    foreign = await signIn(server.url, await buildUser({ agency: py, roles: ['officer'], mfa: true }));
  });
  after(() => server.stop());

  it('401 without a session; 403 for roles that do not post alerts', async () => {
    await new ApiClient(server.url).get('/api/v1/alerts').expect(401);
    const admin = await signIn(server.url, await buildUser({ agency: home, roles: ['agency_admin'], mfa: true }));
    const res = await admin.post('/api/v1/alerts', alertBody()).expect(403);
    expect(res.body.error.code).to.equal('forbidden');
  });

  it('creates an alert with a reference, normalised identifiers, review date and abilities', async () => {
    const res = await officer.post('/api/v1/alerts', alertBody()).expect(201);
    const a = res.body;
    expect(a.reference).to.match(/^AR-\d{4}-\d{6}$/);
    expect(a).to.include({ status: 'active', version: 0, originAgencyId: String(home._id), originCountry: 'AR', kind: 'possible_victim' });
    expect(a.subjects[0].documents[0]).to.deep.equal({ type: 'CI', country: 'PY', number: '4.567.890', normalized: '4567890' });
    expect(a.subjects[1].documents[0].normalized).to.equal('30123456');
    expect(a.vehicles[0]).to.include({ plate: 'AB 123 CD', plateNormalized: 'AB123CD' });
    expect(a.phonesNormalized).to.deep.equal(['+595981123456', '+5493704412345']);
    expect(a.phones).to.deep.equal(['+595 981 123456', '(0370) 15-4412345']);
    const days = (Date.parse(a.reviewAt) - Date.parse(a.createdAt)) / 86_400_000;
    expect(days).to.be.closeTo(90, 0.01);
    expect(a.cursor).to.be.a('string');
    expect(a.abilities).to.include({ view: true, edit: true, changeStatus: true, addUpdate: true, viewRestricted: true, viewViews: true });
    expect(a.history[0]).to.include({ action: 'created', toStatus: 'active' });
  });

  it('alerts posted at once on one process take consecutive references, each with one insert (issue 13)', async () => {
    const inserts: string[] = [];
    mongoose.set('debug', (collection: string, method: string) => {
      if (collection === 'alerts' && method === 'insertOne') inserts.push(method);
    });
    let refs: string[];
    try {
      const posts = Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? officer : colleague).post('/api/v1/alerts', alertBody({ title: `A la vez ${i}` })),
      );
      refs = (await Promise.all(posts)).map((r) => (expect(r.status).to.equal(201), r.body.reference as string));
    } finally {
      mongoose.set('debug', false);
    }
    const numbers = refs.map((r) => Number(r.split('-')[2])).sort((x, y) => x - y);
    expect(numbers).to.deep.equal(Array.from({ length: 8 }, (_, i) => numbers[0]! + i));
    expect(inserts, 'no insert failed on a number another post of this process had taken').to.have.length(8);
  });

  it('validates strictly: unknown keys, bad enums, $-keys, NaN-like values, missing distribution', async () => {
    const bad = await officer.post('/api/v1/alerts', { ...alertBody(), kind: 'smuggling', extra: true }).expect(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.include('kind');
    await officer.post('/api/v1/alerts', alertBody({ distribution: undefined })).expect(400);
    await officer.post('/api/v1/alerts', alertBody({ distribution: { scope: 'agencies' } })).expect(400);
    await officer.post('/api/v1/alerts', alertBody({ distribution: { scope: 'agencies', agencyIds: ['a'.repeat(24)] } })).expect(400);
    await officer.post('/api/v1/alerts', alertBody({ locations: [{ lat: 91 }] })).expect(400);
    await officer.post('/api/v1/alerts', alertBody({ title: '' })).expect(400);
  });

  it('an idempotent retry returns the same alert; the same key with another body is a conflict', async () => {
    const body = alertBody({ title: 'Vehículo sospechoso en Alberdi', kind: 'vehicle' });
    const first = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'retry-key-0001').expect(201);
    const retry = await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'retry-key-0001').expect(201);
    expect(retry.body.id).to.equal(first.body.id);
    expect(retry.body.reference).to.equal(first.body.reference);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'retry-key-0002')),
    );
    expect(new Set(concurrent.map((r) => r.body.id)).size, 'concurrent retries make one alert').to.equal(1);
    const other = await officer
      .post('/api/v1/alerts', { ...body, title: 'Otro' })
      .set('Idempotency-Key', 'retry-key-0001')
      .expect(409);
    expect(other.body.error.code).to.equal('conflict');
    await officer.post('/api/v1/alerts', body).set('Idempotency-Key', 'bad key!').expect(400);
  });

  it('edits with version; a stale version is refused with 409 version_conflict; only the origin agency edits', async () => {
    const created = (await officer.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201)).body;
    const edited = await colleague
      .patch(`/api/v1/alerts/${created.id}`, { version: 0, priority: 'high', phones: ['0981 222 333'] })
      .expect(200);
    expect(edited.body).to.include({ version: 1, priority: 'high' });
    expect(edited.body.phonesNormalized).to.deep.equal(['+595981222333']);
    const stale = await officer.patch(`/api/v1/alerts/${created.id}`, { version: 0, priority: 'routine' }).expect(409);
    expect(stale.body.error.code).to.equal('version_conflict');
    const race = await Promise.all([
      officer.patch(`/api/v1/alerts/${created.id}`, { version: 1, title: 'A' }),
      colleague.patch(`/api/v1/alerts/${created.id}`, { version: 1, title: 'B' }),
    ]);
    expect(race.map((r) => r.status).sort()).to.deep.equal([200, 409]);
    const foreignEdit = await foreign.patch(`/api/v1/alerts/${created.id}`, { version: 2, title: 'X' }).expect(403);
    expect(foreignEdit.body.error.code).to.equal('forbidden');
  });

  it('changes status with a reason and keeps the history', async () => {
    const created = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body;
    await foreign.post(`/api/v1/alerts/${created.id}/status`, { status: 'resolved', reason: 'x' }).expect(403);
    await officer.post(`/api/v1/alerts/${created.id}/status`, { status: 'resolved' }).expect(400);
    const resolved = await officer
      .post(`/api/v1/alerts/${created.id}/status`, { status: 'resolved', reason: 'Localizada con vida en Clorinda' })
      .expect(200);
    expect(resolved.body.status).to.equal('resolved');
    await officer.post(`/api/v1/alerts/${created.id}/status`, { status: 'cancelled', reason: 'x' }).expect(400);
    const reopened = await officer
      .post(`/api/v1/alerts/${created.id}/status`, { status: 'active', reason: 'Nueva información' })
      .expect(200);
    const statuses = reopened.body.history.map((h: { toStatus?: string; reason?: string }) => [h.toStatus, h.reason ?? null]);
    expect(statuses).to.deep.equal([
      ['active', null],
      ['resolved', 'Localizada con vida en Clorinda'],
      ['active', 'Nueva información'],
    ]);
  });

  it('updates: notes and hits from any agency that sees the alert; hits acknowledged by the origin; overdue listed', async () => {
    const created = (await officer.post('/api/v1/alerts', alertBody({ replyWithinHours: 1 })).expect(201)).body;
    const note = await foreign
      .post(`/api/v1/alerts/${created.id}/updates`, { kind: 'note', text: 'Consultamos al puesto de José Falcón' })
      .expect(201);
    expect(note.body).to.include({ kind: 'note', country: 'PY' });
    await foreign.post(`/api/v1/alerts/${created.id}/updates`, { kind: 'hit', text: 'sin tipo' }).expect(400);
    await foreign.post(`/api/v1/alerts/${created.id}/updates`, { kind: 'note', hitType: 'located', text: 'x' }).expect(400);
    const hit = await foreign
      .post(`/api/v1/alerts/${created.id}/updates`, {
        kind: 'hit',
        hitType: 'sighting',
        text: 'Vista en la terminal de Falcón',
        location: { borderCrossing: 'Puente San Ignacio de Loyola', country: 'PY' },
      })
      .expect(201);
    expect(hit.body.dueAt).to.be.a('string');
    expect(hit.body.acknowledgedAt).to.equal(null);
    const list = await officer.get(`/api/v1/alerts/${created.id}/updates`).expect(200);
    expect(list.body.items.map((u: { kind: string }) => u.kind)).to.deep.equal(['note', 'hit']);

    // Make the hit overdue (its deadline a minute back) as a change another process made: logged,
    // then stored with its position, so the alert copy the list is served from takes it.
    const seq = await logAlertChange(server.instance, created.id, 'changed');
    await mongoose.connection
      .collection('alerts')
      .updateOne(
        { _id: new mongoose.Types.ObjectId(created.id) },
        { $set: { 'updates.1.dueAt': new Date(Date.now() - 60_000), changeSeq: seq } },
      );
    const overdue = await officer.get('/api/v1/alerts/overdue-hits').expect(200);
    expect(overdue.body.items.map((i: { update: { id: string } }) => i.update.id)).to.include(hit.body.id);
    const theirs = await foreign.get('/api/v1/alerts/overdue-hits').expect(200);
    expect(theirs.body.items).to.deep.equal([]);

    await foreign.post(`/api/v1/alerts/${created.id}/updates/${hit.body.id}/ack`).expect(403);
    const acked = await officer.post(`/api/v1/alerts/${created.id}/updates/${hit.body.id}/ack`).expect(200);
    expect(acked.body.acknowledgedAt).to.be.a('string');
    const after = await officer.get('/api/v1/alerts/overdue-hits').expect(200);
    expect(after.body.items.map((i: { update: { id: string } }) => i.update.id)).to.not.include(hit.body.id);
  });

  it('GET /:id is recorded as alert.view; the origin agency sees who viewed', async () => {
    const created = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body;
    await foreign.get(`/api/v1/alerts/${created.id}`).expect(200);
    await colleague.get(`/api/v1/alerts/${created.id}`).expect(200);
    const views = await officer.get(`/api/v1/alerts/${created.id}/views`).expect(200);
    expect(views.body.items).to.have.length(2);
    expect(views.body.items[0]).to.include({ action: 'view', agencyId: String(home._id) });
    expect(views.body.items[1]).to.include({ action: 'view', country: 'PY' });
    expect(views.body.items[0].auditSeq).to.be.a('number');
    await foreign.get(`/api/v1/alerts/${created.id}/views`).expect(403);
  });

  it('lists newest first with filters and cursor pagination', async () => {
    for (const kind of ['suspect', 'vehicle', 'suspect'])
      await officer.post('/api/v1/alerts', alertBody({ kind, priority: 'routine' })).expect(201);
    const page1 = await officer.get('/api/v1/alerts?kind=suspect&limit=1').expect(200);
    expect(page1.body.items).to.have.length(1);
    expect(page1.body.items[0]).to.include({ kind: 'suspect' });
    expect(page1.body.items[0]).to.not.have.any.keys('subjects', 'phones', 'vehicles');
    const page2 = await officer.get(`/api/v1/alerts?kind=suspect&limit=1&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items[0].id).to.not.equal(page1.body.items[0].id);
    expect(Date.parse(page2.body.items[0].createdAt)).to.be.at.most(Date.parse(page1.body.items[0].createdAt));
    const all = await officer.get('/api/v1/alerts?limit=100').expect(200);
    const times = all.body.items.map((i: { createdAt: string }) => Date.parse(i.createdAt));
    expect(times).to.deep.equal([...times].sort((x, y) => y - x));
    await officer.get('/api/v1/alerts?limit=101').expect(400);
    await officer.get('/api/v1/alerts?status=open').expect(400);
  });
});
