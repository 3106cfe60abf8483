/** The API additions for the administration screens (docs/api-extensions.md): filters, sign out everywhere, own preferences, audit filters, review. */
import { expect } from 'chai';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import { DAY_MS } from '../../shared/time.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { AuditEvent, User } from '../helpers/models.js';

interface Listed {
  id: string;
  agencyId: string;
  locked: boolean;
  lockedUntil: string | null;
  inactiveDisableAt: string | null;
}
const ids = (body: { items: Array<{ id: string }> }) => body.items.map((u) => u.id);

describe('API additions for the administration screens', function () {
  this.timeout(120_000);
  let server: PuenteServer;
  let arA: AgencyDoc;
  let arB: AgencyDoc;
  let py: AgencyDoc;
  let sysAdmin: ApiClient;
  let arAdmin: ApiClient;
  let arAdminUser: BuiltUser;
  let pyAdmin: ApiClient;
  let officer: BuiltUser;
  let officerClient: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    // A prosecution agency, so one of its accounts may hold the prosecutor role (roles.policy.ts).
    arA = await buildAgency({ country: 'AR', kind: 'prosecutor' });
    arB = await buildAgency({ country: 'AR' });
    py = await buildAgency({ country: 'PY' });
    sysAdmin = await signIn(server.url, await buildUser({ agency: arA, roles: ['system_admin'], mfa: true }));
    arAdminUser = await buildUser({ agency: arA, roles: ['agency_admin'], mfa: true });
    arAdmin = await signIn(server.url, arAdminUser);
    pyAdmin = await signIn(server.url, await buildUser({ agency: py, roles: ['agency_admin'], mfa: true }));
    officer = await buildUser({ agency: arA, roles: ['officer'], mfa: true });
    officerClient = await signIn(server.url, officer);
  });
  after(() => server.stop());

  describe('GET /users filters', () => {
    let locked: BuiltUser;
    let noMfaProsecutor: BuiltUser;
    let invited: BuiltUser;
    let stale: BuiltUser;
    let pyOfficer: BuiltUser;

    before(async () => {
      locked = await buildUser({ agency: arA, mfa: true });
      noMfaProsecutor = await buildUser({ agency: arA, roles: ['prosecutor'] });
      invited = await buildUser({ agency: arA, status: 'invited' });
      stale = await buildUser({ agency: arA, mfa: true });
      pyOfficer = await buildUser({ agency: py, mfa: true });
      // Signed in 85 days ago: the 90-day inactivity rule disables it within 5 days.
      await User.updateOne({ _id: stale.id }, { $set: { lastLoginAt: new Date(Date.now() - 85 * DAY_MS) } });
      const anon = new ApiClient(server.url);
      await anon.fetchCsrf();
      for (let i = 0; i < 5; i++) await anon.post('/api/v1/auth/login', { email: locked.email, password: 'wrong-password-123' });
      await anon.post('/api/v1/auth/login', { email: locked.email, password: locked.password }).expect(423);
    });

    it('locked=true lists the locked account with its lock end; unlock lifts it', async () => {
      const res = await arAdmin.get('/api/v1/users?locked=true').expect(200);
      expect(ids(res.body)).to.deep.equal([locked.id]);
      const item = res.body.items[0] as Listed;
      expect(item.locked).to.equal(true);
      expect(Date.parse(item.lockedUntil ?? '')).to.be.greaterThan(Date.now());
      await arAdmin.post(`/api/v1/users/${locked.id}/unlock`).expect(204);
      expect(ids((await arAdmin.get('/api/v1/users?locked=true').expect(200)).body)).to.deep.equal([]);
      await signIn(server.url, locked);
    });

    it('role, status, mfa, never signed in and inactive soon', async () => {
      expect(ids((await arAdmin.get('/api/v1/users?role=prosecutor').expect(200)).body)).to.deep.equal([noMfaProsecutor.id]);
      expect(ids((await arAdmin.get('/api/v1/users?status=invited').expect(200)).body)).to.deep.equal([invited.id]);
      const noMfa = ids((await arAdmin.get('/api/v1/users?mfa=false').expect(200)).body);
      expect(noMfa).to.have.members([noMfaProsecutor.id, invited.id]);
      const soon = (await arAdmin.get('/api/v1/users?inactiveWithinDays=7').expect(200)).body.items as Listed[];
      expect(soon.map((u) => u.id)).to.deep.equal([stale.id]);
      expect(Date.parse(soon[0]!.inactiveDisableAt ?? '')).to.be.closeTo(Date.now() + 5 * DAY_MS, 60_000);
      const never = ids((await arAdmin.get('/api/v1/users?neverSignedIn=true&role=prosecutor').expect(200)).body);
      expect(never).to.deep.equal([noMfaProsecutor.id]);
      const recent = ids(
        (await arAdmin.get(`/api/v1/users?lastLoginFrom=${new Date(Date.now() - DAY_MS).toISOString()}`).expect(200)).body,
      );
      expect(recent).to.include(officer.id).and.not.include(stale.id);
    });

    it('pages through a filtered list without repeats', async () => {
      const first = await arAdmin.get('/api/v1/users?mfa=true&limit=2').expect(200);
      expect(first.body.items).to.have.length(2);
      const second = await arAdmin.get(`/api/v1/users?mfa=true&limit=2&cursor=${first.body.nextCursor as string}`).expect(200);
      const all = [...ids(first.body), ...ids(second.body)];
      expect(new Set(all).size).to.equal(all.length);
    });

    it('agency admins: other agency or other country refused, PY accounts never listed', async () => {
      await arAdmin.get(`/api/v1/users?agencyId=${arB._id}&locked=false`).expect(403);
      await arAdmin.get(`/api/v1/users?agencyId=${py._id}`).expect(403);
      const all = (await arAdmin.get('/api/v1/users?limit=100').expect(200)).body.items as Listed[];
      expect(all.every((u) => u.agencyId === String(arA._id))).to.equal(true);
      await arAdmin.post(`/api/v1/users/${pyOfficer.id}/unlock`).expect(404);
      await arAdmin.patch(`/api/v1/users/${pyOfficer.id}`, { status: 'disabled' }).expect(404);
      expect(ids((await pyAdmin.get('/api/v1/users?limit=100').expect(200)).body)).to.not.include(officer.id);
      await officerClient.get('/api/v1/users?locked=true').expect(403);
      expect(ids((await sysAdmin.get(`/api/v1/users?agencyId=${py._id}`).expect(200)).body)).to.include(pyOfficer.id);
    });

    it('bad filter values are 400', async () => {
      await arAdmin.get('/api/v1/users?locked=maybe').expect(400);
      await arAdmin.get('/api/v1/users?role=king').expect(400);
    });
  });

  describe('PATCH /auth/me', () => {
    it('sets the own language and time zone; unknown zones and missing CSRF refused', async () => {
      const res = await officerClient.patch('/api/v1/auth/me', { language: 'en', timeZone: 'America/Asuncion' }).expect(200);
      expect(res.body.user).to.include({ language: 'en', timeZone: 'America/Asuncion', id: officer.id });
      expect((await officerClient.get('/api/v1/auth/me').expect(200)).body.user.timeZone).to.equal('America/Asuncion');
      await officerClient.patch('/api/v1/auth/me', { timeZone: 'Mars/Olympus' }).expect(400);
      await officerClient.patch('/api/v1/auth/me', { roles: ['system_admin'] }).expect(400);
      const noCsrf = officerClient.agent.patch('/api/v1/auth/me').send({ language: 'es' });
      await noCsrf.expect(403);
      await new ApiClient(server.url).patch('/api/v1/auth/me', { language: 'es' }).expect(403);
    });
  });

  describe('POST /auth/logout-all', () => {
    it('ends every session and socket of the user, and only theirs', async () => {
      const user = await buildUser({ agency: arA, mfa: true });
      const first = await signIn(server.url, user);
      const second = await signIn(server.url, user);
      const socket = await openSocket(server.url, { cookie: first.cookieHeader() });
      const revoked = nextEvent(socket, 'session:revoked', 2000);
      await second.agent.post('/api/v1/auth/logout-all').expect(403); // no CSRF token
      await first.get('/api/v1/auth/me').expect(200);
      await second.post('/api/v1/auth/logout-all').expect(204);
      expect(await revoked).to.deep.equal({ reason: 'logout' });
      await first.get('/api/v1/auth/me').expect(401);
      await second.get('/api/v1/auth/me').expect(401);
      await officerClient.get('/api/v1/auth/me').expect(200);
      const audit = await AuditEvent.findOne({ action: 'auth.logout_all', actorId: user.id }).lean();
      expect(audit).to.not.equal(null);
      await signIn(server.url, user); // signing in again works
    });

    it('401 without a session', async () => {
      const anon = new ApiClient(server.url);
      await anon.fetchCsrf();
      await anon.post('/api/v1/auth/logout-all').expect(401);
    });
  });

  describe('GET /audit filters and GET /audit/:seq', () => {
    it('filters by outcome, resource and agency; agency admins only their own', async () => {
      await officerClient.get('/api/v1/users').expect(403); // an authz.denied failure by an arA user
      const failures = await arAdmin.get(`/api/v1/audit?outcome=failure&action=authz.denied&actorId=${officer.id}`).expect(200);
      expect(failures.body.items.length).to.be.greaterThan(0);
      expect(failures.body.items.every((e: { outcome: string }) => e.outcome === 'failure')).to.equal(true);
      const resource = await sysAdmin.get(`/api/v1/audit?targetType=user&targetId=${officer.id}`).expect(200);
      expect(resource.body.items.length).to.be.greaterThan(0);
      expect(resource.body.items.every((e: { targetId: string }) => e.targetId === officer.id)).to.equal(true);
      const pyEvents = await sysAdmin.get(`/api/v1/audit?agencyId=${py._id}`).expect(200);
      expect(pyEvents.body.items.length).to.be.greaterThan(0);
      expect(pyEvents.body.items.every((e: { actorAgencyId: string }) => e.actorAgencyId === String(py._id))).to.equal(true);
      await arAdmin.get(`/api/v1/audit?agencyId=${py._id}`).expect(403);
      await arAdmin.get(`/api/v1/audit?agencyId=${arB._id}`).expect(403);
      expect((await arAdmin.get(`/api/v1/audit?agencyId=${arA._id}`).expect(200)).body.items.length).to.be.greaterThan(0);
      await officerClient.get('/api/v1/audit?outcome=failure').expect(403);
      await arAdmin.get('/api/v1/audit?outcome=maybe').expect(400);
    });

    it('one event: in scope 200, outside scope 404, officers 403', async () => {
      const pyEvent = await AuditEvent.findOne({ actorAgencyId: String(py._id) }).lean();
      const arEvent = await AuditEvent.findOne({ actorAgencyId: String(arA._id) }).lean();
      expect((await arAdmin.get(`/api/v1/audit/${arEvent!._id}`).expect(200)).body).to.include({ seq: arEvent!._id });
      await arAdmin.get(`/api/v1/audit/${pyEvent!._id}`).expect(404);
      expect((await sysAdmin.get(`/api/v1/audit/${pyEvent!._id}`).expect(200)).body.seq).to.equal(pyEvent!._id);
      await sysAdmin.get('/api/v1/audit/99999999').expect(404);
      await officerClient.get(`/api/v1/audit/${arEvent!._id}`).expect(403);
    });
  });

  describe('review list and one-click review', () => {
    it('lists the agency alerts near review; origin agency reviews; others cannot', async () => {
      const created = await officerClient.post('/api/v1/alerts', alertBody({ distribution: { scope: 'bilateral' } })).expect(201);
      const id = created.body.id as string;
      const soon = new Date(Date.now() + 2 * DAY_MS).toISOString();
      await officerClient.patch(`/api/v1/alerts/${id}`, { version: created.body.version, reviewAt: soon }).expect(200);
      const due = await officerClient.get('/api/v1/alerts/review-due').expect(200);
      expect(due.body.items.map((a: { id: string }) => a.id)).to.include(id);
      expect((await pyAdmin.get('/api/v1/alerts/review-due').expect(200)).body.items.map((a: { id: string }) => a.id)).to.not.include(id);
      const otherAgencyOfficer = await signIn(server.url, await buildUser({ agency: arB, mfa: true }));
      await otherAgencyOfficer.post(`/api/v1/alerts/${id}/review`).expect(403);
      await officerClient.agent.post(`/api/v1/alerts/${id}/review`).expect(403); // no CSRF token
      const reviewed = await officerClient.post(`/api/v1/alerts/${id}/review`).expect(200);
      expect(Date.parse(reviewed.body.reviewAt as string)).to.be.greaterThan(Date.now() + 30 * DAY_MS);
      expect((await officerClient.get('/api/v1/alerts/review-due').expect(200)).body.items.map((a: { id: string }) => a.id)).to.not.include(
        id,
      );
      expect(await AuditEvent.exists({ action: 'alert.review', targetId: id })).to.not.equal(null);
    });
  });
});
