import { expect } from 'chai';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { expectNoCspViolations, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';

describe('e2e: identifiers typed with their prefix', function () {
  this.timeout(180_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('a PY officer types "C.I. N° 4.567.890" and the screen says it searched a Paraguayan cédula, and finds it', async () => {
    const arOfficer = await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true });
    const pyOfficer = await buildUser({ agency: await buildAgency({ country: 'PY' }), mfa: true });
    const suspect = {
      role: 'suspect',
      givenNames: 'Cintia',
      familyNames: 'Ledesma',
      documents: [{ type: 'CI', country: 'PY', number: '4567890' }],
    };
    const posted = (
      await (
        await signIn(e.url, arOfficer)
      )
        .post(
          '/api/v1/alerts',
          alertBody({ title: 'Traslado por Encarnación', kind: 'suspect', sensitivity: 'standard', subjects: [suspect] }),
        )
        .expect(201)
    ).body as { id: string };
    await drainMatchWorker(e.server.instance);
    const { page } = await signedInPage(e, pyOfficer, { viewport: PHONE, path: '/search' });
    await page.getByLabel('Buscar en ambos países').fill('C.I. N° 4.567.890');
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
    await page.getByTestId('understood').waitFor();
    expect(await page.getByTestId('understood').textContent()).to.contain('Buscando cédula paraguaya (CI) 4567890.');
    const hit = page.locator(`li.result[data-alert-id="${posted.id}"]`);
    await hit.waitFor();
    expect(await hit.textContent())
      .to.contain('Traslado por Encarnación')
      .and.contain('Coincide por documento');
    expectNoCspViolations(page);
  });

  it('in the new-alert form, a number typed with its prefix picks the type it names, and a phone drops its "tel."', async () => {
    const arOfficer = await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true });
    const { page } = await signedInPage(e, arOfficer, { viewport: PHONE, path: '/alerts/new' });
    await page.locator('h1.screen-heading').waitFor();
    // The quick alert shows person 1 and a document row at once.
    expect(await page.getByLabel('Tipo de documento').inputValue()).to.equal('DNI');
    await page.getByLabel('Número de documento').fill('C.I. N° 4.567.890');
    expect(await page.getByTestId('normalized').first().textContent()).to.equal('C.I. N° 4.567.890 → Cédula (CI) 4567890');
    expect(await page.getByLabel('Tipo de documento').inputValue()).to.equal('CI');
    // The quick alert shows no country for the document: the type named by the prefix carries it.
    await page.getByRole('button', { name: 'Más detalles' }).click();
    await page.getByRole('button', { name: 'Agregar teléfono' }).click();
    await page.getByLabel('Teléfono 1').fill('tel. 0981 123 456');
    expect(await page.getByTestId('normalized').nth(1).textContent()).to.equal('tel. 0981 123 456 → +595981123456');
    expectNoCspViolations(page);
  });
});
