/**
 * Issue 25 "Quick alert" at 360×740 in Spanish: a quick alert posted in one screen (photo from the
 * gallery, "Usar mi ubicación"); one crossing the border through "Revise antes de enviar" with a
 * "Cambiar" back to a field; unreadable identifiers blocking with the GOV.UK error summary and a
 * "Borrar" offer; "Descartar borrador" asking first; "Compartir enlace" copying a link that
 * carries nothing but the route and opens only after sign-in.
 */
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import {
  checkScreen,
  DESKTOP,
  newContext,
  newPage,
  PHONE,
  signedInPage,
  signInContext,
  startE2e,
  stopE2e,
  type E2e,
} from '../helpers/e2e.js';
import { expectSpanishOnly } from '../helpers/spanishText.js';
import { Alert } from '../helpers/models.js';

const FALCON = { latitude: -25.05614, longitude: -57.86142 };

const photo = () =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: 'teal' } })
    .png()
    .toBuffer();

/** Form controls the officer sees (the photo's file input, visually hidden behind its button, counts). */
const visibleControls = (page: Page) =>
  page
    .locator('form.alert-form')
    .evaluate(
      (form) =>
        [...form.querySelectorAll('input, select, textarea')].filter(
          (el) => (el as HTMLInputElement).type === 'file' || (el as HTMLElement).offsetParent !== null,
        ).length,
    );

async function fillQuick(page: Page, title: string) {
  await page.getByLabel('Tipo de alerta').selectOption('missing_person');
  await page.getByLabel('Prioridad').selectOption('urgent');
  await page.getByLabel('Título').fill(title);
  await page.getByLabel('Nombres').fill('Lucía Belén');
  await page.getByLabel('Apellidos').fill('Ortiz');
  await page.getByLabel('Número de documento').fill('30.123.456');
}

