/**
 * "Solicitudes de titulares de datos" in the browser (issue 29), by its Spanish labels, with two
 * system administrators: one opens a request for suppression, cannot approve it herself, the
 * other approves it, the first sees what Puente holds on the person, downloads the PDF, erases
 * her from the alert after a confirmation, and closes the request. Screens at 360 px and desktop.
 */
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { checkScreen, DESKTOP, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { AuditEvent } from '../helpers/models.js';

const heading = (page: Page, text: string) => page.locator('h1.screen-heading', { hasText: text }).waitFor();

async function bothWidths(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await checkScreen(page, `${name}-es-desktop`);
  await page.setViewportSize(PHONE);
  await checkScreen(page, `${name}-es-phone`);
  await page.setViewportSize(DESKTOP);
}

describe('e2e: data-subject requests (two system administrators)', function () {
  this.timeout(300_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('opens, approves by a second administrator, shows the findings, erases from the alert and closes', async () => {
    const coordination = await buildAgency({ country: 'AR', kind: 'other', name: 'Unidad de Coordinación Binacional' });
    const police = await buildAgency({ country: 'AR', kind: 'police', name: 'Policía de Formosa — Clorinda' });
    const first = await buildUser({ agency: coordination, roles: ['system_admin'], mfa: true });
    const second = await buildUser({ agency: coordination, roles: ['system_admin'], mfa: true });
    const officer = await signIn(e.url, await buildUser({ agency: police, mfa: true }));
    const alert = (await officer.post('/api/v1/alerts', alertBody({ title: 'Posible víctima en el paso fronterizo' })).expect(201))
      .body as {
      id: string;
      reference: string;
    };

    const { page } = await signedInPage(e, first, { path: '/admin' });
    await page.getByRole('link', { name: 'Solicitudes de titulares' }).first().click();
    await heading(page, 'Solicitudes de titulares de datos');
    await page.getByLabel('Documento o teléfono').fill('C.I. N° 4.567.890');
    await page.getByLabel('Nombre y apellido').fill('Maria Jose Benitez');
    await page.getByLabel('Fundamento legal').selectOption('py_habeas_data');
    await page.getByLabel('Derecho que ejerce').selectOption('suppression');
    await page.getByLabel('Nota o expediente del pedido').fill('Nota 12/2026, CI presentada');
    await page.getByRole('button', { name: 'Abrir solicitud' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Solicitud N\.º SDT-\d{4}-\d{4} abierta/ })
      .waitFor();
    const card = page.getByTestId('subject-request').first();
    await card.getByText('Espera aprobación').waitFor();
    await bothWidths(page, 'subject-requests-list');
    await card.getByRole('link', { name: /Solicitud N\.º/ }).click();
    await page.getByText('Espera la aprobación de otro administrador del sistema').waitFor();
    expect(await page.getByRole('button', { name: 'Aprobar' }).count()).to.equal(0);
    const url = page.url();

    const other = await signedInPage(e, second, { path: new URL(url).pathname });
    await other.page.getByRole('button', { name: 'Aprobar' }).waitFor();
    await bothWidths(other.page, 'subject-request-approval');
    await other.page.getByRole('button', { name: 'Aprobar' }).click();
    await other.page.getByRole('button', { name: 'Confirmar: Aprobar' }).click();
    await other.page.getByTestId('request-status').filter({ hasText: 'Aprobada' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Datos encontrados' }).waitFor();
    const found = page.getByTestId('found-alert').filter({ hasText: alert.reference });
    await found.getByText('María José Benítez Ortiz').waitFor();
    await found.getByText('Coincide por: documento, nombre').waitFor();
    expect(await page.getByRole('link', { name: 'Descargar PDF' }).getAttribute('href')).to.match(/\/export\?format=pdf$/);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Descargar PDF' }).click();
    expect((await download).suggestedFilename()).to.match(/^puente-SDT-\d{4}-\d{4}-solicitud-titular\.pdf$/);
    await bothWidths(page, 'subject-request-findings');

    await found.getByRole('button', { name: 'Suprimir de esta alerta' }).click();
    await found.getByText('Todos los organismos que recibieron la alerta verán el cambio').waitFor();
    await found.getByRole('button', { name: 'Confirmar: Suprimir de esta alerta' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Datos suprimidos de la alerta ${alert.reference}` })
      .waitFor();

    await page.getByRole('button', { name: 'Cerrar la solicitud' }).click();
    await page.getByText('la cadena de auditoría sigue verificable').waitFor();
    await page.getByRole('button', { name: 'Confirmar: Cerrar la solicitud' }).click();
    await page.getByTestId('request-status').filter({ hasText: 'Cerrada' }).waitFor();
    await page.getByText('Datos de la persona suprimidos de la solicitud').first().waitFor();
    await bothWidths(page, 'subject-request-closed');

    // The request's opening event keeps its skeleton and says its personal details were erased.
    const opening = await AuditEvent.findOne({ action: 'subject_request.open' }).lean();
    await page.goto(`${e.url}/admin/audit/${opening!._id}`);
    await page
      .getByTestId('personal-erased')
      .filter({ hasText: /Suprimidos por solicitud del titular N\.º SDT-\d{4}-\d{4}/ })
      .waitFor();
    expect(await page.getByTestId('audit-detail').textContent()).to.contain('Solicitud de titular abierta');
    await bothWidths(page, 'audit-event-personal-erased');

    const seen = (await officer.get(`/api/v1/alerts/${alert.id}`).expect(200)).body as {
      subjects: Array<{ role: string }>;
      history: Array<{ action: string }>;
    };
    expect(seen.subjects.map((s) => s.role)).to.deep.equal(['suspect']);
    expect(seen.history.at(-1)!.action).to.equal('subject_erased');
  });

  it('a rectification: the second administrator approves, the first corrects a surname after a confirmation', async () => {
    const coordination = await buildAgency({ country: 'PY', kind: 'other', name: 'Unidad de Coordinación — Asunción' });
    const police = await buildAgency({ country: 'PY', kind: 'police', name: 'Policía Nacional — Falcón' });
    const first = await buildUser({ agency: coordination, roles: ['system_admin'], mfa: true });
    const second = await buildUser({ agency: coordination, roles: ['system_admin'], mfa: true });
    const officerUser = await buildUser({ agency: police, mfa: true });
    const officer = await signIn(e.url, officerUser);
    const alert = (
      await officer
        .post(
          '/api/v1/alerts',
          alertBody({
            kind: 'suspect',
            sensitivity: 'standard',
            subjects: [
              {
                role: 'suspect',
                givenNames: 'Ramón',
                familyNames: 'Acosta',
                documents: [{ type: 'DNI', country: 'AR', number: '30.123.456' }],
              },
            ],
          }),
        )
        .expect(201)
    ).body as { id: string; reference: string };

    const { page } = await signedInPage(e, first, { path: '/admin/subject-requests' });
    await page.getByLabel('Documento o teléfono').fill('DNI 30.123.456');
    await page.getByLabel('Fundamento legal').selectOption('ar_ley_25326');
    await page.getByLabel('Derecho que ejerce').selectOption('rectification');
    await page.getByRole('button', { name: 'Abrir solicitud' }).click();
    const opened = page.getByRole('status').filter({ hasText: /Solicitud N\.º SDT-\d{4}-\d{4} abierta/ });
    await opened.waitFor();
    // This request's own card: the list also holds the previous test's, and may show it first until it refreshes.
    const number = /SDT-\d{4}-\d{4}/.exec((await opened.textContent()) ?? '')![0];
    await page.getByTestId('subject-request').filter({ hasText: number }).getByRole('link').click();
    await page.getByText('Espera la aprobación de otro administrador del sistema').waitFor();
    const other = await signedInPage(e, second, { path: new URL(page.url()).pathname });
    await other.page.getByRole('button', { name: 'Aprobar' }).click();
    await other.page.getByRole('button', { name: 'Confirmar: Aprobar' }).click();
    await other.page.getByTestId('request-status').filter({ hasText: 'Aprobada' }).waitFor();

    await page.reload();
    const found = page.getByTestId('found-alert').filter({ hasText: alert.reference });
    await found.getByLabel('Campo a rectificar').selectOption('familyNames');
    await found.getByLabel('Valor correcto').fill('Acosta Duarte');
    await bothWidths(page, 'subject-request-rectify');
    await found.getByRole('button', { name: 'Rectificar' }).click();
    await found.getByText('todos los organismos que la recibieron verán el cambio').waitFor();
    await found.getByRole('button', { name: 'Confirmar: Rectificar' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Dato rectificado en la alerta ${alert.reference}` })
      .waitFor();
    await page.getByText('Rectificación').last().waitFor();

    const seen = (await officer.get(`/api/v1/alerts/${alert.id}`).expect(200)).body as {
      subjects: Array<{ familyNames?: string }>;
      history: Array<{ action: string; requestNumber?: string }>;
    };
    expect(seen.subjects[0]!.familyNames).to.equal('Acosta Duarte');
    expect(seen.history.at(-1)!.action).to.equal('subject_rectified');
    // The issuing agency reads the note in the alert's history, in Spanish.
    const issuer = await signedInPage(e, officerUser, { path: `/alerts/${alert.id}` });
    await issuer.page.getByText(/Datos rectificados por solicitud del titular N\.º SDT-\d{4}-\d{4}/).waitFor();
  });
});
