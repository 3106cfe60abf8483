import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import {
  checkScreen,
  DESKTOP,
  expectAccessible,
  newContext,
  newPage,
  PHONE,
  signedInPage,
  startE2e,
  stopE2e,
  type E2e,
} from '../helpers/e2e.js';
import { resetDatabase } from '../helpers/testStore.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { foreignFragments, readableText } from '../helpers/spanishText.js';
import { AuditEvent } from '../helpers/models.js';

/** Waits for the screen's requests to settle (bounded: a live socket may keep one open). */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => undefined);
}

describe('e2e: every screen in Spanish shows no English word and no database id', function () {
  this.timeout(300_000);
  let e: E2e;

  before(async function () {
    // Alone in the store: other suites' alerts would match these (and their titles are data, not UI).
    await resetDatabase();
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('as each role, every screen (and its form errors) reads in Spanish and stays accessible', async () => {
    const arAgency = await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' });
    const pyAgency = await buildAgency({ country: 'PY', shortName: 'PN-Asunción' });
    const officer = await buildUser({ agency: arAgency, mfa: true });
    const admin = await buildUser({ agency: arAgency, roles: ['agency_admin'], mfa: true });
    const sysadmin = await buildUser({ agency: arAgency, roles: ['system_admin'], mfa: true });
    // The binational commission's statistics seat (issue 29): its screen and its account.
    const statistician = await buildUser({ agency: pyAgency, roles: ['statistics'], mfa: true });
    const pyOfficer = await buildUser({ agency: pyAgency, mfa: true });
    const unenrolled = await buildUser({ agency: arAgency });
    const leaver = await buildUser({ agency: arAgency });
    await buildContact(arAgency, { name: 'Guardia de Clorinda' });

    const arApi = await signIn(e.url, officer);
    const alert = (await arApi.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201)).body as { id: string };
    await (await signIn(e.url, pyOfficer)).get(`/api/v1/alerts/${alert.id}`).expect(200);
    // One person and one hit: the feed says "1 persona", "1 hallazgo".
    const single = alertBody({ sensitivity: 'standard', title: 'Una sola persona' }) as ReturnType<typeof alertBody> & {
      subjects: unknown[];
    };
    const one = (await arApi.post('/api/v1/alerts', { ...single, subjects: single.subjects.slice(1) }).expect(201)).body as { id: string };
    await (
      await signIn(e.url, pyOfficer)
    )
      .post(`/api/v1/alerts/${one.id}/updates`, { kind: 'hit', hitType: 'sighting', text: 'Visto en la terminal de Clorinda' })
      .expect(201);
    await (await signIn(e.url, admin)).patch(`/api/v1/users/${leaver.id}`, { status: 'disabled' }).expect(200);
    const lastEvent = await AuditEvent.findOne({ action: /^user\./ })
      .sort({ _id: -1 })
      .lean();

    const found: Record<string, string[]> = {};
    const check = async (page: Page, label: string) => {
      await settled(page);
      const problems = foreignFragments(await readableText(page));
      if (problems.length) found[label] = problems;
      await expectAccessible(page, label);
    };
    const visit = async (user: BuiltUser, paths: string[]) => {
      const { context, page } = await signedInPage(e, user, { path: paths[0] });
      for (const [i, path] of paths.entries()) {
        if (i > 0) {
          await page.goto(e.url + path);
          await page.waitForSelector('h1.screen-heading');
        }
        await check(page, `${path} (${user.user.roles.join(',')})`);
      }
      return { context, page };
    };

    // Public screens, and the sign-in form's error.
    const anon = await newContext(e.browser);
    const anonPage = await newPage(anon);
    await anonPage.goto(`${e.url}/sign-in`);
    await anonPage.waitForSelector('h1.screen-heading');
    await check(anonPage, '/sign-in');
    await anonPage.locator('input[type="email"]').fill(officer.email);
    await anonPage.locator('input[type="password"]').fill('no-es-la-clave');
    await anonPage.locator('form button[type="submit"]').click();
    await anonPage.locator('[role="alert"]').first().waitFor();
    await check(anonPage, '/sign-in (wrong password)');
    await anonPage.goto(`${e.url}/invitation#no-existe-esta-invitacion-xyz`);
    await anonPage.waitForSelector('h1.screen-heading');
    await check(anonPage, '/invitation (unknown link)');
    await anon.close();

    const enrol = await visit(unenrolled, ['/mfa-setup']);
    // On a phone the QR code cannot be scanned by the same phone: a tappable otpauth:// link beside it.
    const otpauth = await enrol.page.getByTestId('otpauth-link').getAttribute('href');
    expect(otpauth).to.match(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]+/);
    await enrol.page.locator('input[autocomplete="one-time-code"]').fill('12');
    await enrol.page.locator('form button[type="submit"]').click();
    await enrol.page.locator('[role="alert"]').first().waitFor();
    await check(enrol.page, '/mfa-setup (short code)');
    // GOV.UK pattern: the summary has focus, is the one alert, and links each error to its field.
    const summary = enrol.page.locator('.error-summary');
    expect(await summary.evaluate((el) => el === document.activeElement)).to.equal(true);
    expect(await enrol.page.locator('[role="alert"]').count()).to.equal(1);
    const codeLink = summary.getByRole('link', { name: 'El código tiene 6 dígitos.' });
    expect(await codeLink.getAttribute('href')).to.equal('#enrol-code');
    await codeLink.click();
    expect(await enrol.page.evaluate(() => document.activeElement?.id)).to.equal('enrol-code');
    expect(await enrol.page.locator('#enrol-code-error').textContent()).to.equal('El código tiene 6 dígitos.');
    await enrol.context.close();

    const asOfficer = await visit(officer, [
      '/',
      '/alerts/new',
      `/alerts/${alert.id}`,
      '/search',
      '/search/requests',
      '/search/matches',
      '/search/watches',
      '/directory',
      '/account',
      '/inbox',
    ]);
    await asOfficer.context.close();
    const asAdmin = await visit(admin, [
      '/admin/accounts',
      '/admin/audit',
      `/admin/audit/${String(lastEvent?._id)}`,
      '/admin/reminders',
      `/alerts/${alert.id}`,
      '/directory',
      '/account',
    ]);
    // The audit list, one event and who viewed an alert, at both sizes (docs/screenshots).
    for (const [path, name] of [
      ['/admin/audit', 'audit-names'],
      [`/admin/audit/${String(lastEvent?._id)}`, 'audit-event-names'],
      [`/alerts/${alert.id}`, 'alert-viewers-by-person'],
    ] as const) {
      for (const [viewport, size] of [
        [DESKTOP, 'desktop'],
        [PHONE, 'phone'],
      ] as const) {
        await asAdmin.page.setViewportSize(viewport);
        await asAdmin.page.goto(e.url + path);
        await asAdmin.page.waitForSelector('h1.screen-heading');
        await settled(asAdmin.page);
        await checkScreen(asAdmin.page, `${name}-es-${size}`);
      }
    }
    await asAdmin.context.close();
    const asSysadmin = await visit(sysadmin, [
      '/admin/accounts',
      '/admin/agencies',
      '/admin/audit',
      '/admin/reminders',
      '/admin/subject-requests',
      '/statistics',
    ]);
    await asSysadmin.context.close();
    const asStatistician = await visit(statistician, ['/statistics', '/account']);
    await asStatistician.context.close();

    expect(found).to.deep.equal({});
  });

  it('an agency administrator who cannot post sees no "Nueva alerta"; an officer does', async () => {
    const agency = await buildAgency({ country: 'PY', shortName: 'PN-Pilar' });
    const admin = await buildUser({ agency, roles: ['agency_admin'], mfa: true });
    const officer = await buildUser({ agency, mfa: true });
    const asAdmin = await signedInPage(e, admin, { path: '/' });
    await settled(asAdmin.page);
    expect(await asAdmin.page.getByRole('link', { name: 'Nueva alerta' }).count()).to.equal(0);
    await asAdmin.context.close();
    const asOfficer = await signedInPage(e, officer, { path: '/' });
    await settled(asOfficer.page);
    expect(await asOfficer.page.getByRole('link', { name: 'Nueva alerta' }).count()).to.be.greaterThan(0);
    await asOfficer.context.close();
  });
});
