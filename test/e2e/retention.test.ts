/**
 * Retention in the browser (issue 29): on a closed alert nearing the purge of its personal data,
 * the issuing agency's officer sees the date and "Extender conservación", gives a reason and
 * extends it (360 px); a purged alert shows its skeleton and the note (360 px and desktop).
 */
import { expect } from 'chai';
import { mutateAlert } from '../../server/alerts/alertMutation.js';
import { runRetention } from '../../server/alerts/retention/retention.service.js';
import { addYears, dayMonthYear } from '../../server/alerts/retention/retentionRule.js';
import { DAY_MS } from '../../shared/time.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { checkScreen, DESKTOP, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { foreignFragments, readableText } from '../helpers/spanishText.js';
import type { Instance } from '../../server/platform/instance.js';

/** Moves the alert's closure back to `closedAt` (its last status transition), as a logged change. */
async function closedAt(instance: Instance, id: string, at: number, retention?: Record<string, unknown>) {
  await mutateAlert(instance, id, 'changed', (current) => {
    const i = current.history.map((h) => !!h.toStatus).lastIndexOf(true);
    return { $set: { [`history.${i}.at`]: new Date(at), ...(retention ? { retention } : {}) } };
  });
}

describe('e2e: retention of a closed alert’s personal data', function () {
  this.timeout(300_000);
  let e: E2e;
  let officer: BuiltUser;
  let api: ApiClient;

  const postClosed = async (title: string) => {
    const id = (await api.post('/api/v1/alerts', alertBody({ title })).expect(201)).body.id as string;
    await api.post(`/api/v1/alerts/${id}/status`, { status: 'resolved', reason: 'Víctima asistida' }).expect(200);
    return id;
  };

  before(async function () {
    e = await startE2e(this);
    const agency = await buildAgency({
      country: 'AR',
      kind: 'gendarmerie',
      name: 'Gendarmería Nacional — Escuadrón 17 Clorinda',
      shortName: 'GN-Clorinda',
    });
    officer = await buildUser({ agency, mfa: true });
    api = await signIn(e.url, officer);
  });
  after(() => stopE2e(e));

  it('an alert nearing its purge shows the date; the officer extends it with a reason (360 px and desktop)', async () => {
    const id = await postClosed('Cerrada hace casi cinco años');
    // Closed five years ago less 60 days: purged in 60 days.
    const purgeAt = Date.now() + 60 * DAY_MS;
    await closedAt(e.server.instance, id, addYears(purgeAt, -5));
    const { context, page } = await signedInPage(e, officer, { viewport: PHONE, path: `/alerts/${id}` });
    const notice = page.getByTestId('retention');
    await notice.waitFor();
    expect(await notice.textContent()).to.contain(`se eliminarán el ${dayMonthYear(purgeAt)}`);
    expect(foreignFragments(await readableText(page))).to.deep.equal([]);
    await checkScreen(page, 'alert-retention-notice-es-phone');
    await page.getByRole('button', { name: 'Extender conservación' }).click();
    await page.getByLabel('Motivo de la extensión').fill('Causa judicial en trámite: la fiscalía pidió conservar los datos');
    await page.getByLabel('Extender por').selectOption('2');
    await checkScreen(page, 'alert-retention-extend-es-phone');
    await page.getByRole('button', { name: 'Confirmar extensión' }).click();
    await page.getByText('Conservación extendida hasta el').waitFor();
    expect(await page.getByRole('button', { name: 'Extender conservación' }).count(), 'no longer near').to.equal(0);
    const shown = (await api.get(`/api/v1/alerts/${id}`).expect(200)).body;
    expect(Date.parse(shown.retention.purgeAt)).to.be.greaterThan(purgeAt + 2 * 364 * DAY_MS);
    expect(shown.history.at(-1)).to.include({ action: 'retention_extended' });
    await context.close();

    const other = await postClosed('Otra cerrada hace casi cinco años');
    const otherPurgeAt = Date.now() + 20 * DAY_MS;
    await closedAt(e.server.instance, other, addYears(otherPurgeAt, -5));
    const desktop = await signedInPage(e, officer, { viewport: DESKTOP, path: `/alerts/${other}` });
    await desktop.page.getByTestId('retention').waitFor();
    await checkScreen(desktop.page, 'alert-retention-notice-es-desktop');
    // The agency's reminders list it, with its date; the extended one is no longer near.
    await desktop.page.goto(`${e.url}/admin/reminders`);
    const due = desktop.page.getByTestId('retention-due');
    await due.waitFor();
    expect(await due.textContent()).to.contain(`Se eliminan el ${dayMonthYear(otherPurgeAt)}`);
    expect(await due.locator('li').count()).to.equal(1);
    await checkScreen(desktop.page, 'reminders-retention-due-es-desktop');
    await desktop.context.close();
  });

  it('a purged alert shows its skeleton and the note (360 px and desktop)', async () => {
    const id = await postClosed('Se eliminará');
    // Closed five years and two weeks ago, the last notice sent ten days ago: due now.
    const now = Date.now();
    const rule = addYears(now - 14 * DAY_MS, 0);
    await closedAt(e.server.instance, id, addYears(rule, -5), {
      notice: { for: new Date(rule), days: 7, at: new Date(now - 10 * DAY_MS) },
    });
    expect((await runRetention(e.server.instance, new Date(now))).purged).to.equal(1);
    const note = `Datos personales eliminados por plazo de conservación (${dayMonthYear(now)})`;
    for (const [viewport, name] of [
      [PHONE, 'alert-retention-purged-es-phone'],
      [DESKTOP, 'alert-retention-purged-es-desktop'],
    ] as const) {
      const { context, page } = await signedInPage(e, officer, { viewport, path: `/alerts/${id}` });
      const shown = page.getByTestId('purged-note');
      await shown.waitFor();
      expect((await shown.textContent())?.trim()).to.equal(note);
      const text = await readableText(page);
      expect(text).to.not.contain('María José');
      expect(foreignFragments(text)).to.deep.equal([]);
      expect(await page.getByRole('button', { name: 'Editar' }).count(), 'no edit on a purged alert').to.equal(0);
      await checkScreen(page, name);
      await context.close();
    }
  });
});
