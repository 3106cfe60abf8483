import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { checkScreen, DESKTOP, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Agency } from '../helpers/models.js';

/**
 * The GOV.UK error summary (ui/ErrorSummary.tsx) on the directory's contact form and the
 * administration forms: focus moves to it, it is the one live announcement, it lists each
 * error with the field's own message and links to the field.
 */
async function expectSummary(page: Page, errors: Array<[text: string, fieldId: string]>): Promise<void> {
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  expect(await page.locator('[role="alert"]').count(), 'one live announcement').to.equal(1);
  expect(await summary.locator('[role="alert"]').count()).to.equal(1);
  const links = summary.getByRole('link');
  expect(await links.allInnerTexts()).to.deep.equal(errors.map(([text]) => text));
  for (const [i, [text, id]] of errors.entries()) {
    expect(await links.nth(i).getAttribute('href'), text).to.equal(`#${id}`);
    // The field shows the same message, tied to it for screen readers.
    expect(await page.locator(`#${id}-error`).textContent()).to.equal(text);
  }
  for (const [i, [, id]] of errors.entries()) {
    await links.nth(i).click();
    expect(await page.evaluate(() => document.activeElement?.id), `link ${i + 1} focuses its field`).to.equal(id);
  }
}

describe('e2e: form errors follow the GOV.UK pattern (directory and administration)', function () {
  this.timeout(180_000);
  let e: E2e;
  let agencyAdmin: BuiltUser;
  let sysadmin: BuiltUser;

  before(async function () {
    // Alone in the store: the system administrator's account list holds only this suite's accounts.
    await resetDatabase();
    e = await startE2e(this);
    const ar = await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' });
    agencyAdmin = await buildUser({ agency: ar, roles: ['agency_admin'], mfa: true });
    sysadmin = await buildUser({ agency: await buildAgency({ country: 'AR', kind: 'other' }), roles: ['system_admin'], mfa: true });
  });
  after(() => stopE2e(e));

  it('the contact form: a summary linking the name, then the phone; "Quitar" buttons are 44×44', async () => {
    const { context, page } = await signedInPage(e, agencyAdmin, { viewport: PHONE, path: '/directory/new' });
    await page.locator('h1.screen-heading', { hasText: 'Nuevo contacto' }).waitFor();
    await page.getByRole('button', { name: 'Agregar correo' }).click();
    for (const name of ['Quitar teléfono 1', 'Quitar correo 1']) {
      const box = (await page.getByRole('button', { name }).boundingBox())!;
      expect(box.width, name).to.be.at.least(44);
      expect(box.height, name).to.be.at.least(44);
    }
    await page.getByRole('button', { name: 'Quitar correo 1' }).click();
    await page.getByRole('group', { name: 'Teléfono 1' }).getByLabel('Número').fill('12');
    await page.getByRole('button', { name: 'Guardar contacto' }).click();
    // The schema's check answers first (the name), the phone's reading after it.
    await expectSummary(page, [['Este campo es obligatorio.', 'contact-name']]);
    await page.getByLabel('Nombre').fill('Guardia Puerto Pilcomayo');
    await page.getByRole('button', { name: 'Guardar contacto' }).click();
    await page.locator('#contact-phone-0-error').waitFor();
    await expectSummary(page, [['No es un número de teléfono válido.', 'contact-phone-0']]);
    expect(await page.locator('.error-summary').textContent()).to.contain('Revise los campos marcados.');
    await checkScreen(page, 'contact-form-error-summary-es-phone');
    await context.close();
  });

  it('the invitation form: a summary linking the e-mail and the name', async () => {
    const { context, page } = await signedInPage(e, agencyAdmin, { viewport: PHONE, path: '/admin/accounts' });
    await page.getByRole('button', { name: 'Invitar una cuenta' }).click();
    await page.locator('#invite-email').fill('ana@');
    await page.getByRole('button', { name: 'Crear la invitación' }).click();
    await expectSummary(page, [
      ['No es un correo válido.', 'invite-email'],
      ['Este campo es obligatorio.', 'invite-name'],
    ]);
    expect(await page.locator('#invite-email').inputValue(), 'what was typed stays').to.equal('ana@');
    await checkScreen(page, 'admin-invite-error-summary-es-phone');
    await context.close();
  });

  it('the agency form: a summary linking each missing field', async () => {
    const { context, page } = await signedInPage(e, sysadmin, { viewport: DESKTOP, path: '/admin/agencies' });
    await page.locator('#new-agency-short').fill('PN-Sin-Nombre');
    await page.getByRole('button', { name: 'Crear el organismo' }).click();
    await expectSummary(page, [
      ['Este campo es obligatorio.', 'new-agency-name'],
      ['Elija una de las opciones.', 'new-agency-country'],
      ['Elija una de las opciones.', 'new-agency-kind'],
    ]);
    await checkScreen(page, 'admin-agency-error-summary-es-desktop');
    await context.close();
  });

  it('the roles form: a role the agency no longer allows is named and linked to the roles', async () => {
    const office = await buildAgency({ country: 'PY', kind: 'prosecutor', shortName: 'MP-Pilar' });
    const member = await buildUser({ agency: office, roles: ['officer'], mfa: true });
    const { context, page } = await signedInPage(e, sysadmin, { viewport: PHONE, path: '/admin/accounts' });
    const card = page.locator(`li[data-email="${member.email}"]`);
    await card.getByRole('button', { name: 'Gestionar' }).click();
    // Meanwhile the agency is recorded as a police force: the prosecutor role no longer fits it.
    await Agency.updateOne({ _id: office._id }, { $set: { kind: 'police' } });
    await card.locator(`#roles-${member.id}-prosecutor`).check();
    await card.getByRole('button', { name: 'Guardar roles' }).click();
    await card.getByRole('button', { name: 'Confirmar: Guardar roles' }).click();
    await expectSummary(page, [['El rol de fiscal solo corresponde a organismos de fiscalía o judiciales.', `roles-${member.id}`]]);
    await checkScreen(page, 'admin-roles-error-summary-es-phone');
    await context.close();
  });
});
