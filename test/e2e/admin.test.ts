import fs from 'node:fs';
import { expect } from 'chai';
import { logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { Types } from 'mongoose';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import { DAY_MS } from '../../shared/time.js';
import { coreJob } from '../helpers/jobs.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { openMoreMenu } from '../helpers/tabBar.js';
import { checkScreen, DESKTOP, newContext, newPage, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { Alert, AuditEvent, User } from '../helpers/models.js';

const heading = (page: Page, text: string) => page.locator('h1.screen-heading', { hasText: text }).waitFor();

/** The link a one-time-link box shows, after the success notice. */
async function oneTimeLink(page: Page): Promise<string> {
  const box = page.getByTestId('one-time-link').locator('input');
  await box.waitFor();
  return box.inputValue();
}

describe('e2e: administration — agencies, invitations through the UI', function () {
  this.timeout(240_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('a system admin creates a Paraguayan agency and invites its first agency admin, who accepts, enrols MFA and invites an officer', async () => {
    const home = await buildAgency({ country: 'AR', shortName: 'SYS-AR' });
    const sysadmin = await buildUser({ agency: home, roles: ['system_admin'], mfa: true });
    const { context, page } = await signedInPage(e, sysadmin, { path: '/admin/agencies' });
    await heading(page, 'Organismos');
    await page.locator('#new-agency-name').fill('Policía Nacional — Departamento de Ñeembucú');
    await page.locator('#new-agency-short').fill('PN-Ñeembucú');
    await page.locator('#new-agency-country').selectOption('PY');
    await page.locator('#new-agency-kind').selectOption('police');
    await page.getByLabel('Jurisdicción').fill('Pilar y Alberdi');
    await page.getByRole('button', { name: 'Crear el organismo' }).click();
    await page.getByRole('status').filter({ hasText: 'Organismo creado' }).waitFor();
    await page.locator('li[data-testid="agency"]', { hasText: 'PN-Ñeembucú' }).waitFor();
    await checkScreen(page, 'admin-agencies-es-desktop');
    await page.setViewportSize(PHONE);
    await checkScreen(page, 'admin-agencies-es-phone');
    await page.setViewportSize(DESKTOP);
    const created = page.locator('li[data-testid="agency"]', { hasText: 'PN-Ñeembucú' });
    await created.getByRole('button', { name: /^Editar/ }).click();
    await created.getByLabel('Jurisdicción').fill('Pilar, Alberdi y Humaitá');
    await created.getByLabel('Teléfono de guardia (24 h)').fill('+595 786 232 000');
    await created.getByRole('button', { name: 'Guardar' }).click();
    await created.getByText('Pilar, Alberdi y Humaitá').waitFor();
    await created.getByText('Teléfono de guardia (24 h): +595 786 232 000').waitFor();
    const spare = await buildAgency({ country: 'PY', shortName: 'PN-Reserva' });
    await page.reload();
    const spareCard = page.locator(`li[data-name="${spare.name}"]`);
    await spareCard.getByRole('button', { name: 'Desactivar el organismo' }).click();
    expect(await spareCard.locator('.confirm').textContent()).to.contain('cierra las sesiones de todas sus cuentas');
    await spareCard.getByRole('button', { name: 'Confirmar: Desactivar el organismo' }).click();
    await spareCard.getByText('Desactivado', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Cuentas' }).click();
    await heading(page, 'Cuentas');
    await page.getByRole('button', { name: 'Invitar una cuenta' }).click();
    const adminEmail = `admin.py.${Date.now()}@example.org`;
    await page.locator('#invite-email').fill(adminEmail);
    await page.locator('#invite-name').fill('Rosa Benítez');
    const agencyOption = page.locator('#invite-agency option', { hasText: 'Policía Nacional — Departamento de Ñeembucú' });
    await agencyOption.waitFor({ state: 'attached' });
    await page.locator('#invite-agency').selectOption((await agencyOption.getAttribute('value'))!);
    await page.locator('#invite-roles-officer').uncheck();
    await page.locator('#invite-roles-agency_admin').check();
    await page.getByRole('button', { name: 'Crear la invitación' }).click();
    const link = await oneTimeLink(page);
    expect(link).to.match(new RegExp(`^${e.url}/invitation#.{20,}`));
    expect(await page.getByTestId('one-time-link').textContent()).to.contain('Vence:');
    await checkScreen(page, 'admin-invite-link-es-desktop');
    await context.close();

    // The new agency admin, on a phone: accepts, signs in, enrols MFA.
    const adminCtx = await newContext(e.browser, { viewport: PHONE });
    const ap = await newPage(adminCtx);
    await ap.goto(link);
    await heading(ap, 'Aceptar la invitación');
    await ap.getByLabel('Nueva contraseña').fill(GOOD_PASSWORD);
    await ap.getByLabel('Repita la contraseña').fill(GOOD_PASSWORD);
    await ap.getByRole('button', { name: 'Guardar contraseña' }).click();
    await heading(ap, 'Iniciar sesión');
    await ap.getByLabel('Contraseña').fill(GOOD_PASSWORD);
    await ap.getByRole('button', { name: 'Ingresar' }).click();
    await heading(ap, 'Activar el segundo factor');
    await ap.locator('img.qr').waitFor();
    const secret = (await ap.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
    const step = Math.floor(Date.now() / 30_000);
    await ap.getByLabel('Código de 6 dígitos').fill(await generate({ secret, epoch: step * 30 + 1 }));
    await ap.getByLabel('Contraseña').fill(GOOD_PASSWORD);
    await ap.getByRole('button', { name: 'Activar' }).click();
    await heading(ap, 'Alertas');

    // …and invites an officer of their agency (the agency is fixed, system admin cannot be granted).
    await openMoreMenu(ap);
    await ap.getByRole('link', { name: 'Administración' }).click();
    await heading(ap, 'Administración');
    await ap.getByRole('link', { name: 'Cuentas' }).first().click();
    await heading(ap, 'Cuentas');
    await ap.getByRole('button', { name: 'Invitar una cuenta' }).click();
    expect(await ap.locator('#invite-agency').count()).to.equal(0);
    expect(await ap.locator('#invite-roles-system_admin').isDisabled()).to.equal(true);
    expect(await ap.locator('#invite-roles-prosecutor').isDisabled()).to.equal(true);
    const rules = await ap.locator('fieldset.roles').first().textContent();
    expect(rules).to.contain('nunca otorga el rol de administrador del sistema');
    const officerEmail = `oficial.py.${Date.now()}@example.org`;
    await ap.locator('#invite-email').fill(officerEmail);
    await ap.locator('#invite-name').fill('Juan Ayala');
    await checkScreen(ap, 'admin-invite-es-phone');
    await ap.getByRole('button', { name: 'Crear la invitación' }).click();
    expect(await oneTimeLink(ap)).to.contain('/invitation#');
    await ap.locator(`li[data-email="${officerEmail}"]`).waitFor();
    expect(await ap.locator(`li[data-email="${officerEmail}"]`).textContent()).to.contain('Invitada');
    await checkScreen(ap, 'admin-accounts-es-phone');
    await adminCtx.close();
  });

  it('an agency admin disables an officer whose page is open elsewhere: it returns to sign-in with the reason within 2 s; unlock after 5 wrong passwords', async () => {
    const agency = await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' });
    const agencyAdmin = await buildUser({ agency, roles: ['agency_admin'], mfa: true });
    const officer = await buildUser({ agency, mfa: true });
    const other = await buildUser({ agency, mfa: true });
    const officerSide = await signedInPage(e, officer, { viewport: PHONE });
    await officerSide.page.locator('[data-connection="online"]').waitFor();

    const { context, page } = await signedInPage(e, agencyAdmin, { path: '/admin/accounts', viewport: PHONE });
    const card = page.locator(`li[data-email="${officer.email}"]`);
    await card.getByRole('button', { name: 'Gestionar' }).click();
    await card.getByRole('button', { name: 'Desactivar' }).click();
    expect(await card.locator('.confirm').textContent()).to.contain('cierra todas sus sesiones de inmediato');
    await checkScreen(page, 'admin-confirm-disable-es-phone');
    const clicked = Date.now();
    await card.getByRole('button', { name: 'Confirmar: Desactivar' }).click();
    await officerSide.page.locator('h1.screen-heading', { hasText: 'Iniciar sesión' }).waitFor({ timeout: 2000 });
    await officerSide.page.getByText('Su cuenta fue desactivada. La sesión se cerró.').waitFor({ timeout: 2000 });
    expect(Date.now() - clicked).to.be.below(2000);
    await card.getByText('Cuenta desactivada. Sus sesiones se cerraron.').waitFor();
    expect(await card.locator('.status-pill').first().textContent()).to.equal('Desactivada');
    await officerSide.context.close();

    // Five wrong passwords lock the other officer's account; the admin finds it by the filter and unlocks it.
    const api = (await newContext(e.browser)).request;
    const csrf = ((await (await api.get(`${e.url}/api/v1/auth/csrf`)).json()) as { csrfToken: string }).csrfToken;
    const login = (password: string) =>
      api.post(`${e.url}/api/v1/auth/login`, { data: { email: other.email, password }, headers: { 'X-CSRF-Token': csrf } });
    for (let i = 0; i < 5; i++) expect([401, 423]).to.include((await login('equivocada-' + i)).status());
    expect((await login(other.password)).status()).to.equal(423);
    await page.getByText('Filtros', { exact: true }).click();
    await page.locator('#flt-locked').selectOption('true');
    await page.getByRole('button', { name: 'Aplicar filtros' }).click();
    const locked = page.locator(`li[data-email="${other.email}"]`);
    await locked.getByText('Bloqueada', { exact: true }).waitFor();
    expect(await page.locator('li[data-testid="account"]').count()).to.equal(1);
    await locked.getByRole('button', { name: 'Gestionar' }).click();
    await locked.getByRole('button', { name: 'Desbloquear' }).click();
    await locked.getByText('Cuenta desbloqueada').waitFor();
    const relogin = await login(other.password);
    expect(relogin.status()).to.equal(200);
    expect(((await relogin.json()) as { mfaRequired?: boolean }).mfaRequired).to.equal(true);

    // Roles: saving asks first and says the sessions end; reset gives a new link, shown once.
    await locked.locator(`#roles-${other.id}-agency_admin`).check();
    await locked.getByRole('button', { name: 'Guardar roles' }).click();
    expect(await locked.locator('.confirm').textContent()).to.contain('cierra todas las sesiones abiertas');
    await locked.getByRole('button', { name: 'Confirmar: Guardar roles' }).click();
    await locked.getByText('Roles guardados.').waitFor();
    await locked.getByRole('button', { name: 'Restablecer contraseña y segundo factor' }).click();
    await locked.getByRole('button', { name: 'Confirmar: Restablecer contraseña y segundo factor' }).click();
    expect(await oneTimeLink(page)).to.match(/\/reset#.{20,}$/);
    const afterReset = await User.findById(other.id).lean();
    expect(afterReset?.roles).to.deep.equal(['officer', 'agency_admin']);
    expect(afterReset?.mfa?.enabled).to.equal(false);
    await context.close();
  });

  it('an AR agency admin is offered nothing of PY accounts, and the API refuses a direct request from the page', async () => {
    const ar = await buildAgency({ country: 'AR', shortName: 'PFA-Formosa' });
    const py = await buildAgency({ country: 'PY', shortName: 'PN-Pilar' });
    const arAdmin = await buildUser({ agency: ar, roles: ['agency_admin'], mfa: true });
    const arOfficer = await buildUser({ agency: ar, mfa: true });
    const pyOfficer = await buildUser({ agency: py, mfa: true });
    const { context, page } = await signedInPage(e, arAdmin, { path: '/admin/accounts', lang: 'en' });
    await page.locator(`li[data-email="${arOfficer.email}"]`).waitFor();
    const listed = await page.locator('li[data-testid="account"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-email')));
    expect(listed).not.to.include(pyOfficer.email);
    expect(await page.locator('#flt-agency').count()).to.equal(0);
    expect(await page.getByRole('link', { name: 'Agencies' }).count()).to.equal(0);
    await checkScreen(page, 'admin-accounts-en-desktop');
    await page.setViewportSize(PHONE);
    await openMoreMenu(page);
    await page.getByRole('link', { name: 'Administration' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Administration' }).waitFor();
    await checkScreen(page, 'admin-home-en-phone');
    await page.getByRole('link', { name: 'Reminders' }).first().click();
    await page.getByText('No hit is overdue.').waitFor();
    await checkScreen(page, 'admin-reminders-empty-en-phone');

    // Written as a string: the test's transpiler would add helpers the page does not have.
    const answers = (await page.evaluate(`(async () => {
      const { csrfToken } = await (await fetch('/api/v1/auth/csrf')).json();
      const send = (method, path, body) => fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.status);
      const py = ${JSON.stringify(String(py._id))};
      const user = ${JSON.stringify(pyOfficer.id)};
      return {
        list: await send('GET', '/api/v1/users?agencyId=' + py),
        read: await send('GET', '/api/v1/users/' + user),
        disable: await send('PATCH', '/api/v1/users/' + user, { status: 'disabled' }),
        reset: await send('POST', '/api/v1/users/' + user + '/reset', {}),
        unlock: await send('POST', '/api/v1/users/' + user + '/unlock', {}),
        invite: await send('POST', '/api/v1/users', { email: 'intruso@example.org', displayName: 'Intruso', agencyId: py, roles: ['officer'] }),
        audit: await send('GET', '/api/v1/audit?agencyId=' + py),
        agency: await send('PATCH', '/api/v1/agencies/' + py, { active: false }),
      };
    })()`)) as Record<string, number>;
    for (const [what, status] of Object.entries(answers)) expect([403, 404], what).to.include(status);
    await context.close();
  });

  it('the audit screen shows a search made a moment earlier; after an event is edited in the store, "Verificar integridad" reports the break', async () => {
    const agency = await buildAgency({ country: 'PY', shortName: 'PN-Encarnación' });
    const agencyAdmin = await buildUser({ agency, roles: ['agency_admin'], mfa: true });
    const officer = await buildUser({ agency, mfa: true });
    const sysadmin = await buildUser({ agency, roles: ['system_admin'], mfa: true });
    const officerSide = await signedInPage(e, officer);
    const searched = (await officerSide.page.evaluate(`(async () => {
      for (let i = 0; i < 40; i++) {
        const r = await fetch('/api/v1/search?q=' + encodeURIComponent('Benítez Ortiz'));
        if (r.status !== 503) return r.status;
        await new Promise((ok) => setTimeout(ok, 500));
      }
      return 503;
    })()`)) as number;
    expect(searched).to.equal(200);
    await officerSide.context.close();

    const { context, page } = await signedInPage(e, agencyAdmin, {
      path: `/admin/audit?action=search.query&actorId=${officer.id}`,
      viewport: PHONE,
    });
    const row = page.locator('li[data-testid="audit-event"]', { hasText: 'Búsqueda' }).first();
    await row.waitFor();
    // The row names the person (and says what happened in words), never the account's id.
    expect(await row.textContent())
      .to.contain(officer.email)
      .and.not.contain(officer.id);
    expect(await page.getByRole('button', { name: 'Verificar integridad' }).count()).to.equal(0);
    await checkScreen(page, 'admin-audit-es-phone');
    await row.getByRole('link').click();
    await page.locator('h1.screen-heading', { hasText: 'Evento de auditoría' }).waitFor();
    const detail = await page.getByTestId('audit-detail').textContent();
    expect(detail).to.contain('Búsqueda').and.not.contain('search.query');
    expect(await page.locator('pre.audit-details').textContent()).to.contain('Benítez Ortiz');
    await page.getByTestId('audit-detail').getByText(officer.email, { exact: false }).waitFor();
    await checkScreen(page, 'admin-audit-event-es-phone');
    const seq = Number(/\/admin\/audit\/(\d+)$/.exec(page.url())![1]);
    await context.close();

    const sys = await signedInPage(e, sysadmin, { path: '/admin/audit', lang: 'en' });
    await sys.page.locator('li[data-testid="audit-event"]').first().waitFor();
    const firstPage = await sys.page.locator('li[data-testid="audit-event"]').count();
    expect(firstPage).to.equal(20);
    await sys.page.getByRole('button', { name: 'Load more' }).click();
    await sys.page.locator('li[data-testid="audit-event"]').nth(20).waitFor();
    await sys.page.getByRole('button', { name: 'Verify integrity' }).click();
    await sys.page.getByTestId('verify-result').getByText('The chain is intact').waitFor();
    // Someone with access to the store edits the search event.
    await AuditEvent.collection.updateOne({ _id: seq } as never, { $set: { 'details.q': 'otra cosa' } });
    await sys.page.getByRole('button', { name: 'Verify integrity' }).click();
    const result = sys.page.getByTestId('verify-result');
    await result.getByText(`The chain is broken at event no. ${seq}.`).waitFor();
    expect(await result.textContent()).to.contain('its content does not match its hash');
    await checkScreen(sys.page, 'admin-audit-verify-broken-en-desktop');
    await result.getByRole('link', { name: `Open event no. ${seq}` }).click();
    await sys.page.locator('h1.screen-heading', { hasText: `Audit event no. ${seq}` }).waitFor();
    await sys.context.close();
  });

  it('the originating agency sees who viewed an alert, downloads the list and opens the audit event; overdue hits and review reminders, live, with one-click review', async () => {
    const ar = await buildAgency({ country: 'AR', shortName: 'PFA-Clorinda' });
    const py = await buildAgency({ country: 'PY', shortName: 'PN-Falcón' });
    const lead = await buildUser({ agency: ar, roles: ['officer', 'agency_admin'], mfa: true });
    const pyOfficer = await buildUser({ agency: py, mfa: true });
    const leadApi = await signIn(e.url, lead);
    const pyApi = await signIn(e.url, pyOfficer);
    const soon = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const due = (await leadApi.post('/api/v1/alerts', alertBody({ title: 'Revisión próxima', reviewAt: soon })).expect(201)).body as {
      id: string;
      reference: string;
    };
    const other = (await leadApi.post('/api/v1/alerts', alertBody({ title: 'Coincidencia sin responder' })).expect(201)).body as {
      id: string;
      reference: string;
    };
    const hit = (
      await pyApi.post(`/api/v1/alerts/${other.id}/updates`, { kind: 'hit', hitType: 'sighting', text: 'Vista en Falcón' }).expect(201)
    ).body as { id: string };
    // Its reply deadline passes (the embedded store has no positional operator: the hit's index is found first).
    const index = (await Alert.findById(other.id).lean<AlertDoc>())!.updates.findIndex((u) => u.id === hit.id);
    // As a change another process made: logged, then stored with its position (the reminder
    // lists are served from the alert copy, which follows the log).
    const seq = await logAlertChange(e.server.instance, other.id, 'changed');
    await Alert.collection.updateOne({ _id: new Types.ObjectId(other.id) } as never, {
      $set: { [`updates.${index}.dueAt`]: new Date(Date.now() - 3_600_000), changeSeq: seq },
    });
    await pyApi.get(`/api/v1/alerts/${due.id}`).expect(200);

    const { context, page } = await signedInPage(e, lead, { path: `/alerts/${due.id}`, viewport: PHONE });
    const views = page.getByTestId('views');
    // One line per person: the name, the agency and how many views.
    await views.getByText(`${pyOfficer.user.displayName} — PN-Falcón (PY): 1 vista`, { exact: false }).waitFor();
    await checkScreen(page, 'alert-viewers-es-phone');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Descargar la lista (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal(`puente-${due.reference}-vistas.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    expect(csv).to.contain(`"${pyOfficer.user.displayName}","${py.name}","PY","1","0"`);
    await views
      .getByRole('link', { name: /evento N\.º \d+/ })
      .first()
      .click();
    await page.locator('h1.screen-heading', { hasText: 'Evento de auditoría' }).waitFor();
    expect(await page.getByTestId('audit-detail').textContent()).to.contain('Alerta vista');

    await page.goto(`${e.url}/admin/reminders`);
    await page.locator('h1.screen-heading', { hasText: 'Recordatorios' }).waitFor();
    await page.getByTestId('overdue-hits').getByText('Vista en Falcón').waitFor();
    const reviewList = page.getByTestId('review-due');
    await reviewList.getByText('Revisión próxima').waitFor();
    await page.locator('[data-connection="online"]').waitFor();
    await checkScreen(page, 'admin-reminders-es-phone');
    await reviewList.getByRole('button', { name: `Marcar como revisada: ${due.reference}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${due.reference} revisada` })
      .waitFor();
    expect(await page.getByTestId('review-due').count()).to.equal(0);
    const reviewed = await Alert.findById(due.id).lean();
    expect(reviewed!.reviewAt.getTime()).to.be.greaterThan(Date.now() + 7 * DAY_MS);

    // The reminder job, run as the scheduler runs it, reaches the open screen live.
    await Alert.updateOne({ _id: other.id }, { $set: { reviewAt: new Date(Date.now() + DAY_MS), reviewReminderSentAt: null } });
    const reminderJob = coreJob(e.server.instance, 'alerts.remind_reviews');
    const at = Date.now();
    expect(await reminderJob.run()).to.be.at.least(1);
    await page
      .getByRole('status')
      .filter({ hasText: `La alerta ${other.reference} debe revisarse.` })
      .waitFor({ timeout: 2000 });
    expect(Date.now() - at).to.be.below(2000);
    await context.close();
  });

  it('a prosecutor role granted by an agency admin waits; a system admin approves it on the accounts screen', async () => {
    const office = await buildAgency({ country: 'AR', kind: 'prosecutor', shortName: 'Fiscalía-Formosa' });
    const officeAdmin = await buildUser({ agency: office, roles: ['agency_admin'], mfa: true });
    const sysadmin = await buildUser({ agency: office, roles: ['system_admin'], mfa: true });
    const a = await signedInPage(e, officeAdmin, { path: '/admin/accounts', viewport: PHONE });
    await a.page.getByRole('button', { name: 'Invitar una cuenta' }).click();
    expect(await a.page.locator('#invite-roles-prosecutor').isDisabled()).to.equal(false);
    expect(await a.page.locator('fieldset.roles').textContent()).to.contain('espera la aprobación de un administrador del sistema');
    const email = `fiscal.${Date.now()}@example.org`;
    await a.page.locator('#invite-email').fill(email);
    await a.page.locator('#invite-name').fill('Laura Giménez');
    await a.page.locator('#invite-roles-officer').uncheck();
    await a.page.locator('#invite-roles-prosecutor').check();
    await a.page.getByRole('button', { name: 'Crear la invitación' }).click();
    await oneTimeLink(a.page);
    await a.page.getByTestId('role-grants').locator(`li[data-email="${email}"]`).waitFor();
    expect(await a.page.getByTestId('role-grants').getByRole('button').count()).to.equal(0);
    await a.context.close();

    const s = await signedInPage(e, sysadmin, { path: '/admin/accounts', lang: 'en' });
    const grant = s.page.getByTestId('role-grants').locator(`li[data-email="${email}"]`);
    expect(await grant.textContent()).to.contain('Asked: Prosecutor');
    await grant.getByRole('button', { name: 'Approve' }).click();
    expect(await grant.locator('.confirm').textContent()).to.contain('ends all their open sessions');
    await checkScreen(s.page, 'admin-role-grant-en-desktop');
    await grant.getByRole('button', { name: 'Confirm: Approve' }).click();
    await s.page.getByText("Laura Giménez's roles approved.").waitFor();
    const approved = await User.findOne({ email }).lean();
    expect(approved?.roles).to.deep.equal(['prosecutor']);
    expect(approved?.pendingRoles ?? []).to.deep.equal([]);
    await s.context.close();
  });

  it('an agency admin’s reset of a prosecutor says first and after that the prosecutor role waits for a system admin', async () => {
    const office = await buildAgency({ country: 'PY', kind: 'prosecutor', shortName: 'Fiscalía-Pilar' });
    const officeAdmin = await buildUser({ agency: office, roles: ['agency_admin'], mfa: true });
    const prosecutor = await buildUser({ agency: office, roles: ['prosecutor'], mfa: true });
    const { context, page } = await signedInPage(e, officeAdmin, { path: '/admin/accounts' });
    const card = page.locator(`li[data-email="${prosecutor.email}"]`);
    await card.getByRole('button', { name: 'Gestionar' }).click();
    await card.getByRole('button', { name: 'Restablecer contraseña y segundo factor' }).click();
    expect(await card.locator('.confirm').textContent()).to.contain('Su rol de fiscal queda suspendido');
    await card.getByRole('button', { name: 'Confirmar: Restablecer contraseña y segundo factor' }).click();
    expect(await oneTimeLink(page)).to.match(/\/reset#.{20,}$/);
    await card.getByText('Su rol de fiscal espera la aprobación de un administrador del sistema.').waitFor();
    await card.getByText('Roles a la espera de aprobación: Fiscal').waitFor();
    const stored = await User.findById(prosecutor.id).lean();
    expect(stored?.roles).to.deep.equal([]);
    expect(stored?.pendingRoles).to.deep.equal(['prosecutor']);
    await context.close();
  });

  it('an officer reaches the agency’s reminders from the main navigation, without the administrators’ sections', async () => {
    const agency = await buildAgency({ country: 'PY', shortName: 'PN-Ayolas' });
    const officer = await buildUser({ agency, mfa: true });
    const soon = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const due = (
      await (await signIn(e.url, officer)).post('/api/v1/alerts', alertBody({ title: 'Revisar pronto', reviewAt: soon })).expect(201)
    ).body as { reference: string };
    const { context, page } = await signedInPage(e, officer, { viewport: PHONE });
    await openMoreMenu(page);
    expect(await page.getByRole('link', { name: 'Administración' }).count()).to.equal(0);
    await page.getByRole('link', { name: 'Recordatorios' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Recordatorios' }).waitFor();
    await page.getByTestId('review-due').getByText('Revisar pronto').waitFor();
    expect(await page.getByRole('link', { name: 'Cuentas' }).count(), 'no administrators’ sections').to.equal(0);
    await page
      .getByTestId('review-due')
      .getByRole('button', { name: `Marcar como revisada: ${due.reference}` })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `${due.reference} revisada` })
      .waitFor();
    await checkScreen(page, 'reminders-officer-es-phone');
    await context.close();
  });
});
