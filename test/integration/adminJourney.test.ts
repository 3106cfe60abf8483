import { expect } from 'chai';
import { ApiClient, freshTotp } from '../helpers/apiClient.js';
import { runCli } from '../helpers/cli.js';
import { suiteServer } from '../helpers/server.js';

describe('journey: from `puente create-admin` to an agency of MFA-enrolled users, by HTTP only', function () {
  this.timeout(180_000);
  const server = suiteServer();

  it('create-admin refuses a weak password with a clear message', async () => {
    const res = await runCli(['create-admin', '--email', 'admin@puente.example', '--password', 'password1234']);
    expect(res.code).to.equal(1);
    expect(res.stderr).to.match(/común|common/);
  });

  // Pen-test issue 23: a password given as an argument is readable by every local user (`ps`).
  it('create-admin reads the password from standard input, with --password-stdin or when none is given', async () => {
    const password = 'Frontera-entrada-segura-2026';
    const flagged = await runCli(['create-admin', '--email', 'stdin@puente.example', '--password-stdin'], {}, `${password}\n`);
    expect(flagged.code, flagged.out).to.equal(0);
    expect(flagged.stderr).to.not.match(/línea de comandos|command line/);
    const piped = await runCli(['create-admin', '--email', 'piped@puente.example'], {}, `${password}\n`);
    expect(piped.code, piped.out).to.equal(0);
    for (const email of ['stdin@puente.example', 'piped@puente.example']) {
      const client = new ApiClient(server.url);
      await client.fetchCsrf();
      await client.post('/api/v1/auth/login', { email, password }).expect(200);
    }
  });

  it('create-admin refuses an empty standard input, and both a password argument and --password-stdin', async () => {
    const empty = await runCli(['create-admin', '--email', 'nobody@puente.example']);
    expect(empty.code, empty.out).to.equal(2);
    expect(empty.stderr).to.contain('contraseña').and.to.contain('password');
    const both = await runCli(
      ['create-admin', '--email', 'nobody@puente.example', '--password', 'Frontera-entrada-segura-2026', '--password-stdin'],
      {},
      'Frontera-entrada-segura-2026\n',
    );
    expect(both.code, both.out).to.equal(2);
    const client = new ApiClient(server.url);
    await client.fetchCsrf();
    await client.post('/api/v1/auth/login', { email: 'nobody@puente.example', password: 'Frontera-entrada-segura-2026' }).expect(401);
  });

  it('create-admin still takes --password for scripts, and warns that other local users can read it', async () => {
    const res = await runCli(['create-admin', '--email', 'script@puente.example', '--password', 'Frontera-argumento-2026']);
    expect(res.code, res.out).to.equal(0);
    expect(res.stderr)
      .to.contain('--password-stdin')
      .and.to.match(/otros usuarios/)
      .and.to.match(/other local users/);
  });

  it('goes the whole way', async () => {
    const adminPassword = 'Coordinacion-binacional-2026';
    const created = await runCli([
      'create-admin',
      '--email',
      'admin@puente.example',
      '--password',
      adminPassword,
      '--name',
      'Coordinación',
    ]);
    expect(created.code, created.stderr).to.equal(0);
    const adminId = created.stdout.trim();
    expect(adminId).to.match(/^[a-f0-9]{24}$/);
    const again = await runCli(['create-admin', '--email', 'admin@puente.example', '--password', adminPassword]);
    expect(again.stdout.trim(), 'running twice resets the same account').to.equal(adminId);

    // The administrator signs in and must enrol MFA first.
    const admin = new ApiClient(server.url);
    await admin.fetchCsrf();
    const login = await admin.post('/api/v1/auth/login', { email: 'admin@puente.example', password: adminPassword }).expect(200);
    admin.csrfToken = login.body.csrfToken;
    expect((await admin.get('/api/v1/agencies').expect(403)).body.error.code).to.equal('mfa_required');
    const setup = await admin.post('/api/v1/auth/mfa/setup').expect(200);
    await admin.post('/api/v1/auth/mfa/enable', { code: await freshTotp(setup.body.secret), password: adminPassword }).expect(204);

    // An agency and its administrator.
    const agency = await admin
      .post('/api/v1/agencies', {
        name: 'Fiscalía Especializada en Trata — Asunción',
        shortName: 'UFETESI',
        country: 'PY',
        kind: 'prosecutor',
      })
      .expect(201);
    const invite = await admin
      .post('/api/v1/users', {
        email: 'jefa@fiscalia.example',
        displayName: 'Jefa de Unidad',
        agencyId: agency.body.id,
        roles: ['agency_admin', 'prosecutor'],
      })
      .expect(201);

    // She accepts, signs in, enrols MFA and invites an officer.
    const boss = new ApiClient(server.url);
    await boss.fetchCsrf();
    await boss
      .post('/api/v1/auth/invitations/accept', { token: invite.body.invitationToken, password: 'Unidad-de-trata-asuncion-1' })
      .expect(200);
    boss.csrfToken = (
      await boss.post('/api/v1/auth/login', { email: 'jefa@fiscalia.example', password: 'Unidad-de-trata-asuncion-1' }).expect(200)
    ).body.csrfToken;
    const bossSetup = await boss.post('/api/v1/auth/mfa/setup').expect(200);
    await boss
      .post('/api/v1/auth/mfa/enable', { code: await freshTotp(bossSetup.body.secret), password: 'Unidad-de-trata-asuncion-1' })
      .expect(204);
    const officerInvite = await boss
      .post('/api/v1/users', { email: 'oficial@fiscalia.example', displayName: 'Oficial', agencyId: agency.body.id, roles: ['officer'] })
      .expect(201);

    const officer = new ApiClient(server.url);
    await officer.fetchCsrf();
    await officer
      .post('/api/v1/auth/invitations/accept', { token: officerInvite.body.invitationToken, password: 'Paso-fronterizo-falcon-22' })
      .expect(200);
    officer.csrfToken = (
      await officer.post('/api/v1/auth/login', { email: 'oficial@fiscalia.example', password: 'Paso-fronterizo-falcon-22' }).expect(200)
    ).body.csrfToken;
    const officerSetup = await officer.post('/api/v1/auth/mfa/setup').expect(200);
    await officer
      .post('/api/v1/auth/mfa/enable', { code: await freshTotp(officerSetup.body.secret), password: 'Paso-fronterizo-falcon-22' })
      .expect(204);

    // Next time the officer signs in, both factors are required.
    const later = new ApiClient(server.url);
    await later.fetchCsrf();
    const step1 = await later
      .post('/api/v1/auth/login', { email: 'oficial@fiscalia.example', password: 'Paso-fronterizo-falcon-22' })
      .expect(200);
    expect(step1.body.mfaRequired).to.equal(true);
    later.csrfToken = step1.body.csrfToken;
    const step2 = await later.post('/api/v1/auth/mfa', { code: await freshTotp(officerSetup.body.secret) }).expect(200);
    expect(step2.body.user).to.include({ email: 'oficial@fiscalia.example', mfaEnabled: true, country: 'PY' });

    const users = await boss.get('/api/v1/users').expect(200);
    expect(users.body.items.map((u: { email: string; mfaEnabled: boolean }) => [u.email, u.mfaEnabled])).to.have.deep.members([
      ['jefa@fiscalia.example', true],
      ['oficial@fiscalia.example', true],
    ]);

    // The trail of all this verifies.
    const verify = await admin.get('/api/v1/audit/verify').expect(200);
    expect(verify.body.ok).to.equal(true);
    const events = await admin.get('/api/v1/audit?limit=100').expect(200);
    const actions = events.body.items.map((e: { action: string }) => e.action);
    expect(actions).to.include.members([
      'user.admin_create',
      'auth.login',
      'auth.mfa_enabled',
      'agency.create',
      'user.invite',
      'user.invitation_accepted',
    ]);
  });
});
