/**
 * The binational commission's statistics (issue 29) through HTTP and a real socket, on the real
 * store: who reads them (the statistics role and system admins; no other role), what the tables
 * publish (counts of 0 or ≥ 11, complements, medians over groups of 11 or more), the CSV and its
 * audit, the zod-checked query, and the statistics role's confinement: every other route the
 * server registers (read from the server itself) is refused to it, audited; its socket is refused
 * before it joins any room; it signs in without the feed; its role is held alone and granted only
 * by a system admin.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { StatisticsDto } from '../../shared/dto/statistics.js';
import type { PuenteServer } from '../../server/server.js';
import { ApiClient, freshTotp, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { routesOf } from '../helpers/routeCatalogue.js';
import { startTestServer } from '../helpers/server.js';
import { openSocket } from '../helpers/sockets.js';
import { seedStatisticsAlerts } from '../helpers/statisticsFixtures.js';
import { resetDatabase } from '../helpers/testStore.js';
import { AuditEvent } from '../helpers/models.js';

/** The past year the suite fills directly, so alerts other tests post today count elsewhere. */
const YEAR = 2025;

describe('statistics for the binational commission (issue 29)', function () {
  this.timeout(180_000);
  let server: PuenteServer;
  let stats: ApiClient;
  let statsUser: BuiltUser;
  let sysadmin: ApiClient;
  let officer: ApiClient;
  let prosecutor: ApiClient;
  let agencyAdmin: ApiClient;
  let coordination: Awaited<ReturnType<typeof buildAgency>>;
  let police: Awaited<ReturnType<typeof buildAgency>>;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    coordination = await buildAgency({ country: 'AR', kind: 'other', name: 'Coordinación Nacional' });
    police = await buildAgency({ country: 'AR', kind: 'police' });
    const fiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' });
    statsUser = await buildUser({ agency: coordination, roles: ['statistics'], mfa: true });
    stats = await signIn(server.url, statsUser);
    sysadmin = await signIn(server.url, await buildUser({ agency: coordination, roles: ['system_admin'], mfa: true }));
    officer = await signIn(server.url, await buildUser({ agency: police, mfa: true }));
    prosecutor = await signIn(server.url, await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true }));
    agencyAdmin = await signIn(server.url, await buildUser({ agency: police, roles: ['agency_admin'], mfa: true }));

    await seedStatisticsAlerts(YEAR, String(police._id));
  });
  after(() => server?.stop());

  const get = (c: ApiClient, q = `?year=${YEAR}`) => c.get(`/api/v1/statistics${q}`);

  it('the statistics role and system admins read the tables; officers, prosecutors and agency admins are refused (audited)', async () => {
    const s = (await get(stats).expect(200)).body as StatisticsDto;
    expect(s.year).to.equal(YEAR);
    expect(s.k).to.equal(11);
    await get(sysadmin).expect(200);
    for (const c of [officer, prosecutor, agencyAdmin]) {
      const res = await get(c).expect(403);
      expect(res.body.error.code).to.equal('forbidden');
    }
    expect(await AuditEvent.countDocuments({ action: 'authz.denied', 'details.attempted': 'statistics.view' })).to.equal(3);
    await new ApiClient(server.url).get(`/api/v1/statistics?year=${YEAR}`).expect(401);
  });

  it('publishes 0 or ≥ 11 only, hides the small kind with a complement, and every table adds up to the year', async () => {
    const s = (await get(stats).expect(200)).body as StatisticsDto;
    const kinds = Object.fromEntries(s.tables.byKind.rows.map((r) => [r.key, r.count]));
    // vehicle 3 is hidden, and suspect 12 (the smallest published) with it: 40 − 25 = 15 ≥ 11.
    expect(kinds).to.deep.equal({
      missing_person: 0,
      possible_victim: 25,
      suspect: null,
      vehicle: null,
      location: 0,
      modus_operandi: 0,
      other: 0,
    });
    for (const t of [s.tables.byKind, s.tables.byMonth, s.tables.byOutcome, s.tables.byCrossing, s.tables.byNationality]) {
      expect(t.total, t.id).to.equal(40);
      for (const r of t.rows) expect(r.count === null || r.count === 0 || r.count >= 11, `${t.id} ${r.key} ${r.count}`).to.equal(true);
      const rest = 40 - t.rows.reduce((n, r) => n + (r.count ?? 0), 0) - (t.merged ?? 0);
      expect(rest === 0 || rest >= 11, `${t.id}: total − published = ${rest}`).to.equal(true);
    }
    expect(s.tables.byMonth.rows.find((r) => r.key === `${YEAR}-03`)?.count).to.equal(40);
    // Spellings that fold alike are one row, named by the most frequent one.
    const crossing = s.tables.byCrossing.rows.find((r) => r.label === 'Puente San Ignacio de Loyola');
    expect(crossing?.count).to.equal(25);
    // Country of origin: PY 25; BO 3 and "unknown" 12 hidden together.
    const origin = Object.fromEntries(s.tables.byNationality.rows.map((r) => [r.key, r.count]));
    expect(origin).to.deep.equal({ PY: 25, unknown: null, BO: null });
    // Places: AR 28 (Formosa 25, Chaco 3 → both hidden within AR), PY 12.
    const ar = s.tables.byPlace.groups.find((g) => g.key === 'AR')!;
    expect(ar.count).to.equal(28);
    expect(ar.rows!.map((r) => r.count)).to.deep.equal([null, null]);
    expect(s.tables.byPlace.groups.find((g) => g.key === 'PY')!.count).to.equal(12);
  });

  it('medians only over groups of 11 or more, and none over a hidden count', async () => {
    const s = (await get(stats).expect(200)).body as StatisticsDto;
    const hit = s.tables.firstHit;
    expect(hit.total).to.equal(13);
    expect(hit.rows.find((r) => r.key === 'AR')).to.include({ count: 13 });
    expect(hit.rows.find((r) => r.key === 'AR')!.medianHours).to.equal(5);
    expect(hit.medianHours).to.equal(5);
    const res = s.tables.resolution;
    expect(res.total).to.equal(12);
    expect(res.medianHours).to.equal(48);
    expect(s.tables.byOutcome.rows.find((r) => r.key === 'resolved')?.count).to.equal(12);
    // A year with nothing: all zeros, no median.
    const empty = (await get(stats, '?year=2024').expect(200)).body as StatisticsDto;
    expect(empty.tables.byKind.total).to.equal(0);
    expect(empty.tables.firstHit.medianHours).to.equal(null);
  });

  it('the CSV has the same figures, "<11" for hidden ones, and each download is audited', async () => {
    const before = await AuditEvent.countDocuments({ action: 'statistics.export' });
    for (const path of [`/api/v1/statistics.csv?year=${YEAR}`, `/api/v1/statistics?year=${YEAR}&format=csv`]) {
      const res = await stats.get(path).buffer(true).expect(200);
      expect(res.headers['content-type']).to.match(/^text\/csv/);
      expect(res.headers['content-disposition']).to.equal(`attachment; filename="puente-estadisticas-${YEAR}.csv"`);
      const text = String(res.text);
      expect(text.charCodeAt(0)).to.equal(0xfeff);
      expect(text).to.include('"tabla","grupo","clave","fila","recuento","mediana_horas"');
      expect(text).to.include('"Alertas por tipo","","possible_victim","Posible víctima","25",""');
      expect(text).to.include('"Alertas por tipo","","vehicle","Vehículo","<11",""');
      // No count column (the fifth) between 1 and 10.
      const countsColumn = text
        .split('\r\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => line.split('","')[4]);
      expect(countsColumn.filter((c) => /^(?:[1-9]|10)$/.test(c ?? ''))).to.deep.equal([]);
    }
    expect(await AuditEvent.countDocuments({ action: 'statistics.export' })).to.equal(before + 2);
    const last = await AuditEvent.findOne({ action: 'statistics.export' }).sort({ _id: -1 }).lean();
    expect(last?.details).to.deep.include({ format: 'csv', year: YEAR });
    await officer.get(`/api/v1/statistics.csv?year=${YEAR}`).expect(403);
  });

  it('checks the query: a year of four digits within range, json or csv, nothing else', async () => {
    for (const q of ['?year=25', '?year=abcd', '?year=1999', '?year=2025&x=1', '?format=pdf', '?year=2025&year=2026'])
      await get(stats, q).expect(400);
    await stats.get('/api/v1/statistics.csv?format=csv').expect(400);
    await get(stats, '').expect(200);
  });

  it('confines the statistics role: every other route of the server is refused to it, audited', async () => {
    const routes = routesOf(server).filter(
      (r) => r.path.startsWith('/api/v1/') && !r.path.startsWith('/api/v1/auth') && !r.path.startsWith('/api/v1/statistics'),
    );
    expect(routes.length).to.be.greaterThan(40);
    const id = new mongoose.Types.ObjectId().toHexString();
    const deniedBefore = await AuditEvent.countDocuments({ action: 'authz.denied', 'details.reason': 'statistics_only' });
    const answers: string[] = [];
    for (const r of routes) {
      const path = r.path.replace(/:[A-Za-z]+/g, id);
      const method = r.method.toLowerCase() as 'get' | 'post' | 'patch' | 'put' | 'delete';
      const req =
        method === 'get'
          ? stats.get(path)
          : method === 'post'
            ? stats.post(path, {})
            : method === 'patch'
              ? stats.patch(path, {})
              : method === 'delete'
                ? stats.delete(path)
                : stats.agent.put(path).set('X-CSRF-Token', stats.csrfToken!).send({});
      const res = await req;
      if (res.status !== 403 || res.body?.error?.code !== 'forbidden') answers.push(`${r.method} ${r.path} → ${res.status}`);
    }
    expect(answers).to.deep.equal([]);
    expect(await AuditEvent.countDocuments({ action: 'authz.denied', 'details.reason': 'statistics_only' })).to.equal(
      deniedBefore + routes.length,
    );
    // Its account basics stay open.
    await stats.get('/api/v1/auth/me').expect(200);
    await stats.patch('/api/v1/auth/me', { language: 'en' }).expect(200);
    await stats.patch('/api/v1/auth/me', { language: 'es' }).expect(200);
  });

  it('the same routes answer other roles as before (the gate only confines the statistics role)', async () => {
    await officer.get('/api/v1/alerts').expect(200);
    await sysadmin.get('/api/v1/agencies').expect(200);
    await sysadmin.get('/api/v1/users').expect(200);
  });

  it('signs in without the feed, and gets no socket: refused before any room is joined', async () => {
    const fresh = new ApiClient(server.url);
    await fresh.fetchCsrf();
    const login = await fresh.post('/api/v1/auth/login?include=feed', { email: statsUser.email, password: statsUser.password }).expect(200);
    expect(login.body.mfaRequired).to.equal(true);
    fresh.csrfToken = login.body.csrfToken as string;
    const mfa = await fresh.post('/api/v1/auth/mfa?include=feed', { code: await freshTotp(statsUser.totpSecret!) }).expect(200);
    expect(mfa.body.user.roles).to.deep.equal(['statistics']);
    expect(mfa.body).not.to.have.property('feed');
    let refused: Error | null = null;
    try {
      const socket = await openSocket(server.url, { cookie: stats.cookieHeader() });
      socket.close();
    } catch (err) {
      refused = err as Error;
    }
    expect(refused?.message).to.equal('forbidden');
    const rooms = [...server.io.sockets.adapter.rooms.keys()];
    expect(rooms.filter((r) => r === `user:${statsUser.id}`)).to.deep.equal([]);
    // An officer's socket still connects.
    const ok = await openSocket(server.url, { cookie: officer.cookieHeader() });
    ok.close();
  });

  it('the role is held alone and granted by system admins only', async () => {
    const target = await buildUser({ agency: police, mfa: true });
    const alone = await sysadmin.patch(`/api/v1/users/${target.id}`, { roles: ['statistics', 'officer'] }).expect(400);
    expect(JSON.stringify(alone.body.error.details)).to.match(/held alone/);
    await agencyAdmin.patch(`/api/v1/users/${target.id}`, { roles: ['statistics'] }).expect(403);
    const granted = await sysadmin.patch(`/api/v1/users/${target.id}`, { roles: ['statistics'] }).expect(200);
    expect(granted.body.roles).to.deep.equal(['statistics']);
    // Its account is the agency admin's to read, not to change.
    await agencyAdmin.patch(`/api/v1/users/${target.id}`, { displayName: 'Otro nombre' }).expect(403);
  });
});
