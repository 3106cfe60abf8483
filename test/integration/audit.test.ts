import { expect } from 'chai';
import mongoose from 'mongoose';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import { auditAppendsSettled, recordAudit, verifyAuditChain } from '../../server/platform/auditTrail/auditTrail.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { runCli } from '../helpers/cli.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

const events = () => mongoose.connection.collection('auditevents');

describe('audit trail: hash chain', function () {
  this.timeout(60_000);
  beforeEach(async () => {
    await auditAppendsSettled(storeInstance()); // a head advance in flight would land in the emptied store
    await resetDatabase();
  });

  it('50 concurrent appends get contiguous sequence numbers and the chain verifies', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => recordAudit(storeInstance(), { actor: null, action: 'test.concurrent', details: { i } })),
    );
    expect(results.map((r) => r.seq).sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await verifyAuditChain(storeInstance())).to.deep.equal({ ok: true, checked: 50 });
  });

  async function tenEvents() {
    for (let i = 0; i < 10; i++) await recordAudit(storeInstance(), { actor: null, action: 'test.event', details: { i } });
  }

  it('detects an edited event', async () => {
    await tenEvents();
    await events().updateOne({ _id: 4 as never }, { $set: { outcome: 'failure' } });
    const res = await verifyAuditChain(storeInstance());
    expect(res).to.include({ ok: false, brokenAt: 4 });
  });

  it('detects a removed event', async () => {
    await tenEvents();
    await events().deleteOne({ _id: 6 as never });
    expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 6 });
  });

  it('detects reordered events (contents swapped between two sequence numbers)', async () => {
    await tenEvents();
    const a = await events().findOne({ _id: 3 as never });
    const b = await events().findOne({ _id: 5 as never });
    const { _id: _a, ...restA } = a!;
    const { _id: _b, ...restB } = b!;
    await events().replaceOne({ _id: 3 as never }, restB);
    await events().replaceOne({ _id: 5 as never }, restA);
    expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 3 });
  });

  it('detects a removed last event', async () => {
    await tenEvents();
    await events().deleteOne({ _id: 10 as never });
    expect(await verifyAuditChain(storeInstance())).to.include({ ok: false, brokenAt: 10 });
  });

  it('stores values escaped against log injection', async () => {
    const e = await recordAudit(storeInstance(), { actor: null, action: 'search.query', details: { q: 'x\r\n2026-11-28 INFO fake line' } });
    expect(e.details.q).to.equal('x\\r\\n2026-11-28 INFO fake line');
  });

  it('`puente audit-verify` exits 0 on a good chain and 1 after tampering', async () => {
    await tenEvents();
    const good = await runCli(['audit-verify']);
    expect(good.code, good.out).to.equal(0);
    expect(good.out).to.match(/ok: 10 events checked/);
    await events().updateOne({ _id: 2 as never }, { $set: { action: 'test.other' } });
    const bad = await runCli(['audit-verify']);
    expect(bad.code).to.equal(1);
    expect(bad.out).to.match(/BROKEN at seq 2/);
  });
});

