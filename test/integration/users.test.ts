import { expect } from 'chai';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';

describe('users (/api/v1/users): role × agency × country', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let arA: AgencyDoc; // the actors' agency (AR)
  let arB: AgencyDoc; // another AR agency
  let pyC: AgencyDoc; // a PY agency
  const actors: Record<'officer' | 'prosecutor' | 'agency_admin' | 'system_admin', { built: BuiltUser; client: ApiClient }> = {} as never;
  const targets: Record<'own' | 'otherAgency' | 'otherCountry', BuiltUser> = {} as never;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    arA = await buildAgency({ country: 'AR', name: 'Policía de Formosa' });
    arB = await buildAgency({ country: 'AR', name: 'Gendarmería Clorinda', kind: 'gendarmerie' });
    pyC = await buildAgency({ country: 'PY', name: 'Policía Nacional PY' });
    // A prosecutor belongs in a prosecution agency (roles.policy.ts); the others act from arA.
    const arFiscalia = await buildAgency({ country: 'AR', name: 'Fiscalía de Formosa', kind: 'prosecutor' });
    for (const role of ['officer', 'prosecutor', 'agency_admin', 'system_admin'] as const) {
      const built = await buildUser({ agency: role === 'prosecutor' ? arFiscalia : arA, roles: [role], mfa: true });
      actors[role] = { built, client: await signIn(server.url, built) };
    }
    targets.own = await buildUser({ agency: arA });
    targets.otherAgency = await buildUser({ agency: arB });
    targets.otherCountry = await buildUser({ agency: pyC });
  });
  after(() => server.stop());

  it('401 without a session', async () => {
    await new ApiClient(server.url).get('/api/v1/users').expect(401);
    const anon = new ApiClient(server.url);
    await anon.fetchCsrf();
    await anon.post('/api/v1/users', {}).expect(401);
  });

  it('officers and prosecutors get 403 on every user endpoint', async () => {
    for (const role of ['officer', 'prosecutor'] as const) {
      const c = actors[role].client;
      await c.get('/api/v1/users').expect(403);
      await c
        .post('/api/v1/users', { email: 'x@example.org', displayName: 'X', agencyId: String(arA._id), roles: ['officer'] })
        .expect(403);
      // A specific user: 404, not revealing whether it exists.
      await c.patch(`/api/v1/users/${targets.own.id}`, { displayName: 'Z' }).expect(404);
      await c.post(`/api/v1/users/${targets.own.id}/reset`).expect(404);
    }
  });

  it('GET / — agency admin sees only their agency; system admin any', async () => {
    const admin = actors.agency_admin.client;
    const own = await admin.get('/api/v1/users').expect(200);
    expect(own.body.items.every((u: { agencyId: string }) => u.agencyId === String(arA._id))).to.equal(true);
    expect(own.body.items.map((u: { id: string }) => u.id)).to.include(targets.own.id);
    await admin.get(`/api/v1/users?agencyId=${arB._id}`).expect(403);
    await admin.get(`/api/v1/users?agencyId=${pyC._id}`).expect(403);
    const sys = actors.system_admin.client;
    const py = await sys.get(`/api/v1/users?agencyId=${pyC._id}`).expect(200);
    expect(py.body.items.map((u: { id: string }) => u.id)).to.deep.equal([targets.otherCountry.id]);
    const all = await sys.get('/api/v1/users?limit=2').expect(200);
    expect(all.body.items).to.have.length(2);
    expect(all.body.nextCursor).to.be.a('string');
    const next = await sys.get(`/api/v1/users?limit=2&cursor=${all.body.nextCursor}`).expect(200);
    expect(next.body.items[0].id).to.not.equal(all.body.items[0].id);
    await sys.get('/api/v1/users?cursor=bm9wZQ').expect(400);
  });

  it('POST / — agency admin invites into own agency only and never grants system_admin', async () => {
    const admin = actors.agency_admin.client;
    const body = (agencyId: unknown, roles: string[], email: string) => ({
      email,
      displayName: 'Invitada',
      agencyId: String(agencyId),
      roles,
    });
    const ok = await admin.post('/api/v1/users', body(arA._id, ['officer'], 'inv1@example.org')).expect(201);
    expect(ok.body).to.have.keys('user', 'invitationToken');
    expect(ok.body.user).to.include({ status: 'invited', agencyId: String(arA._id), country: 'AR' });
    await admin.post('/api/v1/users', body(arB._id, ['officer'], 'inv2@example.org')).expect(403);
    await admin.post('/api/v1/users', body(pyC._id, ['officer'], 'inv3@example.org')).expect(403);
    await admin.post('/api/v1/users', body(arA._id, ['system_admin'], 'inv4@example.org')).expect(403);
    const dup = await admin.post('/api/v1/users', body(arA._id, ['officer'], 'INV1@example.org')).expect(409);
    expect(dup.body.error.code).to.equal('conflict');
    const bad = await admin.post('/api/v1/users', { ...body(arA._id, ['king'], 'inv5@example.org') }).expect(400);
    expect(bad.body.error.details[0].path).to.match(/^roles/);
    const extra = await admin.post('/api/v1/users', { ...body(arA._id, ['officer'], 'inv6@example.org'), isAdmin: true }).expect(400);
    expect(extra.body.error.code).to.equal('validation_failed');
    const sys = actors.system_admin.client;
    const pyFiscalia = await buildAgency({ country: 'PY', name: 'Ministerio Público', kind: 'prosecutor' });
    const py = await sys.post('/api/v1/users', body(pyFiscalia._id, ['prosecutor', 'agency_admin'], 'fiscal.py@example.org')).expect(201);
    expect(py.body.user.country).to.equal('PY');
  });

  it('PATCH /:id — agency admin edits own agency users; 404 for other agency or country', async () => {
    const admin = actors.agency_admin.client;
    const res = await admin
      .patch(`/api/v1/users/${targets.own.id}`, { displayName: 'Nombre Nuevo', roles: ['officer', 'agency_admin'] })
      .expect(200);
    expect(res.body).to.include({ displayName: 'Nombre Nuevo' });
    expect(res.body.roles).to.deep.equal(['officer', 'agency_admin']);
    await admin.patch(`/api/v1/users/${targets.otherAgency.id}`, { displayName: 'X' }).expect(404);
    await admin.patch(`/api/v1/users/${targets.otherCountry.id}`, { displayName: 'X' }).expect(404);
    await admin.patch(`/api/v1/users/${targets.own.id}`, { roles: ['system_admin'] }).expect(403);
    await admin.patch(`/api/v1/users/${actors.system_admin.built.id}`, { status: 'disabled' }).expect(403);
    await admin.patch(`/api/v1/users/${actors.agency_admin.built.id}`, { status: 'disabled' }).expect(403);
    await admin.patch('/api/v1/users/not-an-id', { displayName: 'X' }).expect(400);
    await admin.patch(`/api/v1/users/${'f'.repeat(24)}`, { displayName: 'X' }).expect(404);
    await actors.system_admin.client.patch(`/api/v1/users/${targets.otherCountry.id}`, { displayName: 'Editado' }).expect(200);
  });

  it('POST /:id/reset — clears password and MFA, ends sessions, returns a token', async () => {
    const victim = await buildUser({ agency: arA, mfa: true });
    const victimClient = await signIn(server.url, victim);
    const admin = actors.agency_admin.client;
    await admin.post(`/api/v1/users/${targets.otherAgency.id}/reset`).expect(404);
    const res = await admin.post(`/api/v1/users/${victim.id}/reset`).expect(200);
    expect(res.body.invitationToken).to.be.a('string');
    await victimClient.get('/api/v1/auth/me').expect(401);
    const anon = new ApiClient(server.url);
    await anon.fetchCsrf();
    await anon.post('/api/v1/auth/login', { email: victim.email, password: victim.password }).expect(401);
    const accepted = await anon
      .post('/api/v1/auth/invitations/accept', { token: res.body.invitationToken, password: 'Nueva-clave-de-reposicion-7' })
      .expect(200);
    expect(accepted.body.user.mfaEnabled, 'reset never bypasses MFA: it must be enrolled again').to.equal(false);
  });

  it('disabling a user ends their HTTP session and disconnects their socket within a second', async () => {
    const officer = await buildUser({ agency: arA, mfa: true });
    const c = await signIn(server.url, officer);
    const socket = await openSocket(server.url, { cookie: c.cookieHeader() });
    const revoked = nextEvent(socket, 'session:revoked', 1000);
    const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
    const started = Date.now();
    await actors.agency_admin.client.patch(`/api/v1/users/${officer.id}`, { status: 'disabled' }).expect(200);
    expect(await revoked).to.deep.equal({ reason: 'disabled' });
    expect(await disconnected).to.equal('io server disconnect');
    expect(Date.now() - started).to.be.below(1000);
    await c.get('/api/v1/auth/me').expect(401);
    await openSocket(server.url, { cookie: c.cookieHeader() }).then(
      () => expect.fail('a disabled user must not reconnect'),
      (err: Error) => expect(err.message).to.equal('unauthenticated'),
    );
  });

  it('changing roles ends the user’s sessions', async () => {
    const officer = await buildUser({ agency: arA, mfa: true });
    const c = await signIn(server.url, officer);
    await actors.agency_admin.client.patch(`/api/v1/users/${officer.id}`, { roles: ['agency_admin'] }).expect(200);
    await c.get('/api/v1/auth/me').expect(401);
  });
});
