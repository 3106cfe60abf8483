import { expect } from 'chai';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { alertBody, victimAlertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { checkScreen, DESKTOP, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { resetDatabase } from '../helpers/testStore.js';

/** Issue 24 item 1: a PY officer at a crossing checks a restricted victim's CI and sees a protected hit; her agency is told live. */
describe('e2e: a protected person checked at a checkpoint', function () {
  this.timeout(180_000);
  let e: E2e;
  let pyOfficer: BuiltUser;
  let arAdmin: BuiltUser;
  let reference = '';
  let hidden = { id: '', reference: '' };

  before(async function () {
    // Alone in the store: other suites' alerts would match these (and their titles are data, not UI).
    await resetDatabase();
    e = await startE2e(this);
    const ar = await buildAgency({ country: 'AR', name: 'Gendarmería Nacional — Clorinda', shortName: 'GNA-Clorinda' });
    const py = await buildAgency({ country: 'PY', name: 'Policía Nacional — Puerto Falcón', shortName: 'PN-Falcón' });
    await buildContact(ar, { name: 'Guardia 24 h', phones: [{ number: '+54 370 455-2424', is24h: true, whatsapp: false }] });
    const arOfficer = await buildUser({ agency: ar, mfa: true });
    arAdmin = await buildUser({ agency: ar, roles: ['agency_admin'], mfa: true });
    pyOfficer = await buildUser({ agency: py, mfa: true });
    const api = await signIn(e.url, arOfficer);
    reference = (await api.post('/api/v1/alerts', alertBody()).expect(201)).body.reference;
    hidden = (
      await api
        .post('/api/v1/alerts', victimAlertBody('Oculta Reservada', '7.777.777', { priority: 'high', distribution: { scope: 'agency' } }))
        .expect(201)
    ).body;
    await drainMatchWorker(e.server.instance);
  });
  after(() => stopE2e(e));

  it('at 360 px the officer sees "Persona protegida" with the action, the 24 h line to call and the reference, never her name; the origin is told live', async () => {
    const origin = await signedInPage(e, arAdmin, { viewport: PHONE, path: '/' });
    await origin.page.locator('[data-connection="online"]').waitFor();
    const { page } = await signedInPage(e, pyOfficer, { viewport: PHONE, path: '/search' });
    await page.locator('[data-connection="online"]').waitFor();
    await page.getByLabel('Buscar en ambos países').fill('4.567.890');
    await page.getByLabel('Lugar del control (opcional)').fill('Puerto Falcón');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    const card = page.getByTestId('protected-hit');
    await card.waitFor();
    const text = (await card.textContent())!;
    expect(text)
      .to.contain('Persona protegida: hay una alerta activa sobre esta persona')
      .and.contain('Posible víctima')
      .and.contain('Urgente')
      .and.contain('Acción pedida: Localizar e informar')
      .and.contain(reference)
      .and.contain('Llamar a la guardia de Gendarmería Nacional — Clorinda: +54 370 455-2424');
    expect(await card.getByTestId('protected-call').getAttribute('href')).to.equal('tel:+543704552424');
    // Visible to him (bilateral): nothing to request; and nothing of her identity anywhere on the screen.
    expect(await card.getByRole('button', { name: /Solicitar acceso/ }).count()).to.equal(0);
    const body = await page.evaluate(() => document.body.innerText);
    for (const secret of ['María', 'Benítez', 'Majo', 'Joven acompañada']) expect(body).to.not.contain(secret);
    expect(body).to.not.contain('Sin resultados');
    await checkScreen(page, 'search-protected-hit-es-phone');

    const notice = origin.page.getByTestId('notice-protected_checked');
    await notice.waitFor({ timeout: 5000 });
    expect(await notice.textContent())
      .to.contain(`Su persona protegida (${reference}) fue consultada por Policía Nacional — Puerto Falcón en Puerto Falcón a las`)
      .and.contain('Abrir la alerta');
    await checkScreen(origin.page, 'search-protected-checked-notice-es-phone');
    await origin.context.close();

    // An alert not distributed to him: the same card, with "Solicitar acceso".
    await page.getByLabel('Buscar en ambos países').fill('7777777');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    const requestable = page.locator(`[data-testid="protected-hit"][data-reference="${hidden.reference}"]`);
    await requestable.waitFor();
    await requestable.getByRole('button', { name: `Solicitar acceso a ${hidden.reference}` }).click();
    await requestable.getByLabel('Motivo de la solicitud').fill('Control en Puerto Falcón: la persona viaja acompañada.');
    await requestable.getByRole('button', { name: 'Enviar solicitud' }).click();
    await requestable.getByTestId('request-state').waitFor();
    expect(await requestable.getByTestId('request-state').textContent()).to.equal('Solicitud pendiente');
  });

  it('on a desktop the card reads the same', async () => {
    const { page, context } = await signedInPage(e, pyOfficer, { viewport: DESKTOP, path: '/search' });
    await page.getByLabel('Buscar en ambos países').fill('María José Benítez Ortiz');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByTestId('protected-hit').waitFor();
    await checkScreen(page, 'search-protected-hit-es-desktop');
    await context.close();
  });
});
