import fs from 'node:fs';
import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { ContactDto } from '../../server/directory/contact.presenter.js';
import { signIn } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { deviceLeftovers, expectNothingLeft, shellCached } from '../helpers/deviceStorage.js';
import { openMoreMenu } from '../helpers/tabBar.js';
import { checkScreen, expectNoCspViolations, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { parseWithVobject, propertiesOf, valueOf } from '../helpers/vobject.js';
import { Contact } from '../helpers/models.js';

describe('e2e: directory — phone search, call links, exports, offline copy, wipe at sign-out, admin edits', function () {
  this.timeout(180_000);
  let e: E2e;
  let arAgency: AgencyDoc;
  let pyAgency: AgencyDoc;
  let arOfficer: BuiltUser;
  let arAdmin: BuiltUser;
  let pyDesk: ContactDto;
  let staleDesk: ContactDto;
  let officer: { context: BrowserContext; page: Page };

  const card = (page: Page, id: string) => page.locator(`li.contact-card[data-contact-id="${id}"]`);
  const searchFor = async (page: Page, q: string) => {
    await page.getByLabel('Buscar por nombre, unidad, teléfono o institución').fill(q);
    await page.getByRole('button', { name: 'Buscar', exact: true }).click();
  };

  before(async function () {
    e = await startE2e(this);
    arAgency = await buildAgency({ country: 'AR', name: 'Policía de la Provincia de Formosa', shortName: 'Policía de Formosa' });
    pyAgency = await buildAgency({ country: 'PY', name: 'Policía Nacional — División de Trata de Personas', shortName: 'PN Trata' });
    arOfficer = await buildUser({ agency: arAgency, roles: ['officer'], mfa: true });
    arAdmin = await buildUser({ agency: arAgency, roles: ['agency_admin'], mfa: true });
    pyDesk = await buildContact(pyAgency, {
      name: 'Guardia de Trata — Asunción',
      unit: 'División Trata de Personas',
      phones: [
        { number: '0981 555 123', is24h: true, whatsapp: true },
        { number: '(021) 555-104', is24h: false, whatsapp: false },
      ],
      emails: ['guardia.asuncion@example.org'],
      languages: ['es', 'gn'],
      availability: '24 h',
    });
    await buildContact(arAgency, {
      name: 'Guardia de Trata — División Clorinda',
      phones: [{ number: '(03718) 42-5550', is24h: true, whatsapp: false }],
      languages: ['es'],
    });
    staleDesk = await buildContact(arAgency, {
      kind: 'person',
      name: 'Ana Núñez',
      position: 'Jefa de guardia',
      phones: [{ number: '(0370) 455-5001', is24h: false, whatsapp: false }],
    });
    // Last confirmed 200 days ago: stale.
    await Contact.updateOne({ _id: staleDesk.id }, { $set: { verifiedAt: new Date(Date.now() - 200 * 86_400_000) } });
    officer = await signedInPage(e, arOfficer, { viewport: PHONE, path: '/directory', acceptDownloads: true });
  });
  after(() => stopE2e(e));

  it('serves the service worker uncached', async () => {
    const res = await fetch(`${e.url}/sw.js`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('cache-control')).to.equal('no-store');
    expect(res.headers.get('content-type')).to.match(/javascript/);
  });

  it('finds a Paraguayan contact by a phone typed the Argentine way; call and WhatsApp links carry E.164', async () => {
    const { page } = officer;
    await page.locator('h1.screen-heading', { hasText: 'Directorio' }).waitFor();
    await card(page, staleDesk.id).waitFor();
    expect(await card(page, staleDesk.id).getByTestId('stale').textContent()).to.match(/^Sin confirmar desde /);
    for (const typed of ['00 595 981 555-123', '0981-555123', '+595 (981) 555 123']) {
      await searchFor(page, typed);
      await page.locator('.result-count', { hasText: '1 contacto' }).waitFor();
      expect(await page.locator('li.contact-card').count(), typed).to.equal(1);
      await card(page, pyDesk.id).waitFor();
    }
    const c = card(page, pyDesk.id);
    expect(await page.locator('.agency-group h2').textContent()).to.equal('Policía Nacional — División de Trata de Personas (PY)');
    expect(await c.getByRole('link', { name: 'Llamar al 0981 555 123' }).getAttribute('href')).to.equal('tel:+595981555123');
    expect(await c.getByRole('link', { name: 'WhatsApp al 0981 555 123' }).getAttribute('href')).to.equal('https://wa.me/595981555123');
    expect(await c.getByRole('link', { name: 'Llamar al (021) 555-104' }).getAttribute('href')).to.equal('tel:+59521555104');
    expect(await c.getByRole('link', { name: /WhatsApp al \(021\)/ }).count()).to.equal(0);
    expect(await c.getByRole('link', { name: 'guardia.asuncion@example.org' }).getAttribute('href')).to.equal(
      'mailto:guardia.asuncion@example.org',
    );
    expect(await c.textContent()).to.contain('Español, Guaraní');
    await checkScreen(page, 'directory-search-es-phone');

    // Filters: Guaraní speakers, and 24 h lines only.
    await searchFor(page, '');
    // On a phone the filters start folded.
    expect(await page.getByLabel('Idioma de atención').isVisible()).to.equal(false);
    await page.locator('summary', { hasText: 'Filtros' }).click();
    await page.getByLabel('Idioma de atención').selectOption('gn');
    await page.locator('.result-count', { hasText: '1 contacto' }).waitFor();
    await page.getByLabel('Idioma de atención').selectOption('');
    await page.getByLabel('Solo líneas de 24 h').check();
    await page.locator('.result-count', { hasText: '2 contactos' }).waitFor();
    expect(await page.locator('summary').textContent()).to.equal('Filtros activos: 1');
    expect(await page.getByTestId('export-csv').getAttribute('href')).to.equal('/api/v1/contacts/export.csv?h24=true');
    expect(await card(page, staleDesk.id).count()).to.equal(0);
    await page.getByLabel('Solo líneas de 24 h').uncheck();
    await page.locator('.result-count', { hasText: '3 contactos' }).waitFor();
  });

  it('exports the current result as a vCard that another parser imports, and as CSV', async () => {
    const { page } = officer;
    await searchFor(page, 'asuncion');
    await page.locator('.result-count', { hasText: '1 contacto' }).waitFor();
    expect(await page.getByTestId('export-vcf').getAttribute('href')).to.equal('/api/v1/contacts/export.vcf?q=asuncion');
    const [vcf] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-vcf').click()]);
    expect(vcf.suggestedFilename()).to.match(/^puente-contactos-\d{4}-\d{2}-\d{2}\.vcf$/);
    const cards = parseWithVobject(fs.readFileSync((await vcf.path())!, 'utf8'));
    expect(cards).to.have.length(1);
    const vc = cards[0]!;
    expect(valueOf(vc, 'FN')).to.equal('Guardia de Trata — Asunción');
    // vCard 3.0 by default (what Android and Google Contacts import): plain numbers, the first preferred.
    expect(valueOf(vc, 'VERSION')).to.equal('3.0');
    expect(propertiesOf(vc, 'TEL').map((p) => p.value)).to.deep.equal(['+595981555123', '+59521555104']);
    expect(await page.getByTestId('export-vcf4').getAttribute('href')).to.equal('/api/v1/contacts/export.vcf?q=asuncion&version=4.0');
    expect(valueOf(vc, 'EMAIL')).to.equal('guardia.asuncion@example.org');

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).to.match(/\.csv$/);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text.split('\r\n').filter(Boolean)).to.have.length(3); // header + one row per phone
    expect(text).to.contain('Guardia de Trata — Asunción');
    expectNoCspViolations(page);
  });

  it('offline, the directory still searches its copy on the device, also after a reload', async () => {
    const { page, context } = officer;
    await page.goto(`${e.url}/directory`);
    await page.getByTestId('copy-saved').waitFor();
    // The shell is cached by the service worker, which controls the page.
    await shellCached(page);
    await context.setOffline(true);
    await page.getByTestId('offline-copy').waitFor();
    await searchFor(page, '0981 555 123');
    await page.locator('.result-count', { hasText: '1 contacto' }).waitFor();
    await card(page, pyDesk.id).waitFor();
    expect(await card(page, pyDesk.id).getByRole('link', { name: 'Llamar al 0981 555 123' }).getAttribute('href')).to.equal(
      'tel:+595981555123',
    );
    expect(await page.getByTestId('offline-copy').textContent()).to.match(
      /^Sin conexión: se muestra la copia guardada en este dispositivo \(\d/,
    );
    expect(await page.getByTestId('export-vcf').count()).to.equal(0);
    await checkScreen(page, 'directory-offline-es-phone');

    await page.reload();
    await page.locator('h1.screen-heading', { hasText: 'Directorio' }).waitFor();
    await page.getByTestId('offline-copy').waitFor();
    await searchFor(page, 'nunez');
    await page.locator('.result-count', { hasText: '1 contacto' }).waitFor();
    await card(page, staleDesk.id).waitFor();
    await checkScreen(page, 'directory-offline-reloaded-es-phone');

    // Back online, the session is checked again and the whole app returns.
    await context.setOffline(false);
    await page.getByTestId('tab-bar').waitFor();
    await page.getByTestId('copy-saved').waitFor();
  });

  it('after sign-out nothing of the directory remains in IndexedDB or the caches', async () => {
    const { page } = officer;
    await openMoreMenu(page);
    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Iniciar sesión' }).waitFor();
    await expectNothingLeft(page);
    // Offline now, the directory does not open: the sign-in screen stays.
    await officer.context.setOffline(true);
    await page.goto(`${e.url}/directory`).catch(() => undefined);
    expect(await page.getByTestId('offline-copy').count()).to.equal(0);
    await officer.context.close();
  });

  it('an agency admin adds (after a validation error), edits, confirms and removes a contact of their agency', async () => {
    const { page, context } = await signedInPage(e, arAdmin, { viewport: PHONE, path: '/directory' });
    await card(page, pyDesk.id).waitFor();
    // Another agency's entry: readable, not editable.
    expect(await card(page, pyDesk.id).getByRole('link', { name: 'Editar' }).count()).to.equal(0);
    await page.getByRole('link', { name: 'Agregar contacto' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Nuevo contacto' }).waitFor();
    await page.getByLabel('Nombre').fill('Guardia Puerto Pilcomayo');
    await page.getByRole('group', { name: 'Teléfono 1' }).getByLabel('Número').fill('12');
    await page.getByRole('group', { name: 'Teléfono 1' }).getByLabel('Línea de 24 h').check();
    await page.getByRole('button', { name: 'Agregar correo' }).click();
    await page.getByLabel('Correo 1').fill('pilcomayo@example.org');
    await page.getByLabel('Guaraní').check();
    await page.getByRole('button', { name: 'Guardar contacto' }).click();
    await page.locator('#contact-phone-0-error', { hasText: 'No es un número de teléfono válido.' }).waitFor();
    expect(await page.getByLabel('Nombre').inputValue()).to.equal('Guardia Puerto Pilcomayo');
    expect(await page.getByLabel('Correo 1').inputValue()).to.equal('pilcomayo@example.org');
    await checkScreen(page, 'directory-form-error-es-phone');
    await page.getByRole('group', { name: 'Teléfono 1' }).getByLabel('Número').fill('(0370) 15-455-1234');
    await page.getByRole('button', { name: 'Guardar contacto' }).click();
    await page.locator('.notice-success', { hasText: '«Guardia Puerto Pilcomayo» fue guardado.' }).waitFor();
    const created = await Contact.findOne({ name: 'Guardia Puerto Pilcomayo' }).lean();
    expect(created?.phones[0]).to.include({ e164: '+5493704551234', is24h: true });
    expect(created?.languages).to.deep.equal(['es', 'gn']);
    const id = String(created?._id);

    await searchFor(page, 'pilcomayo');
    await card(page, id).getByRole('link', { name: 'Editar' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Editar contacto' }).waitFor();
    expect(await page.getByRole('group', { name: 'Teléfono 1' }).getByLabel('Número').inputValue()).to.equal('(0370) 15-455-1234');
    await page.getByLabel('Horario (opcional)').fill('24 h, todos los días');
    await page.getByRole('button', { name: 'Guardar contacto' }).click();
    await page.locator('.notice-success', { hasText: 'fue guardado' }).waitFor();
    expect((await Contact.findById(id).lean())?.availability).to.equal('24 h, todos los días');

    // Confirming the stale entry removes its badge.
    await searchFor(page, 'nunez');
    await card(page, staleDesk.id).getByTestId('stale').waitFor();
    await card(page, staleDesk.id).getByRole('button', { name: 'Confirmar datos' }).click();
    await page.locator('.notice-success', { hasText: 'confirmados hoy' }).waitFor();
    expect(await card(page, staleDesk.id).getByTestId('stale').count()).to.equal(0);

    await searchFor(page, 'pilcomayo');
    await card(page, id).getByRole('button', { name: 'Eliminar' }).click();
    await page.getByText('¿Eliminar «Guardia Puerto Pilcomayo» del directorio? No se puede deshacer.').waitFor();
    await checkScreen(page, 'directory-remove-confirm-es-phone');
    await page.getByRole('button', { name: 'Sí, eliminar' }).click();
    await page.locator('.notice-success', { hasText: 'fue eliminado' }).waitFor();
    expect(await card(page, id).count()).to.equal(0);
    expect(await Contact.countDocuments({ _id: id })).to.equal(0);
    await context.close();
  });

  it('renders in English on a desktop (search and form); a system admin may write every agency’s entries', async () => {
    const systemAdmin = await buildUser({ agency: pyAgency, roles: ['system_admin'], mfa: true });
    const { page, context } = await signedInPage(e, systemAdmin, { lang: 'en', path: '/directory' });
    await page.locator('h1.screen-heading', { hasText: 'Directory' }).waitFor();
    await card(page, staleDesk.id).waitFor();
    await page.getByTestId('copy-saved').waitFor();
    expect(await card(page, staleDesk.id).getByRole('link', { name: 'Edit' }).count()).to.equal(1);
    expect(await card(page, pyDesk.id).getByRole('link', { name: 'Edit' }).count()).to.equal(1);
    await checkScreen(page, 'directory-en-desktop');
    await page.getByRole('link', { name: 'Add contact' }).click();
    await page.locator('h1.screen-heading', { hasText: 'New contact' }).waitFor();
    const agencyChoices = await page.getByLabel('Agency').locator('option').allTextContents();
    expect(agencyChoices).to.include.members([
      'Policía de la Provincia de Formosa (AR)',
      'Policía Nacional — División de Trata de Personas (PY)',
    ]);
    await checkScreen(page, 'directory-form-en-desktop');
    await context.close();
  });

  it('pages through a long result with the API cursor, still grouped by agency', async () => {
    const other = await buildAgency({ country: 'PY', name: 'Prefectura General Naval', shortName: 'PGN' });
    for (let i = 0; i < 23; i++) {
      await buildContact(other, {
        name: `Puesto fluvial ${String(i).padStart(2, '0')}`,
        phones: [{ number: `+595 21 555 ${String(100 + i)}`, is24h: false, whatsapp: false }],
      });
    }
    const { page, context } = await signedInPage(e, arOfficer, { path: '/directory' });
    await searchFor(page, 'puesto fluvial');
    await page.locator('.result-count', { hasText: '20 contactos' }).waitFor();
    await page.getByRole('button', { name: 'Cargar más contactos' }).click();
    await page.locator('.result-count', { hasText: '23 contactos' }).waitFor();
    expect(await page.locator('.agency-group').count()).to.equal(1);
    expect(await page.getByRole('button', { name: 'Cargar más contactos' }).count()).to.equal(0);
    await context.close();
  });

  it('session:revoked (signed out everywhere) wipes the copy and the caches too', async () => {
    const pyOfficer = await buildUser({ agency: pyAgency, roles: ['officer'], mfa: true });
    const elsewhere = await signIn(e.url, pyOfficer);
    const { page, context } = await signedInPage(e, pyOfficer, { viewport: PHONE, path: '/directory' });
    await page.getByTestId('copy-saved').waitFor();
    await shellCached(page);
    expect(Object.values((await deviceLeftovers(page)).entries).some((n) => n > 0)).to.equal(true);
    await elsewhere.post('/api/v1/auth/logout-all', {}).expect(204);
    await page.waitForURL(/\/sign-in\?ended=logout/);
    await page.locator('h1.screen-heading').waitFor();
    await expectNothingLeft(page);
    await context.close();
  });
});
