import { expect } from 'chai';
import { generate } from 'otplib';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { openMoreMenu } from '../helpers/tabBar.js';
import { checkScreen, newContext, newPage, PHONE, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';

describe('e2e: invitation → password → MFA enrolment → sign-in, through the UI', function () {
  this.timeout(180_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('an invited officer sets a password, enrols MFA, signs out and signs in again', async () => {
    const agency = await buildAgency({ country: 'PY', name: 'Policía Nacional — Departamento de Itapúa', shortName: 'PN-Itapúa' });
    const admin = await buildUser({ agency, roles: ['system_admin'], mfa: true });
    const adminApi = await signIn(e.url, admin);
    const email = `oficial.${Date.now()}@example.org`;
    const invited = await adminApi
      .post('/api/v1/users', { email, displayName: 'Oficial Invitado', agencyId: String(agency._id), roles: ['officer'] })
      .expect(201);
    const token = invited.body.invitationToken as string;

    const context = await newContext(e.browser, { viewport: PHONE });
    const page = await newPage(context);
    await page.goto(`${e.url}/invitation#${token}`);
    await page.locator('h1.screen-heading', { hasText: 'Aceptar la invitación' }).waitFor();
    // The page names the account and the agency the link is for.
    await page.getByTestId('invitation-for').waitFor();
    expect(await page.getByTestId('invitation-for').textContent()).to.contain('Esta invitación es para:');
    expect(await page.getByTestId('invitation-email').textContent()).to.equal(email);
    expect(await page.getByTestId('invitation-agency').textContent()).to.equal(
      'Policía Nacional — Departamento de Itapúa (PN-Itapúa), Paraguay',
    );
    await page.getByLabel('Nueva contraseña').fill('corta');
    expect(await page.getByTestId('strength').textContent()).to.contain('Faltan 7 caracteres.');
    await page.getByLabel('Nueva contraseña').fill(GOOD_PASSWORD);
    await page.getByLabel('Repita la contraseña').fill(GOOD_PASSWORD);
    await checkScreen(page, 'invitation-es-phone');
    await page.getByRole('button', { name: 'Guardar contraseña' }).click();

    await page.locator('h1.screen-heading', { hasText: 'Iniciar sesión' }).waitFor();
    expect(await page.getByLabel('Correo electrónico').inputValue()).to.equal(email);
    await page.getByLabel('Contraseña').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Ingresar' }).click();

    await page.locator('h1.screen-heading', { hasText: 'Activar el segundo factor' }).waitFor();
    await page.locator('img.qr').waitFor();
    const secret = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
    await checkScreen(page, 'mfa-enrolment-es-phone');
    const step = Math.floor(Date.now() / 30_000);
    await page.getByLabel('Código de 6 dígitos').fill(await generate({ secret, epoch: step * 30 + 1 }));
    await page.getByLabel('Contraseña').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Activar' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Alertas' }).waitFor();
    await page.locator('[data-connection="online"]').waitFor();

    await openMoreMenu(page);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Iniciar sesión' }).waitFor();
    await page.getByLabel('Correo electrónico').fill(email);
    await page.getByLabel('Contraseña').fill(GOOD_PASSWORD);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByLabel('Código de 6 dígitos').waitFor();
    await page.getByLabel('Código de 6 dígitos').fill(await generate({ secret, epoch: (step + 1) * 30 + 1 }));
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Alertas' }).waitFor();
    await context.close();
  });

  it('an invalid or used link says so before a password is typed, and names nobody', async () => {
    const context = await newContext(e.browser, { lang: 'en' });
    const page = await newPage(context);
    await page.goto(`${e.url}/reset#${'x'.repeat(40)}`);
    await page.getByRole('alert').filter({ hasText: 'not valid or has expired' }).waitFor();
    expect(await page.getByLabel('New password').count()).to.equal(0);
    expect(await page.getByTestId('invitation-for').count()).to.equal(0);
    await checkScreen(page, 'reset-invalid-en-desktop');
    await context.close();
  });
});
