import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { checkScreen, expectNoCspViolations, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { Alert } from '../helpers/models.js';

describe('e2e: live feed, new alert with outbox, alert detail', function () {
  this.timeout(180_000);
  let e: E2e;
  let arOfficer: BuiltUser;
  let pyOfficer: BuiltUser;
  let arApi: ApiClient;
  let ar: { context: BrowserContext; page: Page };
  let py: { context: BrowserContext; page: Page };

  const feedCard = (page: Page, reference: string) => page.locator(`li.alert-card[data-reference="${reference}"]`);

  before(async function () {
    e = await startE2e(this);
    const arAgency = await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' });
    const pyAgency = await buildAgency({ country: 'PY', shortName: 'PN-Falcon' });
    arOfficer = await buildUser({ agency: arAgency, mfa: true });
    pyOfficer = await buildUser({ agency: pyAgency, mfa: true });
    arApi = await signIn(e.url, arOfficer);
    ar = await signedInPage(e, arOfficer, { viewport: PHONE });
    py = await signedInPage(e, pyOfficer, { viewport: PHONE });
    await py.page.locator('[data-connection="online"]').waitFor();
  });
  after(() => stopE2e(e));

  it('an AR officer posts a bilateral restricted alert in the form; the PY feed shows it within 2 s, victim identity withheld', async () => {
    const { page } = ar;
    await page.goto(`${e.url}/alerts/new`);
    await page.locator('h1.screen-heading').waitFor();
    await page.getByLabel('Tipo de alerta').selectOption('possible_victim');
    await page.getByLabel('Título').fill('Joven vista en Clorinda con dos adultos');
    await page.getByLabel('Prioridad').selectOption('urgent');
    await page.getByLabel('Nombres').fill('María José');
    await page.getByLabel('Apellidos').fill('Benítez Ortiz');
    await page.getByLabel('Tipo de documento').selectOption('DNI');
    await page.getByLabel('Número de documento').fill('30.123.456');
    expect(await page.getByTestId('normalized').first().textContent()).to.equal('30.123.456 → DNI 30123456');
    await page.getByRole('button', { name: 'Más detalles' }).click();
    await page.getByRole('button', { name: 'Agregar teléfono' }).click();
    await page.getByLabel('Teléfono 1').fill('0981 123 456');
    expect(await page.getByTestId('normalized').nth(1).textContent()).to.equal('0981 123 456 → +595981123456');
    await page.getByLabel('Sensibilidad').selectOption('restricted');
    expect(await page.locator('#distribution-preview').textContent()).to.contain('Argentina y Paraguay');
    await checkScreen(page, 'new-alert-es-phone');
    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    // Bilateral: "Revise antes de enviar" comes first (test/e2e/quickAlert.test.ts).
    await page.locator('.review-step').getByRole('button', { name: 'Enviar alerta' }).click();
    await page.waitForURL(/\/alerts\/[a-f0-9]{24}$/);
    await page.locator('h1.screen-heading .reference').waitFor();
    const reference = (await page.locator('h1.screen-heading .reference').textContent())!;
    const postedAt = Date.now();
    await feedCard(py.page, reference).waitFor({ timeout: 2000 });
    expect(Date.now() - postedAt).to.be.below(2000);
    expect(await py.page.getByTestId('feed-badge').textContent()).to.equal('1');
    expect(await py.page.locator('#live-assertive').textContent()).to.contain(reference);
    await checkScreen(py.page, 'feed-live-es-phone');
    // The AR origin sees the name; the PY officer sees the victim withheld, never blank.
    expect(await page.locator('.subject').first().textContent()).to.contain('María José');
    await feedCard(py.page, reference).locator('a').click();
    await py.page.getByTestId('withheld').waitFor();
    expect(await py.page.locator('article').textContent()).not.to.contain('Benítez');
    await checkScreen(py.page, 'alert-detail-restricted-es-phone');
  });

  it('an alert arriving just before the feed clears its badge stays badged for a while, then is cleared', async () => {
    const { page } = py;
    await page.goto(`${e.url}/`);
    await page.locator('[data-connection="online"]').waitFor();
    // The feed clears its badge 4 s after being shown; arrive shortly before that.
    await page.waitForTimeout(3000);
    const posted = (
      await arApi.post('/api/v1/alerts', alertBody({ title: 'Llega antes del borrado', sensitivity: 'standard' })).expect(201)
    ).body as { reference: string };
    await feedCard(page, posted.reference).waitFor({ timeout: 5000 });
    await page.waitForTimeout(1500);
    expect(await page.getByTestId('feed-badge').textContent()).to.equal('1');
    await page.getByTestId('feed-badge').waitFor({ state: 'detached', timeout: 6000 });
  });

  it('PY goes offline, two alerts are posted, it comes back: both appear exactly once', async () => {
    const { page, context } = py;
    await page.goto(`${e.url}/`);
    await page.locator('[data-connection="online"]').waitFor();
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    const a1 = (await arApi.post('/api/v1/alerts', alertBody({ title: 'Offline uno', sensitivity: 'standard' })).expect(201)).body;
    const a2 = (await arApi.post('/api/v1/alerts', alertBody({ title: 'Offline dos', sensitivity: 'standard' })).expect(201)).body;
    // Offline (the connection says so): nothing can have arrived, so no wait is needed to see it absent.
    expect(await page.locator('[data-connection="offline"]').count()).to.equal(1);
    expect(await feedCard(page, a1.reference).count()).to.equal(0);
    await context.setOffline(false);
    await feedCard(page, a1.reference).waitFor({ timeout: 10_000 });
    await feedCard(page, a2.reference).waitFor();
    await page.locator('[data-connection="online"]').waitFor();
    expect(await feedCard(page, a1.reference).count()).to.equal(1);
    expect(await feedCard(page, a2.reference).count()).to.equal(1);
    // A reload catches up from the stored cursor and still shows each once.
    await page.reload();
    await feedCard(page, a2.reference).waitFor();
    await page.locator('[data-connection="online"]').waitFor();
    expect(await feedCard(page, a1.reference).count()).to.equal(1);
    expectNoCspViolations(page);
  });

  it('an alert written offline is queued with its Idempotency-Key and sent once on reconnect', async () => {
    const { page, context } = ar;
    await page.goto(`${e.url}/alerts/new`);
    await page.locator('[data-connection="online"]').waitFor();
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    const title = `Vehículo sospechoso ${Date.now()}`;
    await page.getByLabel('Tipo de alerta').selectOption('vehicle');
    await page.getByLabel('Prioridad').selectOption('high');
    await page.getByLabel('Título').fill(title);
    // The draft survives a reload (kept on the device).
    await page.waitForTimeout(400);
    await context.setOffline(false);
    await page.reload();
    await page.locator('h1.screen-heading').waitFor();
    expect(await page.getByLabel('Título').inputValue()).to.equal(title);
    await context.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    await page.getByRole('button', { name: 'Enviar alerta' }).click();
    await page.locator('.review-step').getByRole('button', { name: 'Enviar alerta' }).click();
    await page.locator('.notice-warning', { hasText: 'bandeja de salida' }).waitFor();
    await page.locator('.outbox li', { hasText: title }).waitFor();
    expect(await Alert.countDocuments({ title })).to.equal(0);
    await context.setOffline(false);
    await page.locator('.outbox').waitFor({ state: 'detached', timeout: 15_000 });
    expect(await Alert.countDocuments({ title })).to.equal(1);
    // Reconnecting again sends nothing more.
    await context.setOffline(true);
    await context.setOffline(false);
    await page.locator('[data-connection="online"]').waitFor();
    await page.waitForTimeout(500);
    expect(await Alert.countDocuments({ title })).to.equal(1);
  });

  it('a hit reported by PY is acknowledged by AR; a 409 edit conflict is resolved without loss', async () => {
    const created = (await arApi.post('/api/v1/alerts', alertBody({ title: 'Para hallazgo', sensitivity: 'standard' })).expect(201)).body;
    await py.page.goto(`${e.url}/alerts/${created.id}`);
    await py.page.getByLabel('Tipo', { exact: true }).selectOption('hit');
    await py.page.getByLabel('Tipo de hallazgo').selectOption('sighting');
    await py.page.getByLabel('Texto').fill('Vista en la terminal de Puerto Falcón');
    await py.page.getByLabel('Lugar (opcional)').fill('Terminal Falcón');
    await py.page.getByRole('button', { name: 'Publicar' }).click();
    await py.page.locator('.update-hit', { hasText: 'terminal de Puerto Falcón' }).waitFor();
    await checkScreen(py.page, 'alert-detail-hit-es-phone');

    await ar.page.goto(`${e.url}/alerts/${created.id}`);
    await ar.page.locator('.update-hit .due').waitFor();
    expect(await ar.page.locator('.update-hit .due').textContent()).to.match(/Respuesta esperada/);
    await ar.page.getByRole('button', { name: 'Acusar recibo' }).click();
    await ar.page.getByTestId('acknowledged').waitFor();
    // The reporter sees the acknowledgement (on reload: an acknowledgement publishes no live event yet).
    await py.page.reload();
    await py.page.getByTestId('acknowledged').waitFor();

    await ar.page.getByRole('button', { name: 'Editar' }).click();
    await ar.page.getByLabel('Título').fill('Título corregido por AR');
    await arApi.patch(`/api/v1/alerts/${created.id}`, { version: created.version, summary: 'Resumen cambiado por otro' }).expect(200);
    await ar.page.getByRole('button', { name: 'Guardar cambios' }).click();
    await ar.page.getByTestId('conflict').waitFor();
    expect(await ar.page.getByTestId('theirs-summary').textContent()).to.equal('Resumen cambiado por otro');
    expect(await ar.page.getByLabel('Título').inputValue()).to.equal('Título corregido por AR');
    await checkScreen(ar.page, 'alert-edit-conflict-es-phone');
    await ar.page.getByRole('button', { name: 'Guardar mis cambios sobre la versión nueva' }).click();
    await ar.page.locator('h1.screen-heading', { hasText: 'Título corregido por AR' }).waitFor();
    const saved = await Alert.findById(created.id).lean();
    expect(saved?.title).to.equal('Título corregido por AR');
    expect(saved?.summary).to.equal('Resumen cambiado por otro');
  });

  it('AR hides a note PY posted (“Ocultar nota”): both see only “Nota ocultada por la agencia de origen”; PY has no such button', async () => {
    const created = (await arApi.post('/api/v1/alerts', alertBody({ title: 'Para ocultar', sensitivity: 'standard' })).expect(201)).body;
    const pyApi = await signIn(e.url, pyOfficer);
    await pyApi.post(`/api/v1/alerts/${created.id}/updates`, { kind: 'note', text: 'Dato equivocado sobre la víctima' }).expect(201);
    await py.page.goto(`${e.url}/alerts/${created.id}`);
    await py.page.locator('.update-note', { hasText: 'Dato equivocado' }).waitFor();
    expect(await py.page.getByRole('button', { name: 'Ocultar nota' }).count()).to.equal(0);
    await ar.page.goto(`${e.url}/alerts/${created.id}`);
    ar.page.once('dialog', (dialog) => void dialog.accept());
    await ar.page.getByRole('button', { name: 'Ocultar nota' }).click();
    await ar.page.getByTestId('note-hidden').waitFor();
    expect(await ar.page.getByTestId('note-hidden').textContent()).to.equal('Nota ocultada por la agencia de origen');
    expect(await ar.page.getByRole('button', { name: 'Ocultar nota' }).count()).to.equal(0);
    // PY, still on the alert, is told live.
    await py.page.getByTestId('note-hidden').waitFor();
    expect(await py.page.locator('.update-note', { hasText: 'Dato equivocado' }).count()).to.equal(0);
  });

  it('every screen of this part renders in English too, on a desktop, without raw keys', async () => {
    const en = await signedInPage(e, arOfficer, { lang: 'en' });
    await en.page.locator('h1.screen-heading', { hasText: 'Alerts' }).waitFor();
    await en.page.locator('li.alert-card').first().waitFor();
    await checkScreen(en.page, 'feed-en-desktop');
    await en.page.goto(`${e.url}/alerts/new`);
    await en.page.locator('h1.screen-heading', { hasText: 'New alert' }).waitFor();
    await checkScreen(en.page, 'new-alert-en-desktop');
    await en.page
      .locator('li.alert-card')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await en.page.goto(`${e.url}/`);
    await en.page.locator('li.alert-card a').first().click();
    await en.page.locator('h1.screen-heading .reference').waitFor();
    await checkScreen(en.page, 'alert-detail-en-desktop');
    await en.context.close();
  });
});
