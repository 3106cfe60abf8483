import { expect } from 'chai';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
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
import { resetDatabase } from '../helpers/testStore.js';

const HIT = { kind: 'hit', hitType: 'sighting', text: 'Vista en la terminal de Clorinda' } as const;

describe('e2e: the inbox outlives the session', function () {
  this.timeout(180_000);
  let e: E2e;

  before(async function () {
    // Alone in the store: other suites' alerts would match these (and their titles are data, not UI).
    await resetDatabase();
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('a hit reported while the officer was signed out shows in the badge and the inbox; marking read clears the badge', async () => {
    const arAgency = await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' });
    const pyAgency = await buildAgency({ country: 'PY', shortName: 'PN-Falcón' });
    const author = await buildUser({ agency: arAgency, mfa: true });
    const officer = await buildUser({ agency: arAgency, mfa: true });
    const arApi = await signIn(e.url, author);
    const pyApi = await signIn(e.url, await buildUser({ agency: pyAgency, mfa: true }));
    const alert = (await arApi.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201)).body as {
      id: string;
      reference: string;
    };
    // The officer is signed out when the sighting comes in.
    await pyApi.post(`/api/v1/alerts/${alert.id}/updates`, HIT).expect(201);

    const { context, page } = await signedInPage(e, officer, { viewport: PHONE });
    const badge = page.getByTestId('inbox-badge');
    await badge.waitFor();
    expect(await badge.textContent()).to.equal('1');
    await page.getByRole('link', { name: /^Avisos/ }).click();
    await page.locator('h1.screen-heading', { hasText: 'Avisos' }).waitFor();
    const item = page.getByTestId('inbox-item').first();
    expect(await item.textContent()).to.contain(`Nuevo hallazgo informado en la alerta ${alert.reference}`);
    expect(await item.locator(`a[href="/alerts/${alert.id}"]`).count()).to.equal(1);
    await checkScreen(page, 'inbox-es-phone');

    await page.getByRole('button', { name: 'Marcar todo como leído' }).click();
    await badge.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Marcar todo como leído' }).waitFor({ state: 'detached' });
    await context.close();
  });

  it('the reporter of a sighting sees the acknowledgement live on the open alert, with a notice and the badge', async () => {
    const arAgency = await buildAgency({ country: 'AR', shortName: 'PNA-Formosa' });
    const pyAgency = await buildAgency({ country: 'PY', shortName: 'PN-Alberdi' });
    const arApi = await signIn(e.url, await buildUser({ agency: arAgency, mfa: true }));
    const reporter = await buildUser({ agency: pyAgency, mfa: true });
    const alert = (await arApi.post('/api/v1/alerts', alertBody({ sensitivity: 'standard', title: 'Vista en Alberdi' })).expect(201))
      .body as { id: string; reference: string };
    const { context, page } = await signedInPage(e, reporter, { viewport: PHONE, path: `/alerts/${alert.id}` });
    await page.locator('[data-connection="online"]').waitFor();
    const reporterApi = await signIn(e.url, reporter);
    const hitId = ((await reporterApi.post(`/api/v1/alerts/${alert.id}/updates`, HIT).expect(201)).body as { id: string }).id;
    await page.getByText('Vista en la terminal de Clorinda').waitFor();
    await arApi.post(`/api/v1/alerts/${alert.id}/updates/${hitId}/ack`).expect(200);
    await page.getByText(/^Recibo acusado/).waitFor({ timeout: 5000 });
    const notice = page.getByTestId('notice-inbox');
    await notice.waitFor({ timeout: 5000 });
    expect(await notice.textContent()).to.contain(`La agencia de origen acusó recibo de su hallazgo en ${alert.reference}`);
    await checkScreen(page, 'alert-detail-hit-acknowledged-es-phone');
    await context.close();
  });

  it('an item arriving live while the badge’s count is being read is still counted: the older count does not undo it', async () => {
    // CI once saw the origin's badge stay at 2 of 3: the on-connect refresh, read before the live
    // `inbox:new`, answered after it and set the count back.
    const arAgency = await buildAgency({ country: 'AR', shortName: 'PFA-Pirané' });
    const pyAgency = await buildAgency({ country: 'PY', shortName: 'PN-Pilar' });
    const arApi = await signIn(e.url, await buildUser({ agency: arAgency, mfa: true }));
    const pyApi = await signIn(e.url, await buildUser({ agency: pyAgency, mfa: true }));
    const officer = await buildUser({ agency: arAgency, mfa: true }); // first sign-in: no new-device item
    const alert = (await arApi.post('/api/v1/alerts', alertBody({ sensitivity: 'standard', title: 'Vista en Pirané' })).expect(201))
      .body as { id: string; reference: string };

    const context = await newContext(e.browser, { viewport: PHONE });
    await signInContext(context, e.url, officer);
    // Every read of the inbox's first page is answered as the server computed it when asked, but
    // handed to the page only once `release` is called: a slow answer overtaken by a live item.
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let asked = 0;
    let answered = 0;
    await context.route(
      (url) => url.pathname === '/api/v1/inbox',
      async (route) => {
        asked++;
        const response = await route.fetch();
        await released;
        await route.fulfill({ response });
        answered++;
      },
    );
    const page = await newPage(context);
    await page.goto(e.url + '/');
    await page.locator('[data-connection="online"]').waitFor();
    const heldBefore = asked;
    expect(heldBefore, 'the first page was asked for').to.be.at.least(1);

    await pyApi.post(`/api/v1/alerts/${alert.id}/updates`, HIT).expect(201);
    const badge = page.getByTestId('inbox-badge');
    await badge.filter({ hasText: '1' }).waitFor(); // the live item
    release();
    // The held answers (unread: 0) reach the page; it reads the page again, since a live item came meanwhile.
    for (const deadline = Date.now() + 20_000; answered < asked || asked === heldBefore;) {
      if (Date.now() > deadline)
        throw new Error(
          `the page did not read its inbox again after a live item overtook its read (${asked} asked, ${answered} answered, ` +
            `${heldBefore} held; badge ${await badge.textContent().catch(() => 'gone')})`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
    // Let the page handle the last answer (its JSON, then a render) before looking.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    expect(await badge.textContent()).to.equal('1');
    await page.getByRole('link', { name: /^Avisos/ }).click();
    await page
      .getByTestId('inbox-item')
      .filter({ hasText: `Nuevo hallazgo informado en la alerta ${alert.reference}` })
      .waitFor();
    expect(await badge.textContent()).to.equal('1');
    await context.close();
  });

  it('on a desktop, a new item arrives live and the read state follows to another device', async () => {
    const arAgency = await buildAgency({ country: 'AR', shortName: 'GNA-Posadas' });
    const pyAgency = await buildAgency({ country: 'PY', shortName: 'PN-Encarnación' });
    const author = await buildUser({ agency: arAgency, mfa: true });
    const officer = await buildUser({ agency: arAgency, mfa: true });
    const arApi = await signIn(e.url, author);
    const pyApi = await signIn(e.url, await buildUser({ agency: pyAgency, mfa: true }));
    const alert = (
      await arApi.post('/api/v1/alerts', alertBody({ sensitivity: 'standard', title: 'Menor vista en Encarnación' })).expect(201)
    ).body as { id: string; reference: string };
    await pyApi.post(`/api/v1/alerts/${alert.id}/updates`, HIT).expect(201);

    const desk = await signedInPage(e, officer, { viewport: DESKTOP, path: '/inbox' });
    const phone = await signedInPage(e, officer, { viewport: PHONE });
    const origin = await signedInPage(e, author, { viewport: PHONE });
    await origin.page.locator(`.alert-card[data-alert-id="${alert.id}"]`, { hasText: '1 hallazgo' }).waitFor();
    await desk.page.locator('[data-connection="online"]').waitFor();
    await origin.page.locator('[data-connection="online"]').waitFor();
    await phone.page.getByTestId('inbox-badge').waitFor();
    await pyApi.post(`/api/v1/alerts/${alert.id}/updates`, { ...HIT, text: 'Otra vez en el puerto' }).expect(201);
    await desk.page.getByTestId('inbox-badge').filter({ hasText: '2' }).waitFor();
    await desk.page.getByTestId('inbox-item').nth(1).waitFor();
    // The originator's open feed counts the sighting at once, without a reload.
    await origin.page.locator(`.alert-card[data-alert-id="${alert.id}"]`, { hasText: '2 hallazgos' }).waitFor({ timeout: 5000 });
    const notice = origin.page.getByTestId('notice-inbox');
    await notice.waitFor({ timeout: 5000 });
    expect(await notice.textContent()).to.contain(`Nuevo hallazgo informado en la alerta ${alert.reference}`);
    // Two sightings, and the browser sign-in after the author's earlier one from the API client: a new device.
    await origin.page.getByTestId('inbox-badge').filter({ hasText: '3' }).waitFor();
    await checkScreen(origin.page, 'feed-sighting-notice-es-phone');
    await checkScreen(desk.page, 'inbox-es-desktop');

    await desk.page.getByRole('button', { name: 'Marcar todo como leído' }).click();
    // The other device's badge clears without a reload.
    await phone.page.getByTestId('inbox-badge').waitFor({ state: 'detached' });
    await desk.context.close();
    await phone.context.close();
    await origin.context.close();
  });
});
