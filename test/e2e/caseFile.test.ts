/**
 * The case file for court in the browser (issue 29): a prosecutor of an agency the alert reaches
 * finds "Expediente para la justicia (PDF)" on the alert at 360 px, and the download is the PDF
 * (read back with pdftotext; its first page rendered for docs/screenshots); an officer sees no such
 * button.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { checkScreen, PHONE, SCREENSHOT_DIR, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { pdfPagePng, pdfToText } from '../helpers/pdf.js';
import { foreignFragments, readableText } from '../helpers/spanishText.js';

describe('e2e: the case file for court', function () {
  this.timeout(300_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('a prosecutor downloads it from the alert (360 px); an officer is not offered it', async () => {
    const fiscalia = await buildAgency({
      country: 'AR',
      kind: 'prosecutor',
      name: 'Fiscalía Federal N.º 2 de Formosa',
      shortName: 'FF2-Formosa',
    });
    const gendarmeria = await buildAgency({
      country: 'AR',
      kind: 'gendarmerie',
      name: 'Gendarmería Nacional — Escuadrón 17 Clorinda',
      shortName: 'GN-Clorinda',
    });
    const fiscal = await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true });
    const gendarme = await buildUser({ agency: gendarmeria, mfa: true });
    const api = await signIn(e.url, fiscal);
    const created = (await api.post('/api/v1/alerts', alertBody({ distribution: { scope: 'country' } })).expect(201)).body as {
      id: string;
      reference: string;
    };
    const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 120, g: 110, b: 100 } } })
      .jpeg()
      .toBuffer();
    await api.agent
      .post(`/api/v1/alerts/${created.id}/photos?subjectIndex=1`)
      .set('X-CSRF-Token', api.csrfToken!)
      .set('Content-Type', 'image/jpeg')
      .send(photo)
      .expect(201);
    await (
      await signIn(e.url, gendarme)
    )
      .post(`/api/v1/alerts/${created.id}/updates`, {
        kind: 'hit',
        hitType: 'sighting',
        text: 'Vista en la terminal de ómnibus de Clorinda',
      })
      .expect(201);

    const { context, page } = await signedInPage(e, fiscal, { viewport: PHONE, path: `/alerts/${created.id}` });
    const button = page.getByTestId('case-file-pdf');
    await button.waitFor();
    expect((await button.textContent())?.trim()).to.equal('Expediente para la justicia (PDF)');
    expect(foreignFragments(await readableText(page))).to.deep.equal([]);
    await checkScreen(page, 'alert-case-file-button-es-phone');

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).to.equal(`puente-${created.reference}-expediente.pdf`);
    const pdf = fs.readFileSync((await download.path())!);
    const text = await pdfToText(pdf);
    expect(text).to.contain(`Alerta ${created.reference}`);
    expect(text).to.contain('María José');
    expect(text).to.contain('Gendarmería Nacional — Escuadrón 17 Clorinda');
    const page1 = await pdfPagePng(pdf, 1, 80);
    expect((await sharp(page1).metadata()).width).to.be.within(640, 670); // A4 at 80 dpi: 8.27 in
    if (process.env.PUENTE_SCREENSHOTS === '1') fs.writeFileSync(path.join(SCREENSHOT_DIR, 'case-file-page1-es.png'), page1);
    await context.close();

    const asOfficer = await signedInPage(e, gendarme, { viewport: PHONE, path: `/alerts/${created.id}` });
    await asOfficer.page.waitForSelector('#history-h');
    expect(await asOfficer.page.getByTestId('case-file-pdf').count()).to.equal(0);
    await asOfficer.context.close();
  });
});
