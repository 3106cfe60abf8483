/** Server additions made for the browser's administration and My account screens (docs/api-extensions.md). */
import { expect } from 'chai';
import { generate } from 'otplib';
import { open } from '../../server/platform/crypto/secretBox.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, GOOD_PASSWORD, type BuiltUser } from '../helpers/factories.js';
import { suiteServer, testConfig } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { AuditEvent, User } from '../helpers/models.js';

describe('API additions for the administration UI', function () {
  this.timeout(120_000);
  const server = suiteServer();

  describe('GET /alerts/:id/views/export.csv', () => {
    it('gives the originating agency who viewed the alert as CSV, audited; another agency (either country) gets nothing', async () => {
      const home = await buildAgency({ country: 'AR', name: 'Policía de Formosa' });
      const sameCountry = await buildAgency({ country: 'AR', name: 'Gendarmería Clorinda' });
      const py = await buildAgency({ country: 'PY', name: 'Policía Nacional =Ñeembucú' });
      const officer = await signIn(server.url, await buildUser({ agency: home, mfa: true }));
      const colleague = await signIn(server.url, await buildUser({ agency: home, mfa: true }));
      const neighbour = await signIn(server.url, await buildUser({ agency: sameCountry, mfa: true }));
      const foreign = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
      const created = (await officer.post('/api/v1/alerts', alertBody({ distribution: { scope: 'bilateral' } })).expect(201)).body as {
        id: string;
        reference: string;
      };
      await foreign.get(`/api/v1/alerts/${created.id}`).expect(200);
      await foreign.get(`/api/v1/alerts/${created.id}`).expect(200);
      await neighbour.get(`/api/v1/alerts/${created.id}`).expect(200);

      const res = await colleague.get(`/api/v1/alerts/${created.id}/views/export.csv`).expect(200);
      expect(res.headers['content-type']).to.match(/^text\/csv/);
      expect(res.headers['content-disposition']).to.contain(`puente-${created.reference}-vistas.csv`);
      expect(res.headers['cache-control']).to.contain('no-store');
      const lines = (res.text as string)
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      // Spanish headers; one line per person with counts and the requester's local time (24-hour clock).
      expect(lines[0]).to.equal('"Persona","Organismo","País","Vistas","Exportaciones","Primera vez","Última vez","Zona horaria"');
      expect(lines).to.have.length(3);
      // The agency name starting with "=" inside is kept as typed; a cell starting with one would get a "'".
      const pyLine = lines.find((l) => l.includes('"Policía Nacional =Ñeembucú"'));
      expect(pyLine).to.match(
        /^"Usuario [^"]+","Policía Nacional =Ñeembucú","PY","2","0","\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}",".+","Hora de Argentina"$/,
      );
      expect(lines.some((l) => l.includes('"Gendarmería Clorinda"') && l.includes('"1","0"'))).to.equal(true);
      expect(res.text).not.to.match(/[0-9a-f]{24}/);
      const audited = await AuditEvent.findOne({ action: 'alert.views_export', targetId: created.id }).lean();
      expect(audited?.details).to.deep.equal({ rows: 2, views: 3 });

      await neighbour.get(`/api/v1/alerts/${created.id}/views/export.csv`).expect(403);
      await foreign.get(`/api/v1/alerts/${created.id}/views/export.csv`).expect(403);
      const denied = await AuditEvent.countDocuments({ action: 'authz.denied', targetId: created.id });
      expect(denied).to.be.at.least(2);

      // Not distributed to PY: PY does not learn that the alert exists.
      const local = (await officer.post('/api/v1/alerts', alertBody({ distribution: { scope: 'agency' } })).expect(201)).body as {
        id: string;
      };
      await foreign.get(`/api/v1/alerts/${local.id}/views/export.csv`).expect(404);
      await neighbour.get(`/api/v1/alerts/${local.id}/views/export.csv`).expect(404);
      await foreign.get('/api/v1/alerts/000000000000000000000000/views/export.csv').expect(404);
      await foreign.get('/api/v1/alerts/not-an-id/views/export.csv').expect(400);
      await new ApiClient(server.url).get(`/api/v1/alerts/${created.id}/views/export.csv`).expect(401);
    });
  });

  describe('POST /auth/password keeps the asking session live', () => {
    it('ends the other sessions and their sockets, not the socket of the session that changed it', async () => {
      const agency = await buildAgency({ country: 'PY' });
      const user = await buildUser({ agency, mfa: true });
      const here = await signIn(server.url, user);
      const there = await signIn(server.url, user);
      const hereSocket = await openSocket(server.url, { cookie: here.cookieHeader() });
      const thereSocket = await openSocket(server.url, { cookie: there.cookieHeader() });
      // A bound, not a wait: the request re-checks and hashes a password (scrypt), slow on a loaded machine.
      const revokedThere = nextEvent(thereSocket, 'session:revoked', 10_000);
      const revokedHere = nextEvent(hereSocket, 'session:revoked', 1500).then(
        () => 'revoked',
        () => 'kept',
      );
      await here.post('/api/v1/auth/password', { currentPassword: GOOD_PASSWORD, newPassword: `${GOOD_PASSWORD}-2` }).expect(204);
      expect(await revokedThere).to.deep.equal({ reason: 'logout' });
      expect(await revokedHere).to.equal('kept');
      expect(hereSocket.connected).to.equal(true);
      await here.get('/api/v1/auth/me').expect(200);
      await there.get('/api/v1/auth/me').expect(401);
      hereSocket.disconnect();
      thereSocket.disconnect();
    });
  });

  describe('POST /auth/mfa/enable replacing an enabled second factor', () => {
    /** Signs in with the code of time step `step` of the user's current factor. */
    async function signInAtStep(user: BuiltUser, step: number): Promise<ApiClient> {
      const c = new ApiClient(server.url);
      await c.fetchCsrf();
      c.csrfToken = (await c.post('/api/v1/auth/login', { email: user.email, password: user.password }).expect(200)).body.csrfToken;
      const code = await generate({ secret: user.totpSecret!, epoch: step * 30 + 1 });
      c.csrfToken = (await c.post('/api/v1/auth/mfa', { code }).expect(200)).body.csrfToken;
      return c;
    }

    // Pen-test issue 23, F8: whoever replaced the factor must not leave a session elsewhere running.
    it('ends the other sessions and their sockets, as a password change does; the asking session stays', async () => {
      // Three codes of the current factor in a row (previous, current, next step): stay clear of a step's end.
      if (Date.now() % 30_000 > 25_000) await new Promise((r) => setTimeout(r, 30_000 - (Date.now() % 30_000) + 200));
      const step = Math.floor(Date.now() / 30_000);
      const agency = await buildAgency({ country: 'PY' });
      const user = await buildUser({ agency, mfa: true });
      const there = await signInAtStep(user, step - 1);
      const here = await signInAtStep(user, step);
      const hereSocket = await openSocket(server.url, { cookie: here.cookieHeader() });
      const thereSocket = await openSocket(server.url, { cookie: there.cookieHeader() });
      const revokedThere = nextEvent(thereSocket, 'session:revoked', 10_000);
      const disconnectedThere = new Promise<string>((resolve) => thereSocket.on('disconnect', (reason) => resolve(reason)));
      const heardHere: unknown[] = [];
      hereSocket.on('session:revoked', (payload) => heardHere.push(payload));
      const setup = (await here.post('/api/v1/auth/mfa/setup').expect(200)).body as { secret: string };
      await here
        .post('/api/v1/auth/mfa/enable', {
          code: await generate({ secret: setup.secret, epoch: step * 30 + 1 }),
          password: user.password,
          currentCode: await generate({ secret: user.totpSecret!, epoch: (step + 1) * 30 + 1 }),
        })
        .expect(204);
      expect(await revokedThere).to.deep.equal({ reason: 'logout' });
      expect(await disconnectedThere).to.equal('io server disconnect');
      await there.get('/api/v1/auth/me').expect(401);
      // Both sockets are told in the same emit: once the other one heard, this one had its chance.
      await new Promise((r) => setTimeout(r, 500));
      expect(heardHere).to.deep.equal([]);
      expect(hereSocket.connected).to.equal(true);
      await here.get('/api/v1/auth/me').expect(200);
      await here.get('/api/v1/alerts').expect(200);
      hereSocket.disconnect();
      thereSocket.disconnect();
    });

    it('needs a code of the current factor besides the password; then only the new factor signs in', async () => {
      const agency = await buildAgency({ country: 'AR' });
      const user = await buildUser({ agency, mfa: true });
      const c = await signIn(server.url, user);
      const setup = (await c.post('/api/v1/auth/mfa/setup').expect(200)).body as { secret: string };
      // The sign-in spent this step's code of the current factor: the current code is the next step's
      // (within the window); the new factor's codes are its own, so this step's is fine.
      const step = Math.floor(Date.now() / 30_000);
      const newCode = await generate({ secret: setup.secret, epoch: step * 30 + 1 });
      const oldCode = await generate({ secret: user.totpSecret!, epoch: (step + 1) * 30 + 1 });

      const missing = await c.post('/api/v1/auth/mfa/enable', { code: newCode, password: user.password }).expect(400);
      expect(missing.body.error.details).to.deep.include({ path: 'currentCode', message: 'required' });
      const wrong = await c
        .post('/api/v1/auth/mfa/enable', {
          code: newCode,
          password: user.password,
          currentCode: oldCode === '000000' ? '111111' : '000000',
        })
        .expect(401);
      expect(wrong.body.error.code).to.equal('invalid_code');
      expect(wrong.body.error.details[0].path).to.equal('currentCode');
      expect(await AuditEvent.countDocuments({ action: 'auth.mfa_enable', actorId: user.id, 'details.reason': 'current_code' })).to.equal(
        1,
      );
      await c.post('/api/v1/auth/mfa/enable', { code: newCode, password: user.password, currentCode: oldCode }).expect(204);
      expect(await AuditEvent.countDocuments({ action: 'auth.mfa_replaced', actorId: user.id })).to.equal(1);

      // First enrolment of an account without MFA still needs no current code.
      const fresh = await buildUser({ agency, roles: ['officer'] });
      const fc = await signIn(server.url, fresh);
      const freshSetup = (await fc.post('/api/v1/auth/mfa/setup').expect(200)).body as { secret: string };
      await fc
        .post('/api/v1/auth/mfa/enable', { code: await generate({ secret: freshSetup.secret }), password: fresh.password })
        .expect(204);

      // The old factor no longer signs in; the account holds the new one.
      const again = new ApiClient(server.url);
      await again.fetchCsrf();
      again.csrfToken = (await again.post('/api/v1/auth/login', { email: user.email, password: user.password }).expect(200)).body.csrfToken;
      await again.post('/api/v1/auth/mfa', { code: await generate({ secret: user.totpSecret!, epoch: (step + 1) * 30 + 1 }) }).expect(401);
      const stored = await User.findById(user.id).lean();
      expect(open(stored!.mfa!.secret!, testConfig().dataEncryptionKey)).to.equal(setup.secret);
      expect(stored!.mfa!.pendingSecret ?? null).to.equal(null);
    });
  });

  describe('PATCH /auth/me timeZone null', () => {
    it("goes back to the device's own zone; other values are still checked", async () => {
      const agency = await buildAgency({ country: 'PY' });
      const c = await signIn(server.url, await buildUser({ agency, mfa: true }));
      expect((await c.patch('/api/v1/auth/me', { timeZone: 'America/Asuncion' }).expect(200)).body.user.timeZone).to.equal(
        'America/Asuncion',
      );
      expect((await c.patch('/api/v1/auth/me', { timeZone: null }).expect(200)).body.user.timeZone).to.equal(null);
      expect((await c.get('/api/v1/auth/me').expect(200)).body.user.timeZone).to.equal(null);
      await c.patch('/api/v1/auth/me', { timeZone: '' }).expect(400);
      await c.patch('/api/v1/auth/me', { timeZone: 3 }).expect(400);
    });
  });
});