describe('audit API (/api/v1/audit): role × agency × country', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let home: AgencyDoc;
  let other: AgencyDoc;
  let py: AgencyDoc;
  const c: Record<string, ApiClient> = {};
  const u: Record<string, BuiltUser> = {};

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    home = await buildAgency({ country: 'AR' });
    other = await buildAgency({ country: 'AR' });
    py = await buildAgency({ country: 'PY' });
    for (const [key, agency, roles] of [
      ['officer', home, ['officer']],
      ['prosecutor', await buildAgency({ country: 'AR', kind: 'prosecutor' }), ['prosecutor']],
      ['admin', home, ['agency_admin']],
      ['sys', home, ['system_admin']],
      ['otherAdmin', other, ['agency_admin']],
      ['pyAdmin', py, ['agency_admin']],
    ] as const) {
      u[key] = await buildUser({ agency, roles: [...roles], mfa: true });
      c[key] = await signIn(server.url, u[key]);
    }
  });
  after(() => server.stop());

  it('401 without a session, 403 for officers and prosecutors', async () => {
    await new ApiClient(server.url).get('/api/v1/audit').expect(401);
    await c.officer!.get('/api/v1/audit').expect(403);
    await c.prosecutor!.get('/api/v1/audit').expect(403);
    await c.officer!.get('/api/v1/audit/verify').expect(403);
  });

  it('agency admins see only events of their agency’s users; system admins see all', async () => {
    const mine = await c.admin!.get('/api/v1/audit?limit=100').expect(200);
    expect(mine.body.items.length).to.be.greaterThan(0);
    expect(mine.body.items.every((e: { actorAgencyId: string }) => e.actorAgencyId === String(home._id))).to.equal(true);
    const theirs = await c.otherAdmin!.get('/api/v1/audit?limit=100').expect(200);
    expect(theirs.body.items.every((e: { actorAgencyId: string }) => e.actorAgencyId === String(other._id))).to.equal(true);
    const pyEvents = await c.pyAdmin!.get('/api/v1/audit?limit=100').expect(200);
    expect(pyEvents.body.items.some((e: { actorAgencyId: string }) => e.actorAgencyId === String(home._id))).to.equal(false);
    const all = await c.sys!.get('/api/v1/audit?limit=100').expect(200);
    const agencies = new Set(all.body.items.map((e: { actorAgencyId: string }) => e.actorAgencyId));
    expect([...agencies]).to.include.members([String(home._id), String(other._id), String(py._id)]);
  });

  it('filters by actor and action, pages with a cursor, and records each read', async () => {
    const res = await c.sys!.get(`/api/v1/audit?actorId=${u.officer!.id}&action=auth.login&limit=100`).expect(200);
    expect(res.body.items.length).to.be.at.least(1);
    expect(
      res.body.items.every((e: { actorId: string; action: string }) => e.actorId === u.officer!.id && e.action === 'auth.login'),
    ).to.equal(true);
    const e = res.body.items[0];
    expect(e).to.have.keys(
      'seq',
      'at',
      'actorId',
      'actorAgencyId',
      'action',
      'targetType',
      'targetId',
      'outcome',
      'ip',
      'requestId',
      'details',
      'prevHash',
      'hash',
      'actorName',
      'agencyName',
      'targetLabel',
    );
    expect(e.at).to.match(/\.\d{3}Z$/);
    const page1 = await c.sys!.get('/api/v1/audit?limit=3').expect(200);
    const page2 = await c.sys!.get(`/api/v1/audit?limit=3&cursor=${page1.body.nextCursor}`).expect(200);
    expect(page2.body.items[0].seq).to.be.below(page1.body.items[2].seq);
    const reads = await c.sys!.get(`/api/v1/audit?action=audit.read&actorId=${u.sys!.id}`).expect(200);
    expect(reads.body.items.length).to.be.at.least(2);
    await c.sys!.get('/api/v1/audit?action=DROP TABLE').expect(400);
  });

  it('names the actor, their agency and the record: an account disabled reads by names, in the list and the event', async () => {
    const leaver = await buildUser({ agency: home });
    await c.admin!.patch(`/api/v1/users/${leaver.id}`, { status: 'disabled' }).expect(200);
    const list = await c.admin!.get(`/api/v1/audit?action=user.disable&targetId=${leaver.id}`).expect(200);
    const [event] = list.body.items;
    expect(event).to.include({
      actorName: `${u.admin!.user.displayName} (${u.admin!.email})`,
      agencyName: `${home.shortName} — ${home.name}`,
      targetLabel: `${leaver.user.displayName} (${leaver.email})`,
    });
    const one = await c.admin!.get(`/api/v1/audit/${event.seq}`).expect(200);
    expect(one.body).to.include({ actorName: event.actorName, agencyName: event.agencyName, targetLabel: event.targetLabel });
    // An anonymous event (a failed sign-in by an unknown e-mail) has nothing to name.
    await new ApiClient(server.url).fetchCsrf();
    const system = await c.sys!.get('/api/v1/audit?actorId=system&limit=1').expect(200);
    for (const e of system.body.items) expect(e).to.include({ actorName: null });
  });

  it('records authorisation failures', async () => {
    await c.officer!.get('/api/v1/users').expect(403);
    const denied = await c.sys!.get(`/api/v1/audit?action=authz.denied&actorId=${u.officer!.id}`).expect(200);
    expect(denied.body.items[0]).to.include({ outcome: 'failure', action: 'authz.denied' });
    expect(denied.body.items[0].details.attempted).to.equal('user.list');
  });

  it('GET /verify is for system admins and reports the chain state', async () => {
    await c.admin!.get('/api/v1/audit/verify').expect(403);
    const ok = await c.sys!.get('/api/v1/audit/verify').expect(200);
    expect(ok.body.ok).to.equal(true);
    expect(ok.body.checked).to.be.greaterThan(5);
    await events().updateOne({ _id: 3 as never }, { $set: { ip: '10.6.6.6' } });
    const broken = await c.sys!.get('/api/v1/audit/verify').expect(200);
    expect(broken.body).to.include({ ok: false, brokenAt: 3 });
  });
});