describe('e2e: the quick alert on a phone (issue 25)', function () {
  this.timeout(240_000);
  let e: E2e;
  let arOfficer: BuiltUser;
  let ar: { context: BrowserContext; page: Page };

  before(async function () {
    e = await startE2e(this);
    arOfficer = await buildUser({ agency: await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' }), mfa: true });
    await buildAgency({ country: 'PY', shortName: 'PN-Falcon' });
    ar = await signedInPage(e, arOfficer, {
      viewport: PHONE,
      path: '/alerts/new',
      geolocation: FALCON,
      permissions: ['geolocation', 'clipboard-read', 'clipboard-write'],
    });
    await ar.page.locator('[data-connection="online"]').waitFor();
  });
  after(async () => {
    await ar?.context.close();
    await stopE2e(e);
  });

  beforeEach(async () => {
    await ar.page.goto(`${e.url}/alerts/new`);
    await ar.page.locator('h1.screen-heading', { hasText: 'Nueva alerta' }).waitFor();
  });

  it('posts a quick alert in one screen: at most 12 fields, a gallery photo, the phone location', async () => {
    const { page } = ar;
    expect(await visibleControls(page), 'fields of the quick alert').to.be.at.most(12);
    expect(await page.getByLabel('Tipo de alerta').inputValue(), 'kind not pre-filled').to.equal('');
    expect(await page.getByLabel('Prioridad').inputValue(), 'priority not pre-filled').to.equal('');
    expect(await page.locator('#a-photo').getAttribute('capture'), 'no forced camera').to.equal(null);
    await checkScreen(page, 'quick-alert-es-phone');
    await expectSpanishOnly(page, 'quick alert');
    await page.setViewportSize(DESKTOP);
    await checkScreen(page, 'quick-alert-es-desktop');
    await page.setViewportSize(PHONE);

    const title = `Alerta rápida ${Date.now()}`;
    await fillQuick(page, title);
    // What is typed under "Más detalles" stays there while hidden, and survives a reload (the draft).
    await page.getByRole('button', { name: 'Más detalles' }).click();
    await page.getByLabel('Resumen').fill('Salió de la escuela a las 12:30 y no volvió.');
    await page.getByRole('button', { name: 'Ocultar detalles' }).click();
    expect(await page.getByLabel('Resumen').count()).to.equal(0);
    await page.waitForTimeout(400);
    await page.reload();
    await page.locator('h1.screen-heading', { hasText: 'Nueva alerta' }).waitFor();
    expect(await page.getByLabel('Título').inputValue()).to.equal(title);
    await page.getByRole('button', { name: 'Más detalles' }).click();
    expect(await page.getByLabel('Resumen').inputValue()).to.equal('Salió de la escuela a las 12:30 y no volvió.');
    await page.getByRole('button', { name: 'Ocultar detalles' }).click();

    await page.locator('#a-photo').setInputFiles({ name: 'whatsapp.png', mimeType: 'image/png', buffer: await photo() });
    await page.locator('#photo1-who').selectOption('s0');
    await page.getByLabel('Descripción del lugar').fill('Terminal de Puerto Falcón');
    await page.getByRole('button', { name: 'Usar mi ubicación' }).click();
    await page.getByTestId('place-status').filter({ hasText: 'Coordenadas -25.05614, -57.86142' }).waitFor();
    // Within the country: no review step.
    await page.getByLabel('Distribución').selectOption('country');
    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    await page.locator('h1.screen-heading .reference').waitFor();

    const stored = await Alert.findOne({ title }).lean();
    expect(stored, 'the alert was stored').to.not.equal(null);
    expect(stored!.kind).to.equal('missing_person');
    expect(stored!.priority).to.equal('urgent');
    expect(stored!.summary).to.equal('Salió de la escuela a las 12:30 y no volvió.');
    expect(stored!.subjects).to.have.length(1);
    expect(stored!.subjects[0]).to.include({ role: 'victim', givenNames: 'Lucía Belén', familyNames: 'Ortiz' });
    expect(stored!.subjects[0]!.documents?.map((d) => d.number)).to.deep.equal(['30.123.456']);
    expect(stored!.locations).to.have.length(1);
    expect(stored!.locations[0]).to.include({ label: 'Terminal de Puerto Falcón', lat: FALCON.latitude, lng: FALCON.longitude });
    expect(stored!.distribution.scope).to.equal('country');
    await page.locator('.photo-grid img').first().waitFor();
    expect(await page.locator('article').textContent()).to.contain(
      'Terminal de Puerto Falcón · Argentina · coordenadas -25.05614, -57.86142',
    );
  });

  it('crosses the border through "Revise antes de enviar", with "Cambiar" back to a field', async () => {
    const { page } = ar;
    const title = `Alerta a ambos países ${Date.now()}`;
    await fillQuick(page, 'título provisorio');
    await page.getByLabel('Sensibilidad').selectOption('restricted');
    await page.getByRole('button', { name: 'Enviar alerta' }).click();

    await page.locator('h1.screen-heading', { hasText: 'Revise antes de enviar' }).waitFor();
    const review = page.locator('.review-step');
    expect(await review.textContent()).to.contain('La verán todos los organismos de Argentina y Paraguay.');
    expect(await review.textContent()).to.contain('fotos de las víctimas: solo fiscales y su organismo');
    expect(await review.textContent()).to.contain('Lucía Belén Ortiz');
    expect(await review.textContent()).to.contain('DNI 30.123.456');
    await checkScreen(page, 'quick-alert-review-es-phone');
    await expectSpanishOnly(page, 'review step');
    await page.setViewportSize(DESKTOP);
    await checkScreen(page, 'quick-alert-review-es-desktop');
    await page.setViewportSize(PHONE);
    expect(await Alert.countDocuments({ title: 'título provisorio' }), 'nothing sent before the review').to.equal(0);

    await review.getByRole('link', { name: 'Cambiar Título' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Nueva alerta' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'a-title');
    await page.getByLabel('Título').fill(title);
    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    await page.locator('.review-step').getByText(title).waitFor();
    await page.locator('.review-step').getByRole('button', { name: 'Enviar alerta' }).click();
    await page.locator('h1.screen-heading .reference').waitFor();
    const stored = await Alert.findOne({ title }).lean();
    expect(stored?.distribution.scope).to.equal('bilateral');
    expect(stored?.sensitivity).to.equal('restricted');
  });

  it('unreadable identifiers block sending with a GOV.UK summary saying how to fix them, and can be cleared', async () => {
    const { page } = ar;
    // Nothing chosen: the summary names each missing choice.
    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).to.deep.equal([
      'Elija el tipo de alerta.',
      'Elija la prioridad.',
      'Escriba un título.',
    ]);

    await fillQuick(page, `Alerta con datos mal escritos ${Date.now()}`);
    await page.getByRole('button', { name: 'Más detalles' }).click();
    await page.getByRole('button', { name: 'Agregar teléfono' }).click();
    await page.getByLabel('Teléfono 1').fill('12');
    await page.getByRole('button', { name: 'Agregar vehículo' }).click();
    await page.getByLabel('Patente / chapa').fill('???');
    await page.getByRole('button', { name: 'Ocultar detalles' }).click();
    await page.getByRole('button', { name: 'Enviar alerta' }).click();

    await summary.getByRole('link', { name: /El teléfono 1 no es válido/ }).waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement), 'focus on the summary').to.equal(true);
    expect(await page.locator('[role="alert"]').count(), 'one live announcement').to.equal(1);
    const links = await summary.getByRole('link').allTextContents();
    expect(links).to.deep.equal([
      'El teléfono 1 no es válido: escríbalo completo, con código de área, por ejemplo 0981 123 456 o 011 4123 4567.',
      'La patente del vehículo 1 no es válida: escríbala como en la chapa, por ejemplo AB 123 CD, ABC 123 o ABCD 123.',
    ]);
    // The errors are under "Más detalles": it opened, so each link has its field.
    expect(await page.locator('#ph0-error').textContent()).to.equal(links[0]);
    expect(await page.locator('#ph0').getAttribute('aria-invalid')).to.equal('true');
    await checkScreen(page, 'quick-alert-errors-es-phone');
    await expectSpanishOnly(page, 'quick alert errors');
    await summary.getByRole('link', { name: /El teléfono 1/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('ph0');

    await page.getByRole('button', { name: 'Borrar el teléfono 1' }).click();
    expect(await page.locator('#ph0').inputValue()).to.equal('');
    await page.getByLabel('Patente / chapa').fill('AB 123 CD');
    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    // Unblocked: it goes on to the review step (the default distribution reaches both countries).
    await page.locator('h1.screen-heading', { hasText: 'Revise antes de enviar' }).waitFor();
    expect(await page.locator('.review-step').textContent()).to.contain('AB 123 CD');
    expect(await page.locator('.review-step').textContent()).not.to.contain('Teléfonos');
  });

  it('"Descartar borrador" asks first and is not beside "Enviar"', async () => {
    const { page } = ar;
    await page.getByLabel('Título').fill('Borrador que no se debe perder');
    const discard = page.getByRole('button', { name: 'Descartar borrador' });
    expect(await page.locator('.sticky-actions').getByRole('button', { name: 'Descartar borrador' }).count()).to.equal(0);
    const [d, s] = [await discard.boundingBox(), await page.getByRole('button', { name: 'Enviar alerta' }).boundingBox()];
    expect(Math.abs(d!.y - s!.y), 'far from Enviar').to.be.greaterThan(200);

    await discard.click();
    await page.getByText('¿Descartar este borrador?').waitFor();
    await page.getByRole('button', { name: 'Conservar el borrador' }).click();
    expect(await page.getByLabel('Título').inputValue()).to.equal('Borrador que no se debe perder');

    await page.getByRole('button', { name: 'Descartar borrador' }).click();
    await page.getByRole('button', { name: 'Sí, descartar' }).click();
    await page.getByText('Borrador descartado.').waitFor();
    expect(await page.getByLabel('Título').inputValue()).to.equal('');
    await page.reload();
    await page.locator('h1.screen-heading', { hasText: 'Nueva alerta' }).waitFor();
    expect(await page.getByLabel('Título').inputValue(), 'gone from the device too').to.equal('');
  });

  it('"Compartir enlace" copies a link with nothing but the route, which opens only after sign-in', async () => {
    const { page } = ar;
    const title = `Alerta para compartir ${Date.now()}`;
    await fillQuick(page, title);
    await page.getByLabel('Distribución').selectOption('agency');
    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    await page.locator('h1.screen-heading .reference').waitFor();
    const id = page.url().split('/alerts/')[1]!;

    // Desktop Chromium on Linux has no Web Share API: the copy fallback is what runs here.
    expect(await page.evaluate(() => typeof navigator.share)).to.equal('undefined');
    await page.getByRole('button', { name: 'Compartir enlace' }).click();
    await page.getByText('Enlace copiado. Solo se abre en Puente, después de ingresar.').waitFor();
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).to.equal(`${e.url}/alerts/${id}`);
    await checkScreen(page, 'alert-share-link-es-phone');

    const stranger = await newContext(e.browser, { viewport: PHONE });
    const strangerPage = await newPage(stranger);
    await strangerPage.goto(link);
    await strangerPage.waitForURL(/\/sign-in\?next=/);
    expect(await strangerPage.locator('body').innerText()).not.to.contain(title);
    await signInContext(stranger, e.url, arOfficer);
    await strangerPage.goto(link);
    await strangerPage.locator('h1.screen-heading', { hasText: title }).waitFor();
    await stranger.close();

    // Where the clipboard is refused too, the link is shown to copy by hand.
    const refused = await newPage(ar.context);
    await refused.addInitScript(() => {
      navigator.clipboard.writeText = () => Promise.reject(new DOMException('refused', 'NotAllowedError'));
    });
    await refused.goto(link);
    await refused.getByRole('button', { name: 'Compartir enlace' }).click();
    expect(await refused.getByLabel('Copie este enlace (solo se abre en Puente, después de ingresar):').inputValue()).to.equal(link);
    await refused.close();
  });
});
