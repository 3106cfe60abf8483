import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { alertBody, VICTIM_SECRETS } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { deviceRecords, eventually, expectNothingLeft, shellCached } from '../helpers/deviceStorage.js';
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
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Alert } from '../helpers/models.js';

/** "Sin conexión — datos de las 14:32": the 24-hour time of the last sync. */
const OFFLINE_DATA = /^Sin conexión — datos de las \d{2}:\d{2}$/;

describe('e2e: the app reopens with no signal (issue 25: offline, for real)', function () {
  this.timeout(240_000);
  let e: E2e;
  let arOfficer: BuiltUser;
  let pyOfficer: BuiltUser;
  let pyApi: ApiClient;
  let restricted: { id: string; reference: string };
  let standard: { id: string; reference: string };
  let pyAgency: Awaited<ReturnType<typeof buildAgency>>;

  const feedCard = (page: Page, reference: string) => page.locator(`li.alert-card[data-reference="${reference}"]`);

  /** Writes a quick alert in the form and sends it (queued when offline). */
  async function sendQuickAlert(page: Page, title: string): Promise<void> {
    await page.getByLabel('Tipo de alerta').selectOption('missing_person');
    await page.getByLabel('Título').fill(title);
    await page.getByLabel('Prioridad').selectOption('urgent');
    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    // A quick alert goes to both countries by default, so it passes the review step first.
    await page.locator('.review-step').getByRole('button', { name: 'Enviar alerta' }).click();
    await page.locator('.outbox li', { hasText: title }).waitFor();
  }

  before(async function () {
    await resetDatabase();
    e = await startE2e(this);
    const arAgency = await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' });
    pyAgency = await buildAgency({ country: 'PY', shortName: 'PN-Alberdi' });
    arOfficer = await buildUser({ agency: arAgency, mfa: true });
    pyOfficer = await buildUser({ agency: pyAgency, mfa: true });
    await buildContact(pyAgency, {
      name: 'Guardia de Trata — Alberdi',
      phones: [{ number: '0981 555 777', is24h: true, whatsapp: false }],
    });
    const arApi = await signIn(e.url, arOfficer);
    pyApi = await signIn(e.url, pyOfficer);
    restricted = (await arApi.post('/api/v1/alerts', alertBody({ title: 'Joven vista en Clorinda' })).expect(201)).body;
    standard = (
      await arApi
        .post('/api/v1/alerts', alertBody({ title: 'Camioneta gris en el puente', sensitivity: 'standard', subjects: [] }))
        .expect(201)
    ).body;
  });
  after(() => stopE2e(e));

  it('reloaded offline: the feed, an opened alert and the directory show from the device; a queued alert is sent once on reconnect and its reference confirmed', async () => {
    const { context, page } = await signedInPage(e, arOfficer, { viewport: PHONE });
    await page.locator('[data-connection="online"]').waitFor();
    await feedCard(page, standard.reference).waitFor();
    await shellCached(page);
    await page.goto(`${e.url}/directory`);
    await page.getByTestId('copy-saved').waitFor();
    // The origin officer opens the restricted alert and sees the victim.
    await page.goto(`${e.url}/alerts/${restricted.id}`);
    await page.locator('.subject', { hasText: 'María José' }).waitFor();
    await page.goto(`${e.url}/`);
    await feedCard(page, restricted.reference).waitFor();
    await page.locator('[data-connection="online"]').waitFor();

    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    // Posted across the border while this phone has no signal.
    const fromPy = (
      await pyApi.post('/api/v1/alerts', alertBody({ title: 'Menor vista en Alberdi', sensitivity: 'standard', subjects: [] })).expect(201)
    ).body;
    await page.reload();
    await page.getByTestId('feed-offline').waitFor();
    expect(await page.getByTestId('feed-offline').textContent()).to.match(OFFLINE_DATA);
    expect(await page.getByLabel('Correo electrónico').count(), 'not the sign-in page').to.equal(0);
    expect(await feedCard(page, restricted.reference).count()).to.equal(1);
    expect(await feedCard(page, standard.reference).count()).to.equal(1);
    expect(await page.locator('.alert-card').first().textContent()).to.contain('PFA-Clorinda (AR)');
    await checkScreen(page, 'feed-offline-es-phone');

    // The opened alert, from the device: read-only and without the victim's restricted details.
    await feedCard(page, restricted.reference).locator('a').click();
    await page.getByTestId('alert-offline').waitFor();
    expect(await page.getByTestId('alert-offline').textContent()).to.match(OFFLINE_DATA);
    await page.getByTestId('withheld').waitFor();
    const article = (await page.locator('article').textContent()) ?? '';
    expect(article).to.contain('Joven vista en Clorinda');
    const stored = JSON.stringify(await deviceRecords(page));
    for (const secret of VICTIM_SECRETS) {
      expect(article, secret).not.to.contain(secret);
      expect(stored, `the device keeps ${secret}`).not.to.contain(secret);
    }
    expect(await page.getByRole('button', { name: 'Editar' }).count()).to.equal(0);
    await checkScreen(page, 'alert-offline-es-phone');

    // An alert never opened on this phone says so.
    await page.goto(`${e.url}/alerts/${standard.id}`);
    await page.locator('.notice', { hasText: 'no se abrió en este dispositivo' }).waitFor();

    // The directory stays available.
    await page.goto(`${e.url}/directory`);
    await page.getByTestId('offline-copy').waitFor();
    await page.locator('li.contact-card', { hasText: 'Guardia de Trata — Alberdi' }).waitFor();

    // A new alert written and queued after the offline reload.
    const title = `Traslado sospechoso ${Date.now()}`;
    await page.goto(`${e.url}/alerts/new`);
    await sendQuickAlert(page, title);
    expect(await page.getByTestId('outbox-status').textContent()).to.equal('1 alerta espera conexión');
    await checkScreen(page, 'outbox-offline-es-phone');
    await page.locator('nav a[href="/"]').first().click();
    await page.getByTestId('feed-offline').waitFor();
    expect(await page.getByTestId('outbox-status').textContent()).to.equal('1 alerta espera conexión');
    expect(await Alert.countDocuments({ title })).to.equal(0);

    // The signal returns: the session is confirmed, the alert sent once and its reference confirmed.
    await context.setOffline(false);
    const sent = page.getByTestId('notice-outbox_sent');
    await sent.waitFor({ timeout: 20_000 });
    const created = await Alert.findOne({ title }).lean();
    expect(created, 'the queued alert reached the server').to.not.equal(null);
    expect(await sent.textContent()).to.contain(`Enviada: ${created!.reference}`);
    expect(await Alert.countDocuments({ title })).to.equal(1);
    await page.getByTestId('outbox-status').waitFor({ state: 'detached' });
    // The whole feed, not only the officer's own new alert.
    for (const reference of [created!.reference, fromPy.reference, restricted.reference, standard.reference])
      await feedCard(page, reference).waitFor();
    expect(await page.getByTestId('feed-offline').count()).to.equal(0);
    await checkScreen(page, 'feed-reconnected-es-phone');
    // Reconnecting again sends nothing more.
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    await context.setOffline(false);
    await page.locator('[data-connection="online"]').waitFor();
    await page.waitForTimeout(500);
    expect(await Alert.countDocuments({ title })).to.equal(1);
    await context.close();
  });

  it('two tabs, each with a queued alert: both are sent exactly once, by one tab at a time', async () => {
    const officer = await buildUser({ agency: pyAgency, mfa: true });
    // Request interception needs the page's own requests (no service worker in between).
    const context = await newContext(e.browser, { viewport: PHONE, serviceWorkers: 'block' });
    await signInContext(context, e.url, officer);
    const tabs = [await newPage(context), await newPage(context)];
    for (const tab of tabs) {
      await tab.goto(`${e.url}/alerts/new`);
      await tab.locator('[data-connection="online"]').waitFor();
    }
    // Every alert POST is counted by key and held 1.5 s, so both tabs are sending at the same time.
    const posts: string[] = [];
    await context.route('**/api/v1/alerts', async (route) => {
      if (route.request().method() === 'POST') {
        posts.push(route.request().headers()['idempotency-key'] ?? '');
        await new Promise((r) => setTimeout(r, 1500));
      }
      await route.continue();
    });
    await context.setOffline(true);
    const stamp = Date.now();
    const titles = [`Pestaña uno ${stamp}`, `Pestaña dos ${stamp}`];
    for (const [i, tab] of tabs.entries()) {
      await tab.locator('[data-connection="offline"]').waitFor();
      await sendQuickAlert(tab, titles[i]!);
    }
    // Each tab's outbox shows both alerts.
    for (const tab of tabs) await tab.getByTestId('outbox-status').filter({ hasText: '2 alertas esperan conexión' }).waitFor();

    await context.setOffline(false);
    // (The store's sanitizeFilter refuses operators in queries: one count per title.)
    const stored = async () => Promise.all(titles.map((title) => Alert.countDocuments({ title })));
    await eventually(
      async () => (await stored()).every((n) => n === 1) && (await tabs[0]!.locator('.outbox').count()) === 0,
      'both alerts are sent',
      30_000,
    );
    await tabs[1]!.locator('.outbox').waitFor({ state: 'detached' });
    await tabs[0]!.waitForTimeout(2000);
    expect(await stored()).to.deep.equal([1, 1]);
    expect(posts, 'each alert posted once').to.have.length(2);
    expect(new Set(posts).size).to.equal(2);
    // Both tabs confirm both references.
    const references = await Promise.all(titles.map(async (title) => (await Alert.findOne({ title }).lean())!.reference));
    for (const tab of tabs)
      for (const reference of references)
        await tab
          .getByTestId('notice-outbox_sent')
          .filter({ hasText: `Enviada: ${reference}` })
          .waitFor();
    await context.close();
  });

  it('a session ended elsewhere while the phone was offline wipes the device when the signal returns', async () => {
    const officer = await buildUser({ agency: pyAgency, mfa: true });
    const { context, page } = await signedInPage(e, officer, { viewport: PHONE });
    await page.locator('[data-connection="online"]').waitFor();
    await feedCard(page, standard.reference).waitFor();
    await shellCached(page);
    // Opened in a new page life that never lists the feed: the feed copy of the first one stays.
    await page.goto(`${e.url}/alerts/${standard.id}`);
    await page.locator('h1.screen-heading .reference').waitFor();
    await page.locator('[data-connection="online"]').waitFor();
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    await page.goto(`${e.url}/`);
    await page.getByTestId('feed-offline').waitFor();
    expect(await feedCard(page, standard.reference).count()).to.equal(1);
    await page.setViewportSize(DESKTOP);
    await checkScreen(page, 'feed-offline-es-desktop');

    const elsewhere = await signIn(e.url, officer);
    await elsewhere.post('/api/v1/auth/logout-all', {}).expect(204);
    await context.setOffline(false);
    await page.waitForURL(/\/sign-in\?ended=expired/, { timeout: 30_000 });
    await page.getByLabel('Correo electrónico').waitFor();
    await expectNothingLeft(page);
    await context.close();
  });
});
