import { expect } from 'chai';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { checkScreen, newContext, newPage, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';

const heading = (page: Page, text: string) => page.locator('h1.screen-heading', { hasText: text }).waitFor();

/** The link a one-time-link box shows, after the success notice. */
async function oneTimeLink(page: Page): Promise<string> {
  const box = page.getByTestId('one-time-link').locator('input');
  await box.waitFor();
  return box.inputValue();
}

describe('e2e: administration — agencies, invitations through the UI', function () {
  this.timeout(240_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('a system admin creates a Paraguayan agency and invites its first agency admin, who accepts, enrols MFA and invites an officer', async () => {
    const home = await buildAgency({ country: 'AR', shortName: 'SYS-AR' });
    const sysadmin = await buildUser({ agency: home, roles: ['system_admin'], mfa: true });
    const { context, page } = await signedInPage(e, sysadmin, { path: '/admin/agencies' });
    await heading(page, 'Organismos');
    await page.locator('#new-agency-name').fill('Policía Nacional — Departamento de Ñeembucú');
    await page.locator('#new-agency-short').fill('PN-Ñeembucú');
    await page.locator('#new-agency-country').selectOption('PY');
    await page.locator('#new-agency-kind').selectOption('police');
    await page.getByLabel('Jurisdicción').fill('Pilar y Alberdi');
    await page.getByRole('button', { name: 'Crear el organismo' }).click();
    await page.getByRole('status').filter({ hasText: 'Organismo creado' }).waitFor();
    await page.locator('li[data-testid="agency"]', { hasText: 'PN-Ñeembucú' }).waitFor();
    await checkScreen(page, 'admin-agencies-es-desktop');

    await page.getByRole('link', { name: 'Cuentas' }).click();
    await heading(page, 'Cuentas');
    await page.getByRole('button', { name: 'Invitar una cuenta' }).click();
    const adminEmail = `admin.py.${Date.now()}@example.org`;
    await page.locator('#invite-email').fill(adminEmail);
    await page.locator('#invite-name').fill('Rosa Benítez');
    const agencyOption = page.locator('#invite-agency option', { hasText: 'Policía Nacional — Departamento de Ñeembucú' });
    await agencyOption.waitFor({ state: 'attached' });
    await page.locator('#invite-agency').selectOption((await agencyOption.getAttribute('value'))!);
    await page.locator('#invite-roles-officer').uncheck();
    await page.locator('#invite-roles-agency_admin').check();
    await page.getByRole('button', { name: 'Crear la invitación' }).click();
    const link = await oneTimeLink(page);
    expect(link).to.match(new RegExp(`^${e.url}/invitation#.{20,}`));
    expect(await page.getByTestId('one-time-link').textContent()).to.contain('Vence:');
    await checkScreen(page, 'admin-invite-link-es-desktop');
    await context.close();

    // The new agency admin, on a phone: accepts, signs in, enrols MFA.
    const adminCtx = await newContext(e.browser, { viewport: PHONE });
    const ap = await newPage(adminCtx);
    await ap.goto(link);
    await heading(ap, 'Aceptar la invitación');
    await ap.getByLabel('Nueva contraseña').fill(GOOD_PASSWORD);
    await ap.getByLabel('Repita la contraseña').fill(GOOD_PASSWORD);
    await ap.getByRole('button', { name: 'Guardar contraseña' }).click();
    await heading(ap, 'Iniciar sesión');
    await ap.getByLabel('Contraseña').fill(GOOD_PASSWORD);
    await ap.getByRole('button', { name: 'Ingresar' }).click();
    await heading(ap, 'Activar el segundo factor');
    await ap.locator('img.qr').waitFor();
    const secret = (await ap.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
    const step = Math.floor(Date.now() / 30_000);
    await ap.getByLabel('Código de 6 dígitos').fill(await generate({ secret, epoch: step * 30 + 1 }));
    await ap.getByLabel('Contraseña').fill(GOOD_PASSWORD);
    await ap.getByRole('button', { name: 'Activar' }).click();
    await heading(ap, 'Alertas');

    // …and invites an officer of their agency (the agency is fixed, system admin cannot be granted).
    await ap.getByRole('link', { name: 'Administración' }).click();
    await heading(ap, 'Administración');
    await ap.getByRole('link', { name: 'Cuentas' }).first().click();
    await heading(ap, 'Cuentas');
    await ap.getByRole('button', { name: 'Invitar una cuenta' }).click();
    expect(await ap.locator('#invite-agency').count()).to.equal(0);
    expect(await ap.locator('#invite-roles-system_admin').isDisabled()).to.equal(true);
    expect(await ap.locator('#invite-roles-prosecutor').isDisabled()).to.equal(true);
    const rules = await ap.locator('fieldset.roles').first().textContent();
    expect(rules).to.contain('nunca otorga el rol de administrador del sistema');
    const officerEmail = `oficial.py.${Date.now()}@example.org`;
    await ap.locator('#invite-email').fill(officerEmail);
    await ap.locator('#invite-name').fill('Juan Ayala');
    await checkScreen(ap, 'admin-invite-es-phone');
    await ap.getByRole('button', { name: 'Crear la invitación' }).click();
    expect(await oneTimeLink(ap)).to.contain('/invitation#');
    await ap.locator(`li[data-email="${officerEmail}"]`).waitFor();
    expect(await ap.locator(`li[data-email="${officerEmail}"]`).textContent()).to.contain('Invitada');
    await checkScreen(ap, 'admin-accounts-es-phone');
    await adminCtx.close();
  });
});
