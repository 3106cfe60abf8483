/**
 * Issue #10 item 1: an agency admin cannot give anyone (themselves included) access to restricted
 * victim identity. Roles must fit the agency's kind, grants of restricted roles by agency admins
 * wait for a system admin, and restricted access checks the agency's kind as well as the role.
 */
import { expect } from 'chai';
import type { AlertAbilities } from '../../shared/dto/alert.js';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { alertBody, VICTIM_SECRETS } from '../helpers/alertFixtures.js';
import { ApiClient, freshTotp, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { AuditEvent, User } from '../helpers/models.js';

describe('role grants: roles fit the agency, restricted roles need a system admin (issue #10 item 1)', function () {
  this.timeout(90_000);
  let server: PuenteServer;
  let arPolice: AgencyDoc;
  let arFiscalia: AgencyDoc;
  let pyFiscalia: AgencyDoc;
  let policeAdmin: ApiClient;
  let fiscaliaAdmin: ApiClient;
  let sys: ApiClient;
  let pyAlert = '';

  /** Accepts an invitation, enrols MFA and returns a fully signed-in client. */
  async function activate(email: string, token: string, password: string): Promise<{ client: ApiClient; secret: string }> {
    const c = new ApiClient(server.url);
    await c.fetchCsrf();
    await c.post('/api/v1/auth/invitations/accept', { token, password }).expect(200);
    c.csrfToken = (await c.post('/api/v1/auth/login', { email, password }).expect(200)).body.csrfToken;
    const setup = await c.post('/api/v1/auth/mfa/setup').expect(200);
    await c.post('/api/v1/auth/mfa/enable', { code: await freshTotp(setup.body.secret), password }).expect(204);
    return { client: c, secret: setup.body.secret as string };
  }

  const restrictedVisible = async (c: ApiClient): Promise<boolean> => {
    const res = await c.get(`/api/v1/alerts/${pyAlert}`).expect(200);
    const body = JSON.stringify(res.body);
    const leaks = VICTIM_SECRETS.filter((s) => body.includes(s));
    expect(res.body.abilities.viewRestricted).to.equal(leaks.length > 0);
    return leaks.length > 0;
  };
  const searchIds = async (c: ApiClient, q: string): Promise<string[]> => {
    await drainMatchWorker(server.instance);
    const res = await c.get(`/api/v1/search?q=${encodeURIComponent(q)}`).expect(200);
    return res.body.items.map((i: { id: string }) => i.id);
  };

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    arPolice = await buildAgency({ country: 'AR', name: 'Policía de Formosa', kind: 'police' });
    arFiscalia = await buildAgency({ country: 'AR', name: 'Fiscalía de Formosa', kind: 'prosecutor' });
    pyFiscalia = await buildAgency({ country: 'PY', name: 'Fiscalía de Asunción', kind: 'prosecutor' });
    policeAdmin = await signIn(server.url, await buildUser({ agency: arPolice, roles: ['agency_admin'], mfa: true }));
    fiscaliaAdmin = await signIn(server.url, await buildUser({ agency: arFiscalia, roles: ['agency_admin'], mfa: true }));
    sys = await signIn(server.url, await buildUser({ agency: arFiscalia, roles: ['system_admin'], mfa: true }));
    const pyProsecutor = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
    pyAlert = (await pyProsecutor.post('/api/v1/alerts', alertBody()).expect(201)).body.id;
  });
  after(() => server.stop());

  it('the attack: a police agency admin cannot invite a prosecutor into their agency', async () => {
    const res = await policeAdmin
      .post('/api/v1/users', { email: 'yo.mismo@example.org', displayName: 'Yo', agencyId: String(arPolice._id), roles: ['prosecutor'] })
      .expect(400);
    expect(res.body.error.code).to.equal('validation_failed');
    expect(res.body.error.details[0].path).to.equal('roles');
    expect(await User.exists({ email: 'yo.mismo@example.org' })).to.equal(null);
  });

  it('nor turn an existing officer of a police agency into a prosecutor; nor can a system admin', async () => {
    const officer = await buildUser({ agency: arPolice, roles: ['officer'] });
    await policeAdmin.patch(`/api/v1/users/${officer.id}`, { roles: ['officer', 'prosecutor'] }).expect(400);
    await sys.patch(`/api/v1/users/${officer.id}`, { roles: ['prosecutor'] }).expect(400);
    await sys
      .post('/api/v1/users', {
        email: 'fiscal.policia@example.org',
        displayName: 'F',
        agencyId: String(arPolice._id),
        roles: ['prosecutor'],
      })
      .expect(400);
    expect((await User.findById(officer.id).lean())?.roles).to.deep.equal(['officer']);
  });

  it('a prosecutor role in a police agency (legacy data) opens nothing: HTTP, search, sockets', async () => {
    const legacy = await buildUser({ agency: arPolice, roles: ['officer'], mfa: true });
    await User.updateOne({ _id: legacy.user._id }, { $set: { roles: ['prosecutor'] } });
    const c = await signIn(server.url, legacy);
    expect(await restrictedVisible(c)).to.equal(false);
    for (const q of ['Benitez Ortiz', '4.567.890', 'Majo']) expect(await searchIds(c, q), q).to.deep.equal([]);
    const socket = await openSocket(server.url, { cookie: c.cookieHeader() });
    try {
      const pyOfficer = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
      const event = nextEvent(socket, 'alert:new');
      await pyOfficer.post('/api/v1/alerts', alertBody({ title: 'Otra' })).expect(201);
      const { alert } = (await event) as { alert: { abilities: { viewRestricted: boolean } } };
      expect(alert.abilities.viewRestricted).to.equal(false);
    } finally {
      socket.close();
    }
  });

  it('a prosecutor role in a police agency (legacy data) still acts on alerts: its socket payloads say what HTTP says', async () => {
    const legacy = await buildUser({ agency: arPolice, roles: ['officer'], mfa: true });
    await User.updateOne({ _id: legacy.user._id }, { $set: { roles: ['prosecutor'] } });
    const c = await signIn(server.url, legacy);
    const socket = await openSocket(server.url, { cookie: c.cookieHeader() });
    try {
      const poster = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
      const event = nextEvent(socket, 'alert:new');
      const id = (await poster.post('/api/v1/alerts', alertBody({ title: 'Una más' })).expect(201)).body.id as string;
      const { alert } = await event;
      expect(alert.id).to.equal(id);
      const http = (await c.get(`/api/v1/alerts/${id}`).expect(200)).body.abilities as AlertAbilities;
      expect(http).to.include({ addUpdate: true, viewRestricted: false });
      expect(alert.abilities).to.deep.equal(http);
    } finally {
      socket.close();
    }
  });

  it('a prosecution agency admin’s grant stays pending until a system admin approves it', async () => {
    const invite = await fiscaliaAdmin
      .post('/api/v1/users', {
        email: 'nueva.fiscal@example.org',
        displayName: 'Nueva',
        agencyId: String(arFiscalia._id),
        roles: ['prosecutor'],
      })
      .expect(201);
    expect(invite.body.user.roles).to.deep.equal([]);
    expect(invite.body.user.pendingRoles).to.deep.equal(['prosecutor']);
    const userId = invite.body.user.id as string;

    // She accepts and enrols MFA, but sees no restricted data yet, nor finds it by search.
    const { client, secret } = await activate('nueva.fiscal@example.org', invite.body.invitationToken, GOOD_PASSWORD);
    expect(await restrictedVisible(client)).to.equal(false);
    expect(await searchIds(client, '4.567.890')).to.not.include(pyAlert);

    // Pending is visible to both admins.
    for (const admin of [fiscaliaAdmin, sys]) {
      const pending = await admin.get('/api/v1/users/role-grants').expect(200);
      expect(pending.body.items.map((g: { userId: string }) => g.userId)).to.include(userId);
      const item = pending.body.items.find((g: { userId: string }) => g.userId === userId);
      expect(item).to.include({ agencyId: String(arFiscalia._id), email: 'nueva.fiscal@example.org' });
      expect(item.roles).to.deep.equal(['prosecutor']);
    }
    // Other agencies' admins see nothing of it; only a system admin decides.
    const police = await policeAdmin.get('/api/v1/users/role-grants').expect(200);
    expect(police.body.items.map((g: { userId: string }) => g.userId)).to.not.include(userId);
    await fiscaliaAdmin.post(`/api/v1/users/${userId}/role-grant/approve`).expect(403);
    await policeAdmin.post(`/api/v1/users/${userId}/role-grant/approve`).expect(404);

    const approved = await sys.post(`/api/v1/users/${userId}/role-grant/approve`).expect(200);
    expect(approved.body.roles).to.deep.equal(['prosecutor']);
    expect(approved.body.pendingRoles).to.deep.equal([]);
    // Her session ended with the role change; signed in again, she sees restricted data.
    await client.get('/api/v1/alerts').expect(401);
    const again = await new ApiClient(server.url).login({
      email: 'nueva.fiscal@example.org',
      password: GOOD_PASSWORD,
      totpSecret: secret,
    });
    expect(await restrictedVisible(again)).to.equal(true);
    expect(await searchIds(again, '4.567.890')).to.include(pyAlert);
    await sys.post(`/api/v1/users/${userId}/role-grant/approve`).expect(404);

    const audit = await sys.get('/api/v1/audit?limit=100').expect(200);
    const actions = audit.body.items.filter((e: { targetId: string }) => e.targetId === userId).map((e: { action: string }) => e.action);
    expect(actions).to.include.members(['user.role_grant_requested', 'user.role_grant_approved']);
  });

  it('a refused grant leaves the roles as they were; a PATCH by an agency admin is pending too', async () => {
    const officer = await buildUser({ agency: arFiscalia, roles: ['officer'] });
    const patched = await fiscaliaAdmin.patch(`/api/v1/users/${officer.id}`, { roles: ['officer', 'prosecutor'] }).expect(200);
    expect(patched.body.roles).to.deep.equal(['officer']);
    expect(patched.body.pendingRoles).to.deep.equal(['officer', 'prosecutor']);
    const refused = await sys.post(`/api/v1/users/${officer.id}/role-grant/refuse`).expect(200);
    expect(refused.body).to.include({ id: officer.id });
    expect(refused.body.roles).to.deep.equal(['officer']);
    expect(refused.body.pendingRoles).to.deep.equal([]);
    const audit = await sys.get('/api/v1/audit?limit=100').expect(200);
    expect(
      audit.body.items.filter((e: { targetId: string }) => e.targetId === officer.id).map((e: { action: string }) => e.action),
    ).to.include('user.role_grant_refused');
  });

  it('a system admin’s own grant needs no second approval; a legitimate prosecutor sees restricted data', async () => {
    const invite = await sys
      .post('/api/v1/users', {
        email: 'fiscal.directa@example.org',
        displayName: 'F',
        agencyId: String(arFiscalia._id),
        roles: ['prosecutor'],
      })
      .expect(201);
    expect(invite.body.user.roles).to.deep.equal(['prosecutor']);
    expect(invite.body.user.pendingRoles).to.deep.equal([]);
    const { client } = await activate('fiscal.directa@example.org', invite.body.invitationToken, GOOD_PASSWORD);
    expect(await restrictedVisible(client)).to.equal(true);
    expect(await searchIds(client, 'Majo')).to.include(pyAlert);
  });

  // Pen-test issue 23, F4: the reset link goes to the admin, who could accept it with their own password and MFA.
  it('the attack: an agency admin’s reset of a prosecutor suspends the role until a system admin approves it again', async () => {
    // Not signed in before the reset: its TOTP step could collide with the re-enrolment's below.
    const prosecutor = await buildUser({ agency: arFiscalia, roles: ['prosecutor'], mfa: true });
    const reset = await fiscaliaAdmin.post(`/api/v1/users/${prosecutor.id}/reset`).expect(200);
    expect(reset.body.user).to.include({ id: prosecutor.id, status: 'invited' });
    expect(reset.body.user.roles).to.deep.equal([]);
    expect(reset.body.user.pendingRoles).to.deep.equal(['prosecutor']);
    // The admin accepts the link with a password and a second factor of their own…
    const { client, secret } = await activate(prosecutor.email, reset.body.invitationToken, `${GOOD_PASSWORD}-admin`);
    const me = await client.get('/api/v1/auth/me').expect(200);
    expect(me.body.user.roles).to.deep.equal([]);
    expect(me.body.user.pendingRoles).to.deep.equal(['prosecutor']);
    // …and opens no restricted victim identity, by HTTP or search.
    expect(await restrictedVisible(client)).to.equal(false);
    expect(await searchIds(client, '4.567.890')).to.not.include(pyAlert);

    // The suspension is a pending grant like any other: listed, audited, decided by a system admin only.
    const pending = await sys.get('/api/v1/users/role-grants').expect(200);
    const item = pending.body.items.find((g: { userId: string }) => g.userId === prosecutor.id);
    expect(item, 'listed for approval').to.not.equal(undefined);
    expect(item.roles).to.deep.equal(['prosecutor']);
    expect(item.currentRoles).to.deep.equal([]);
    await fiscaliaAdmin.post(`/api/v1/users/${prosecutor.id}/role-grant/approve`).expect(403);
    const audit = await sys.get(`/api/v1/audit?limit=100&action=user.roles_suspended_by_reset`).expect(200);
    const suspended = audit.body.items.find((e: { targetId: string }) => e.targetId === prosecutor.id);
    expect(suspended, 'audited').to.not.equal(undefined);
    expect(suspended.details).to.deep.include({ suspendedRoles: ['prosecutor'], roles: [], pendingRoles: ['prosecutor'] });

    const approved = await sys.post(`/api/v1/users/${prosecutor.id}/role-grant/approve`).expect(200);
    expect(approved.body.roles).to.deep.equal(['prosecutor']);
    await client.get('/api/v1/alerts').expect(401);
    const again = await new ApiClient(server.url).login({
      email: prosecutor.email,
      password: `${GOOD_PASSWORD}-admin`,
      totpSecret: secret,
    });
    expect(await restrictedVisible(again)).to.equal(true);
  });

  it('a system admin’s reset keeps the restricted role; an agency admin’s reset keeps the other roles', async () => {
    const prosecutor = await buildUser({ agency: arFiscalia, roles: ['prosecutor'], mfa: true });
    const bySys = await sys.post(`/api/v1/users/${prosecutor.id}/reset`).expect(200);
    expect(bySys.body.user.roles).to.deep.equal(['prosecutor']);
    expect(bySys.body.user.pendingRoles).to.deep.equal([]);

    const twoRoles = await buildUser({ agency: arFiscalia, roles: ['officer', 'prosecutor'], mfa: true });
    const byAdmin = await fiscaliaAdmin.post(`/api/v1/users/${twoRoles.id}/reset`).expect(200);
    expect(byAdmin.body.user.roles).to.deep.equal(['officer']);
    expect(byAdmin.body.user.pendingRoles).to.deep.equal(['officer', 'prosecutor']);

    const officer = await buildUser({ agency: arFiscalia, roles: ['officer'], mfa: true });
    const plain = await fiscaliaAdmin.post(`/api/v1/users/${officer.id}/reset`).expect(200);
    expect(plain.body.user.roles).to.deep.equal(['officer']);
    expect(plain.body.user.pendingRoles).to.deep.equal([]);
    expect(await AuditEvent.countDocuments({ action: 'user.roles_suspended_by_reset', targetId: officer.id })).to.equal(0);
  });

  it('judiciary agencies may hold prosecutors; migration agencies may not', async () => {
    const court = await buildAgency({ country: 'PY', kind: 'judiciary' });
    const migration = await buildAgency({ country: 'PY', kind: 'migration' });
    await sys
      .post('/api/v1/users', { email: 'juez@example.org', displayName: 'J', agencyId: String(court._id), roles: ['prosecutor'] })
      .expect(201);
    await sys
      .post('/api/v1/users', { email: 'migra@example.org', displayName: 'M', agencyId: String(migration._id), roles: ['prosecutor'] })
      .expect(400);
  });
});
