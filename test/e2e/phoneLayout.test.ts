import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { checkScreen, DESKTOP, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { resetDatabase } from '../helpers/testStore.js';

const HIT = { kind: 'hit', hitType: 'sighting', text: 'Vista en la terminal de Clorinda' } as const;
/** WCAG 2.5.5: a touch target of at least 44×44 CSS pixels. */
const TARGET = 44;

async function expectTouchTarget(target: Locator, label: string): Promise<void> {
  const box = await target.boundingBox();
  expect(box, `${label} is shown`).to.not.equal(null);
  expect(box!.width, `${label} width`).to.be.at.least(TARGET);
  expect(box!.height, `${label} height`).to.be.at.least(TARGET);
}

const heading = (page: Page, text: string) => page.locator('h1.screen-heading', { hasText: text }).waitFor();

describe('e2e: a feed that fits a phone — compact header, bottom tab bar, folded filters, 44 px targets', function () {
  this.timeout(180_000);
  let e: E2e;
  /** An officer of an Argentine agency whose alerts fill the feed, and that agency's administrator. */
  const people: { officer?: BuiltUser; agencyAdmin?: BuiltUser } = {};
  const officer = () => people.officer!;

  before(async function () {
    // Alone in the store: the feed holds exactly this suite's alerts.
    await resetDatabase();
    e = await startE2e(this);
    const ar = await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' });
    const py = await buildAgency({ country: 'PY', shortName: 'PN-Falcón' });
    people.officer = await buildUser({ agency: ar, roles: ['officer'], mfa: true });
    people.agencyAdmin = await buildUser({ agency: ar, roles: ['agency_admin'], mfa: true });
    const arApi = await signIn(e.url, people.officer);
    const pyApi = await signIn(e.url, await buildUser({ agency: py, mfa: true }));
    const titles = [
      'Joven vista en la terminal',
      'Menor sin documentos en el puente',
      'Camioneta gris con dos adultos',
      'Denuncia de la familia',
    ];
    let first = '';
    for (const [i, title] of titles.entries()) {
      const body = alertBody({ sensitivity: 'standard', title, priority: i % 2 ? 'high' : 'urgent' });
      const created = (await arApi.post('/api/v1/alerts', body).expect(201)).body as { id: string };
      first ||= created.id;
    }
    // A sighting on the officer's alert: an unread item for the inbox tab's badge.
    await pyApi.post(`/api/v1/alerts/${first}/updates`, HIT).expect(201);
  });
  after(() => stopE2e(e));

  it('at 360×740 the first alert starts in the top third, filters folded, the connection state in view', async () => {
    const { context, page } = await signedInPage(e, officer(), { viewport: PHONE });
    await page.locator('[data-connection="online"]').waitFor();
    const cards = page.locator('.alert-list > li');
    await cards.nth(3).waitFor();
    const top = (await cards.first().boundingBox())!.y;
    expect(top, 'first alert top (px)').to.be.below(PHONE.height / 3);

    // The filters are one "Filtros" toggle; it says how many narrow the feed.
    const filters = page.getByTestId('feed-filters');
    expect(await filters.evaluate((d) => (d as HTMLDetailsElement).open)).to.equal(false);
    expect(await page.getByLabel('Tipo').isVisible()).to.equal(false);
    const toggle = filters.locator('summary');
    expect((await toggle.textContent())?.trim()).to.equal('Filtros');
    await expectTouchTarget(toggle, 'Filtros');

    // The bar at the bottom: the areas an officer uses, the inbox with its badge; "Más" for the rest.
    const bar = page.getByTestId('tab-bar');
    const barBox = (await bar.boundingBox())!;
    expect(barBox.y + barBox.height).to.be.closeTo(PHONE.height, 1);
    const tabs = bar.locator('.tabs .tab');
    expect(await tabs.locator('.tab-label').allInnerTexts()).to.deep.equal(['Alertas', 'Buscar', 'Directorio', 'Avisos', 'Más']);
    const unread = Number(await bar.getByTestId('inbox-badge').textContent());
    expect(unread).to.be.at.least(1);
    expect(await bar.getByTestId('inbox-badge').getAttribute('aria-label')).to.equal(`${unread} avisos sin leer`);
    for (let i = 0; i < (await tabs.count()); i++) await expectTouchTarget(tabs.nth(i), `tab ${i + 1}`);
    expect(await bar.getByRole('link', { name: 'Alertas' }).getAttribute('aria-current')).to.equal('page');
    await expectTouchTarget(page.getByRole('button', { name: 'ES Español' }), 'ES');
    await expectTouchTarget(page.getByRole('button', { name: 'EN English' }), 'EN');
    await checkScreen(page, 'feed-es-phone');

    await toggle.click();
    await page.getByLabel('Tipo').selectOption('possible_victim');
    await page.getByLabel('Origen', { exact: true }).selectOption('mine');
    expect(await toggle.textContent()).to.contain('Filtros · 2 activos');
    await checkScreen(page, 'feed-filters-open-es-phone');
    await page.getByLabel('Origen', { exact: true }).selectOption('all');
    expect(await toggle.textContent()).to.contain('Filtros · 1 activo');
    expect(await toggle.textContent()).to.not.contain('activos');
    await page.getByLabel('Tipo').selectOption('');

    // Scrolled down, the header (with the connection state) stays in view.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    const conn = (await page.locator('[data-connection="online"]').boundingBox())!;
    expect(conn.y).to.be.within(0, 60);
    await context.close();
  });

  it('the tab bar moves between the areas; "Más" holds the rest of an officer’s areas and "Cerrar sesión"', async () => {
    const { context, page } = await signedInPage(e, officer(), { viewport: PHONE });
    const bar = page.getByTestId('tab-bar');
    for (const [tab, title] of [
      ['Buscar', 'Búsqueda'],
      ['Directorio', 'Directorio'],
      [/^Avisos/, 'Avisos'],
      ['Alertas', 'Alertas'],
    ] as const) {
      await bar.getByRole('link', { name: tab }).click();
      await heading(page, title);
      expect(await bar.getByRole('link', { name: tab }).getAttribute('aria-current')).to.equal('page');
    }

    const more = bar.getByRole('button', { name: 'Más' });
    await more.click();
    expect(await more.getAttribute('aria-expanded')).to.equal('true');
    const panel = page.locator('#more-panel');
    expect(await panel.getByRole('link').allInnerTexts()).to.deep.equal(['Nueva alerta', 'Recordatorios', 'Mi cuenta']);
    await expectTouchTarget(panel.getByRole('button', { name: 'Cerrar sesión' }), 'Cerrar sesión');
    for (const link of await panel.getByRole('link').all()) await expectTouchTarget(link, (await link.textContent()) ?? 'link');
    await checkScreen(page, 'tab-bar-more-es-phone');

    // Escape closes it and gives focus back to "Más"; a link in it closes it and marks "Más" current.
    await page.keyboard.press('Escape');
    expect(await panel.isVisible()).to.equal(false);
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Más');
    await more.click();
    await panel.getByRole('link', { name: 'Mi cuenta' }).click();
    await heading(page, 'Mi cuenta');
    expect(await panel.isVisible()).to.equal(false);
    expect(await more.getAttribute('class')).to.contain('tab-current');

    await more.click();
    await panel.getByRole('button', { name: 'Cerrar sesión' }).click();
    await heading(page, 'Iniciar sesión');
    await context.close();
  });

  it('an agency administrator’s "Más" offers Administración, not "Nueva alerta"', async () => {
    const { context, page } = await signedInPage(e, people.agencyAdmin!, { viewport: PHONE });
    await page.getByTestId('tab-bar').getByRole('button', { name: 'Más' }).click();
    expect(await page.locator('#more-panel').getByRole('link').allInnerTexts()).to.deep.equal(['Administración', 'Mi cuenta']);
    await page.locator('#more-panel').getByRole('link', { name: 'Administración' }).click();
    await heading(page, 'Administración');
    await context.close();
  });

  it('on a desktop the header keeps the navigation and the account; filters open; targets still 44 px', async () => {
    const { context, page } = await signedInPage(e, officer(), { viewport: DESKTOP });
    await page.locator('.alert-list > li').nth(3).waitFor();
    expect(await page.getByTestId('tab-bar').count()).to.equal(0);
    const nav = page.getByRole('navigation', { name: 'Navegación principal' });
    const links = (await nav.getByRole('link').allInnerTexts()).map((l) => l.replace(/\s*\d+$/, ''));
    expect(links).to.deep.equal(['Alertas', 'Nueva alerta', 'Avisos', 'Búsqueda', 'Directorio', 'Recordatorios', 'Mi cuenta']);
    expect(await page.getByLabel('Tipo').isVisible()).to.equal(true);
    await expectTouchTarget(page.getByRole('button', { name: 'Cerrar sesión' }), 'Cerrar sesión');
    await expectTouchTarget(page.getByRole('button', { name: 'ES Español' }), 'ES');
    await expectTouchTarget(page.getByRole('button', { name: 'EN English' }), 'EN');
    await checkScreen(page, 'feed-es-desktop');

    // Narrowed to a phone, the same page turns into the phone layout.
    await page.setViewportSize(PHONE);
    await page.getByTestId('tab-bar').waitFor();
    expect(await page.getByRole('button', { name: 'Cerrar sesión' }).count()).to.equal(0);
    await context.close();
  });
});
