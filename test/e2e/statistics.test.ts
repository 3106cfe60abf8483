/**
 * "Estadísticas" in the browser (issue 29), by visible Spanish labels: the commission's statistics
 * user lands on it, its navigation offers nothing else (but its account), any other path brings it
 * back; the tables show "<11" with the explanation, the charts are images with a title and a
 * description, the year can be changed and the CSV downloaded; readable at 360 px (screenshots in
 * docs/screenshots/). A system administrator reaches it from the navigation; an officer is not
 * offered it and is refused it. In English when the user's language is English.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import { checkScreen, DESKTOP, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { seedStatisticsAlerts } from '../helpers/statisticsFixtures.js';
import { resetDatabase } from '../helpers/testStore.js';

/** The year the screen opens on: Argentine/Paraguayan time (UTC−3). */
const YEAR = new Date(Date.now() - 3 * 3_600_000).getUTCFullYear();

describe('e2e: statistics for the binational commission', function () {
  this.timeout(300_000);
  let e: E2e;

  before(async function () {
    await resetDatabase();
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('the statistics user sees only Estadísticas: tables with "<11", charts, another year, the CSV (360 px and desktop)', async () => {
    const coordination = await buildAgency({ country: 'PY', kind: 'other', shortName: 'Coordinación PY' });
    const police = await buildAgency({ country: 'AR', kind: 'police' });
    await seedStatisticsAlerts(YEAR, String(police._id));
    const user = await buildUser({ agency: coordination, roles: ['statistics'], mfa: true });

    const { context, page } = await signedInPage(e, user, { path: '/', viewport: DESKTOP });
    await page.getByRole('heading', { level: 1, name: 'Estadísticas' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal('/statistics');
    const nav = page.getByRole('navigation', { name: 'Navegación principal' });
    expect(await nav.getByRole('link').allTextContents()).to.deep.equal(['Estadísticas', 'Mi cuenta']);

    const kinds = page.getByRole('region', { name: 'Alertas por tipo' });
    await kinds.getByRole('cell', { name: '25' }).first().waitFor();
    expect(
      await kinds
        .getByRole('row', { name: /Posible víctima/ })
        .getByRole('cell')
        .textContent(),
    ).to.equal('25');
    expect(
      await kinds
        .getByRole('row', { name: /Vehículo/ })
        .getByRole('cell')
        .textContent(),
    ).to.equal('<11');
    expect(await kinds.getByRole('row', { name: 'Total 40' }).count()).to.equal(1);
    await page.getByText(/ninguna cifra publicada está entre 1 y 10/).waitFor();
    const chart = kinds.getByRole('img', { name: /Alertas por tipo/ });
    expect(await chart.getAttribute('aria-labelledby')).to.match(/byKind-title byKind-desc/);
    expect(await page.locator('#byKind-desc').textContent()).to.contain('Vehículo: <11');
    await page
      .getByRole('region', { name: /Tiempo hasta el primer hallazgo/ })
      .getByRole('row', { name: /Argentina 13 5/ })
      .waitFor();
    await checkScreen(page, 'statistics-es-desktop');

    // The CSV, as the server audits and sends it.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Descargar CSV' }).click()]);
    expect(download.suggestedFilename()).to.equal(`puente-estadisticas-${YEAR}.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).to.contain('"Alertas por tipo","","vehicle","Vehículo","<11",""');

    // Another year: nothing counted.
    await page.getByLabel('Año').selectOption(String(YEAR - 1));
    await kinds.getByRole('row', { name: 'Total 0' }).waitFor();

    // Any other screen brings it back here.
    await page.goto(`${e.url}/search`);
    await page.getByRole('heading', { level: 1, name: 'Estadísticas' }).waitFor();
    expect(new URL(page.url()).pathname).to.equal('/statistics');
    await page.goto(`${e.url}/account`);
    await page.getByRole('heading', { level: 1, name: 'Mi cuenta' }).waitFor();

    await page.setViewportSize(PHONE);
    await page.goto(`${e.url}/statistics`);
    await kinds.getByRole('row', { name: 'Total 40' }).waitFor();
    const tabs = page.getByTestId('tab-bar');
    expect(await tabs.locator('a.tab').allTextContents()).to.deep.equal(['Estadísticas']);
    await checkScreen(page, 'statistics-es-phone');
    await context.close();
  });

  it('in English when the user reads English', async () => {
    const agency = await buildAgency({ country: 'AR', kind: 'other' });
    const user = await buildUser({ agency, roles: ['statistics'], mfa: true, language: 'en' });
    const { context, page } = await signedInPage(e, user, { path: '/statistics', lang: 'en' });
    await page.getByRole('heading', { level: 1, name: 'Statistics' }).waitFor();
    await page
      .getByRole('region', { name: 'Alerts by kind' })
      .getByRole('row', { name: /Vehicle/ })
      .waitFor();
    await context.close();
  });

  it('a system administrator reaches it from the navigation; an officer is neither offered it nor let in', async () => {
    const agency = await buildAgency({ country: 'AR', kind: 'police' });
    const sysadmin = await buildUser({ agency, roles: ['system_admin'], mfa: true });
    const asAdmin = await signedInPage(e, sysadmin, { path: '/admin/accounts' });
    await asAdmin.page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Estadísticas' }).click();
    await asAdmin.page.getByRole('heading', { level: 1, name: 'Estadísticas' }).waitFor();
    await asAdmin.page.getByRole('region', { name: 'Alertas por tipo' }).waitFor();
    await asAdmin.context.close();

    const officer = await buildUser({ agency, mfa: true });
    const asOfficer = await signedInPage(e, officer, { path: '/' });
    expect(await asOfficer.page.getByRole('link', { name: 'Estadísticas' }).count()).to.equal(0);
    await asOfficer.page.goto(`${e.url}/statistics`);
    await asOfficer.page
      .getByRole('alert')
      .getByText(/No se pudieron cargar las estadísticas/)
      .waitFor();
    await asOfficer.context.close();
  });
});
