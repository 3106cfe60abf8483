/**
 * Issue 23 F0 in the browser: the new-alert form asks whom each photo shows and says who will see
 * it; on the restricted alert it posts, a PY officer sees the photo of no person and only the
 * number of the others, while the origin sees all of them.
 */
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { checkScreen, DESKTOP, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';

const image = (colour: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .png()
    .toBuffer();

describe('e2e: the new-alert form asks whom each photo shows (issue 23 F0)', function () {
  this.timeout(180_000);
  let e: E2e;
  let arOfficer: BuiltUser;
  let pyOfficer: BuiltUser;
  let ar: { context: BrowserContext; page: Page };

  before(async function () {
    e = await startE2e(this);
    arOfficer = await buildUser({ agency: await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' }), mfa: true });
    pyOfficer = await buildUser({ agency: await buildAgency({ country: 'PY', shortName: 'PN-Falcon' }), mfa: true });
    ar = await signedInPage(e, arOfficer, { viewport: PHONE });
  });
  after(() => stopE2e(e));

  it('a photo counts as an unidentified person until told otherwise; the form says who will see each one', async () => {
    const { page } = ar;
    await page.goto(`${e.url}/alerts/new`);
    await page.locator('h1.screen-heading').waitFor();
    await page.getByLabel('Tipo de alerta').selectOption('possible_victim');
    await page.getByLabel('Prioridad').selectOption('high');
    await page.getByLabel('Título').fill('Joven vista con dos adultos en una camioneta');
    await page.getByLabel('Nombres').fill('Lucía');
    await page.getByLabel('Sensibilidad').selectOption('restricted');

    const file = page.locator('#a-photo');
    await file.setInputFiles({ name: 'camioneta.png', mimeType: 'image/png', buffer: await image('grey') });
    const first = page.locator('#photo1-who');
    await first.waitFor();
    expect(await first.inputValue(), 'unanswered: an unidentified person').to.equal('person');
    expect(await page.locator('#photo1-who-hint').textContent()).to.contain('Solo quienes tienen acceso restringido');
    const options = await first.locator('option').allTextContents();
    expect(options).to.deep.equal([
      'Persona 1 — Víctima: Lucía',
      'Persona sin identificar',
      'No muestra a ninguna persona (vehículo, lugar, documento)',
    ]);
    await first.selectOption('no_person');
    expect(await page.locator('#photo1-who-hint').textContent()).to.contain('Todos los organismos que reciben la alerta verán esta foto');

    await file.setInputFiles({ name: 'lucia.png', mimeType: 'image/png', buffer: await image('pink') });
    await page.locator('#photo2-who').selectOption('s0');
    expect(await page.locator('#photo2-who-hint').textContent()).to.contain('Solo quienes tienen acceso restringido');
    await page.locator('#photo2-who').scrollIntoViewIfNeeded();
    await checkScreen(page, 'new-alert-photo-who-es-phone');

    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    await page.locator('.review-step').getByRole('button', { name: 'Enviar alerta' }).click();
    await page.waitForURL(/\/alerts\/[a-f0-9]{24}$/);
    const alertId = page.url().split('/').pop()!;
    await page.locator('.photo-grid img').nth(1).waitFor();
    expect(await page.locator('.photo-restricted-mark').count(), 'the origin sees which photo is restricted').to.equal(1);

    // What was stored: one photo of no person, one of the victim.
    const stored = (await (await signIn(e.url, arOfficer)).get(`/api/v1/alerts/${alertId}`).expect(200)).body;
    const victimId = stored.subjects[0].id as string;
    expect(stored.photos.map((p: { shows: string; subjectId: string | null }) => [p.shows, p.subjectId])).to.have.deep.members([
      ['no_person', null],
      ['person', victimId],
    ]);

    const py = await signedInPage(e, pyOfficer, { viewport: PHONE, path: `/alerts/${alertId}` });
    await py.page.locator('#hidden-photos').waitFor();
    expect(await py.page.locator('#hidden-photos').textContent()).to.contain('1 foto restringida:');
    expect(await py.page.locator('.photo-grid img').count()).to.equal(1);
    const shownSrc = (await py.page.locator('.photo-grid img').getAttribute('src'))!;
    const shownId = stored.photos.find((p: { shows: string }) => p.shows === 'no_person').id as string;
    expect(shownSrc).to.contain(shownId);
    await checkScreen(py.page, 'alert-detail-hidden-photo-es-phone');
    await py.context.close();
  });

  it('in English: the same question, and who will see the photo follows the alert’s sensitivity', async () => {
    const en = await signedInPage(e, arOfficer, { viewport: DESKTOP, lang: 'en', path: '/alerts/new' });
    await en.page.locator('#a-photo').setInputFiles({ name: 'plate.png', mimeType: 'image/png', buffer: await image('navy') });
    const who = en.page.locator('#photo1-who');
    await who.waitFor();
    expect(await who.locator('option').allTextContents()).to.deep.equal([
      'Unidentified person',
      'Shows no person (vehicle, place, document)',
    ]);
    const hint = en.page.locator('#photo1-who-hint');
    expect(await hint.textContent(), 'a standard alert goes to all').to.contain('Every agency that receives the alert will see this photo');
    await en.page.getByLabel('Sensitivity').selectOption('restricted');
    expect(await hint.textContent()).to.contain('Only those with restricted access');
    await checkScreen(en.page, 'new-alert-photo-who-en-desktop');
    await en.context.close();
  });
});
