import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { checkScreen, expectNoCspViolations, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { AccessRequest } from '../helpers/models.js';

/** A suspect carrying an AR DNI, as the AR officer posts it. */
const suspectWith = (dni: string, givenNames: string) => ({
  role: 'suspect',
  givenNames,
  familyNames: 'Galeano',
  documents: [{ type: 'DNI', country: 'AR', number: dni }],
});

describe('e2e: search, access requests, matches and watches', function () {
  this.timeout(180_000);
  let e: E2e;
  let arOfficer: BuiltUser;
  let arAdmin: BuiltUser;
  let pyProsecutor: BuiltUser;
  let pyOfficer: BuiltUser;
  let arApi: ApiClient;
  let visible: { id: string; reference: string };
  let restricted: { id: string; reference: string };
  let prosecutor: { context: BrowserContext; page: Page };
  let admin: { context: BrowserContext; page: Page };

  const heading = (page: Page, text: string) => page.locator('h1.screen-heading', { hasText: text }).waitFor();

  before(async function () {
    e = await startE2e(this);
    const arAgency = await buildAgency({ country: 'AR', shortName: 'PFA-Formosa' });
    const pyFiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor', shortName: 'Fiscalía-PY' });
    const pyPolice = await buildAgency({ country: 'PY', shortName: 'PN-Encarnación' });
    arOfficer = await buildUser({ agency: arAgency, mfa: true });
    arAdmin = await buildUser({ agency: arAgency, roles: ['agency_admin'], mfa: true });
    pyProsecutor = await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true });
    pyOfficer = await buildUser({ agency: pyPolice, mfa: true });
    arApi = await signIn(e.url, arOfficer);
    const post = async (overrides: Record<string, unknown>) =>
      (await arApi.post('/api/v1/alerts', alertBody({ sensitivity: 'standard', phones: [], vehicles: [], ...overrides })).expect(201))
        .body as { id: string; reference: string };
    visible = await post({ title: 'Traslado de joven por Clorinda', kind: 'suspect', subjects: [suspectWith('28.765.432', 'Hugo')] });
    restricted = await post({
      title: 'Investigación reservada Formosa',
      kind: 'suspect',
      distribution: { scope: 'agency' },
      subjects: [suspectWith('28765432', 'Ramiro')],
    });
    await drainMatchWorker(e.server.instance);
  });
  after(() => stopE2e(e));

  it('a PY prosecutor finds an AR DNI typed with dots, asks access to the stub; the AR admin grants it live; the prosecutor opens the alert', async () => {
    prosecutor = await signedInPage(e, pyProsecutor, { viewport: PHONE, path: '/search' });
    const { page } = prosecutor;
    await heading(page, 'Búsqueda');
    await page.locator('[data-connection="online"]').waitFor();
    expect(await page.locator('#search-audited').textContent()).to.contain('auditoría');
    await page.getByLabel('Buscar en ambos países').fill('28.765.432');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByTestId('understood').waitFor();
    // Typed in Paraguay, the dotted number reads first as a document, and could be a PY phone.
    expect(await page.getByTestId('understood').textContent()).to.contain('Buscando documento 28765432.');
    expect(await page.getByTestId('understood').textContent()).to.contain('buscar como teléfono +595 287 65432');
    const hit = page.locator(`li.result[data-alert-id="${visible.id}"]`);
    const stub = page.locator(`li.result-stub[data-alert-id="${restricted.id}"]`);
    await hit.waitFor();
    await stub.waitFor();
    expect(await hit.textContent()).to.contain('Traslado de joven por Clorinda');
    expect(await hit.textContent()).to.contain('Coincide por documento');
    // The stub says nothing but reference, kind, agency and status.
    const stubText = (await stub.textContent())!;
    expect(stubText).to.contain(restricted.reference).and.contain('Sospechoso').and.contain('PFA-Formosa').and.contain('Activa');
    expect(stubText).not.to.contain('reservada');
    await stub.getByRole('button', { name: `Solicitar acceso a ${restricted.reference}` }).click();
    // The reason is required: the button waits for it.
    expect(await stub.getByRole('button', { name: 'Enviar solicitud' }).isDisabled()).to.equal(true);
    await stub.getByLabel('Motivo de la solicitud').fill('Causa 4411/2026: el mismo DNI figura en un allanamiento en Encarnación.');
    await checkScreen(page, 'search-stub-request-es-phone');

    admin = await signedInPage(e, arAdmin, { viewport: PHONE, path: '/search/requests' });
    await heading(admin.page, 'Solicitudes de acceso');
    await admin.page.locator('[data-connection="online"]').waitFor();
    await admin.page.getByText('Su organismo no recibió solicitudes.').waitFor();

    await stub.getByRole('button', { name: 'Enviar solicitud' }).click();
    await stub.getByTestId('request-state').waitFor();
    expect(await stub.getByTestId('request-state').textContent()).to.equal('Solicitud pendiente');

    // The request arrives live at the origin agency, with a badge.
    const incoming = admin.page.locator(`[data-box="incoming"] li[data-reference="${restricted.reference}"]`);
    await incoming.waitFor({ timeout: 5000 });
    expect(await admin.page.getByTestId('search-badge').textContent()).to.equal('1');
    expect(await admin.page.getByTestId('requests-badge').textContent()).to.equal('1');
    expect(await incoming.textContent())
      .to.contain('Fiscalía-PY')
      .and.contain('allanamiento en Encarnación');
    expect(await incoming.getByLabel('Días de acceso').inputValue()).to.equal('30');
    await admin.page.getByTestId('notice-access_request').waitFor();
    await checkScreen(admin.page, 'search-requests-incoming-es-phone');
    await incoming.getByLabel('Días de acceso').fill('15');
    await incoming.getByLabel('Nota para quien solicita (opcional)').fill('Concedido mientras dure la causa.');
    await incoming.getByRole('button', { name: 'Conceder' }).click();
    await incoming.locator('[data-status="granted"]').waitFor();
    expect(await incoming.getByTestId('request-state').textContent()).to.match(/^Acceso concedido hasta el /);
    expect(await admin.page.getByTestId('search-badge').count()).to.equal(0);
    const stored = await AccessRequest.findOne({ alertId: restricted.id }).lean();
    expect(stored?.status).to.equal('granted');
    const days = (stored!.expiresAt!.getTime() - Date.now()) / 86_400_000;
    expect(days).to.be.within(14.9, 15.1);

    // The prosecutor sees the grant live, with its expiry, and opens the alert.
    await stub.locator('[data-status="granted"]').waitFor({ timeout: 5000 });
    expect(await stub.getByTestId('request-state').textContent()).to.match(/^Acceso concedido hasta el /);
    await page.getByTestId('notice-access_decision').waitFor();
    await checkScreen(page, 'search-access-granted-es-phone');
    await stub.getByRole('link', { name: 'Abrir la alerta' }).click();
    await page.waitForURL(`**/alerts/${restricted.id}`);
    await page.locator('h1.screen-heading', { hasText: 'Investigación reservada Formosa' }).waitFor();
    // Its matches panel links the other alert carrying the same DNI.
    await page.getByTestId('matches-panel').locator(`a[href="/alerts/${visible.id}"]`).waitFor();
    const panel = (await page.getByTestId('matches-panel').textContent())!;
    expect(panel, panel).to.contain('coincide por documento: 28765432');
    await checkScreen(page, 'alert-detail-matches-es-phone');

    // The outgoing box shows the state and the expiry too; the admin may revoke early.
    await page.goto(`${e.url}/search/requests`);
    await page.locator(`[data-box="outgoing"] li[data-reference="${restricted.reference}"] [data-status="granted"]`).waitFor();
    expect(await page.locator(`[data-box="outgoing"] li[data-reference="${restricted.reference}"]`).textContent()).to.contain(
      'Nota de la decisión: Concedido mientras dure la causa.',
    );
    await checkScreen(page, 'search-requests-outgoing-es-phone');
    await incoming.getByRole('button', { name: 'Revocar ahora' }).click();
    await incoming.getByLabel('Motivo de la revocación (opcional)').fill('La causa se archivó.');
    await incoming.getByRole('button', { name: 'Confirmar revocación' }).click();
    await incoming.locator('[data-status="revoked"]').waitFor();
    await page
      .locator(`[data-box="outgoing"] li[data-reference="${restricted.reference}"] [data-status="revoked"]`)
      .waitFor({ timeout: 5000 });
    expect(await page.locator(`[data-box="outgoing"] li[data-reference="${restricted.reference}"]`).textContent()).to.contain(
      'La causa se archivó.',
    );
  });

  it('a watch on a phone fires live when an AR officer posts an alert carrying it written another way', async () => {
    const py = await signedInPage(e, pyOfficer, { viewport: PHONE, path: '/search' });
    const { page } = py;
    await page.locator('[data-connection="online"]').waitFor();
    await page.getByLabel('Buscar en ambos países').fill('0985 321 654');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByText('Sin resultados.', { exact: false }).waitFor();
    expect(await page.getByTestId('understood').textContent()).to.contain('Buscando teléfono +595 985 321654.');
    await page.getByRole('button', { name: 'Vigilar este dato' }).click();
    await page.getByText('Vigilancia creada', { exact: false }).waitFor();
    await checkScreen(page, 'search-watch-created-es-phone');
    await page.getByRole('link', { name: 'Ver vigilancias' }).click();
    await heading(page, 'Vigilancias');
    await page.locator('.watch-list li', { hasText: '0985 321 654' }).waitFor();

    const posted = (
      await arApi
        .post('/api/v1/alerts', alertBody({ title: 'Llamadas desde Posadas', sensitivity: 'standard', phones: ['+595 (985) 321-654'] }))
        .expect(201)
    ).body as { id: string; reference: string };
    await drainMatchWorker(e.server.instance);
    const notice = page.getByTestId('notice-watch_hit');
    await notice.waitFor({ timeout: 5000 });
    expect(await notice.textContent())
      .to.contain(posted.reference)
      .and.contain('Llamadas desde Posadas');
    // Kept beyond the session: the inbox badge counts it.
    await page.getByTestId('inbox-badge').waitFor();
    await checkScreen(page, 'search-watches-hit-es-phone');
    await notice.getByRole('link', { name: 'Abrir la alerta' }).click();
    await page.waitForURL(`**/alerts/${posted.id}`);
    await page.locator('h1.screen-heading', { hasText: 'Llamadas desde Posadas' }).waitFor();

    // Delete it: the list says so.
    await page.goto(`${e.url}/search/watches`);
    await page.getByRole('button', { name: 'Eliminar la vigilancia de 0985 321 654' }).click();
    await page.getByText('No tiene vigilancias.').waitFor();

    // Another alert with the same phone, written a third way: the match arrives live in Coincidencias.
    await page.locator('.area-nav').getByRole('link', { name: 'Coincidencias' }).click();
    await heading(page, 'Coincidencias');
    const second = (
      await arApi
        .post(
          '/api/v1/alerts',
          alertBody({ title: 'Mismo número en Clorinda', sensitivity: 'standard', subjects: [], vehicles: [], phones: ['0985-321654'] }),
        )
        .expect(201)
    ).body as { id: string; reference: string };
    await drainMatchWorker(e.server.instance);
    const live = page.getByTestId('live-matches');
    await live.locator('li.match-group').first().waitFor({ timeout: 5000 });
    await page.waitForTimeout(300); // the same match, heard from the other side too, is shown once
    expect(await live.locator('li.match-group').count()).to.equal(1);
    const text = (await live.textContent())!;
    expect(text).to.contain(posted.reference).and.contain(second.reference).and.contain('coincide por teléfono: +595 985 321654');
    await checkScreen(page, 'search-matches-live-es-phone');
    expectNoCspViolations(page);
    await py.context.close();
  });

  it('the area reads in English on a desktop, and its matches list shows what matched', async () => {
    const en = await signedInPage(e, arAdmin, { lang: 'en', path: '/search/matches' });
    const { page } = en;
    await heading(page, 'Matches');
    const group = page.locator(`.match-group[data-reference="${visible.reference}"]`);
    await group.waitFor();
    expect(await group.textContent())
      .to.contain(restricted.reference)
      .and.contain('matches on document: 28765432');
    await checkScreen(page, 'search-matches-en-desktop');
    await page.goto(`${e.url}/search/requests`);
    await heading(page, 'Access requests');
    await page.locator(`[data-box="incoming"] li[data-reference="${restricted.reference}"] [data-status="revoked"]`).waitFor();
    await checkScreen(page, 'search-requests-en-desktop');
    await page.goto(`${e.url}/search/watches`);
    await heading(page, 'Watches');
    await page.getByLabel('What to watch').selectOption('alert_kind');
    await page.getByLabel('Value').selectOption('vehicle');
    await page.getByRole('button', { name: 'Watch', exact: true }).click();
    await page.locator('.watch-list li', { hasText: 'Vehicle' }).waitFor();
    await checkScreen(page, 'search-watches-en-desktop');
    await page.goto(`${e.url}/search`);
    await heading(page, 'Search');
    await page.getByLabel('Search both countries').fill('hugo galeano');
    await page.locator('summary', { hasText: 'Filters' }).click();
    await page.getByLabel('Kind').selectOption('suspect');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator(`li.result[data-alert-id="${visible.id}"]`).waitFor();
    expect(await page.getByTestId('understood').textContent()).to.contain('Searching for name hugo galeano.');
    await checkScreen(page, 'search-results-en-desktop');

    // Spanish on a desktop and the other screens on a phone.
    await admin.page.goto(`${e.url}/search/matches`);
    await heading(admin.page, 'Coincidencias');
    await admin.page.locator(`.match-group[data-reference="${visible.reference}"]`).waitFor();
    await checkScreen(admin.page, 'search-matches-es-phone');
    await prosecutor.page.goto(`${e.url}/search/watches`);
    await heading(prosecutor.page, 'Vigilancias');
    await prosecutor.page.getByText('No tiene vigilancias.').waitFor();
    await checkScreen(prosecutor.page, 'search-watches-empty-es-phone');

    // Pages follow the API's cursor: 21 alerts carry one plate, typed here without spaces.
    for (let i = 0; i < 21; i++)
      await arApi
        .post(
          '/api/v1/alerts',
          alertBody({
            title: `Camioneta ${i}`,
            kind: 'vehicle',
            sensitivity: 'standard',
            subjects: [],
            phones: [],
            vehicles: [{ plate: 'AA 111 BB', country: 'AR' }],
          }),
        )
        .expect(201);
    await drainMatchWorker(e.server.instance);
    await page.getByLabel('Kind').selectOption('');
    await page.getByLabel('Search both countries').fill('aa111bb');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('Searching for plate AA111BB.').waitFor();
    await page.locator('li.result').nth(19).waitFor();
    expect(await page.locator('li.result').count()).to.equal(20);
    await page.getByRole('button', { name: 'More results' }).click();
    await page.locator('li.result').nth(20).waitFor();
    expect(await page.locator('li.result').count()).to.equal(21);
    expect(await page.getByRole('button', { name: 'More results' }).count()).to.equal(0);
    await en.context.close();
  });

  it('an alert detail offers an access request for a match with an alert its reader may not see', async () => {
    const pyApi = await signIn(e.url, pyOfficer);
    const own = (
      await pyApi
        .post(
          '/api/v1/alerts',
          alertBody({ sensitivity: 'standard', phones: [], vehicles: [], subjects: [suspectWith('28765432', 'Gustavo')] }),
        )
        .expect(201)
    ).body as { id: string };
    await drainMatchWorker(e.server.instance);
    const officer = await signedInPage(e, pyOfficer, { viewport: PHONE, path: `/alerts/${own.id}` });
    const panel = officer.page.getByTestId('matches-panel');
    await panel.locator(`a[href="/alerts/${visible.id}"]`).waitFor();
    const stubLine = panel.locator('li', { hasText: restricted.reference });
    expect(await stubLine.locator(`a[href="/alerts/${restricted.id}"]`).count(), 'no link to what it may not open').to.equal(0);
    await stubLine.getByRole('button', { name: `Solicitar acceso a ${restricted.reference}` }).click();
    await stubLine.getByLabel('Motivo de la solicitud').fill('El mismo DNI figura en nuestra alerta de Encarnación.');
    await checkScreen(officer.page, 'alert-detail-match-stub-es-phone');
    await stubLine.getByRole('button', { name: 'Enviar solicitud' }).click();
    await stubLine.getByTestId('request-state').waitFor();
    expect(await stubLine.getByTestId('request-state').textContent()).to.equal('Solicitud pendiente');
    expectNoCspViolations(officer.page);
    await officer.context.close();
  });
});
