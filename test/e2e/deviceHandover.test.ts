import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { alertBody } from '../helpers/alertFixtures.js';
import { freshTotp, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { deviceRecords, eventually } from '../helpers/deviceStorage.js';
import { newContext, newPage, PHONE, signInContext, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { Alert } from '../helpers/models.js';

/** Writes the outbox as an older or foreign client would have left it. */
function writeOutbox(page: Page, entries: unknown[]): Promise<void> {
  return page.evaluate(
    (value) =>
      new Promise<void>((resolve, reject) => {
        const req = indexedDB.open('puente');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const tx = req.result.transaction('local', 'readwrite');
          tx.objectStore('local').put(value, 'outbox');
          tx.oncomplete = () => {
            req.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    entries,
  );
}

describe('e2e: a browser left by one officer keeps nothing of theirs for the next (issue 23, F2)', function () {
  this.timeout(180_000);
  let e: E2e;
  let arOfficer: BuiltUser;
  let pyOfficer: BuiltUser;
  let pyAgencyId = '';

  before(async function () {
    e = await startE2e(this);
    const arAgency = await buildAgency({ country: 'AR', shortName: 'PFA-Formosa' });
    const pyAgency = await buildAgency({ country: 'PY', shortName: 'PN-Alberdi' });
    pyAgencyId = String(pyAgency._id);
    arOfficer = await buildUser({ agency: arAgency, mfa: true });
    pyOfficer = await buildUser({ agency: pyAgency, mfa: true });
  });
  after(() => stopE2e(e));

  /**
   * The AR officer, signed in on `ctx`, queues an alert naming a victim while offline and starts a
   * second draft; the tab is then closed and the connection comes back.
   */
  async function leaveArData(ctx: BrowserContext, titles: { queued: string; draft: string }): Promise<void> {
    await signInContext(ctx, e.url, arOfficer);
    const ar = await newPage(ctx);
    await ar.goto(`${e.url}/alerts/new`);
    await ar.locator('[data-connection="online"]').waitFor();
    await ctx.setOffline(true);
    await ar.locator('[data-connection="offline"]').waitFor();
    await ar.getByLabel('Tipo de alerta').selectOption('possible_victim');
    await ar.getByLabel('Prioridad').selectOption('high');
    await ar.getByLabel('Título').fill(titles.queued);
    await ar.getByLabel('Nombres').fill('Rosa Inés');
    await ar.getByLabel('Apellidos').fill('Cabral');
    await ar.getByRole('button', { name: 'Enviar alerta' }).click();
    await ar.locator('.review-step').getByRole('button', { name: 'Enviar alerta' }).click();
    await ar.locator('.outbox li', { hasText: titles.queued }).waitFor();
    await ar.getByLabel('Título').fill(titles.draft);
    await eventually(async () => (await deviceRecords(ar))['new-alert-draft']?.includes(titles.draft) ?? false, 'the draft is saved');
    expect((await deviceRecords(ar)).outbox, 'the AR alert is queued on the device').to.contain('Rosa Inés');
    await ar.close();
    await ctx.setOffline(false);
  }

  /** The PY officer's new-alert form on `page` shows nothing of AR's, nothing was sent, and the device holds none of it. */
  async function expectNothingOfAr(page: Page, titles: { queued: string; draft: string }): Promise<void> {
    await page.goto(`${e.url}/alerts/new`);
    await page.locator('[data-connection="online"]').waitFor();
    expect(await page.getByLabel('Título').inputValue(), 'the PY form shows no AR draft').to.equal('');
    expect(await page.locator('.outbox').count()).to.equal(0);
    // The PY officer's live connection has flushed whatever outbox it had: nothing of AR's left the device.
    await page.waitForTimeout(500);
    expect(await Alert.countDocuments({ title: titles.queued })).to.equal(0);
    expect(await Alert.countDocuments({ originAgencyId: pyAgencyId })).to.equal(0);
    const after = JSON.stringify(await deviceRecords(page));
    for (const text of [titles.queued, titles.draft, 'Rosa Inés', arOfficer.id])
      expect(after, `the device still holds ${text}`).to.not.contain(text);
  }

  it('an AR outbox and draft left when the session ended elsewhere are wiped, never sent as the PY officer who signs in next', async () => {
    const context = await newContext(e.browser, { viewport: PHONE });
    const titles = { queued: `Traslado de Rosa Cabral ${Date.now()}`, draft: `Borrador AR sobre Elena Duarte ${Date.now()}` };
    await leaveArData(context, titles);
    // The session ends from another device ("sign out everywhere").
    const elsewhere = await signIn(e.url, arOfficer);
    await elsewhere.post('/api/v1/auth/logout-all').expect(204);

    const page = await newPage(context);
    await page.goto(`${e.url}/`);
    await page.getByLabel('Correo electrónico').waitFor();
    await page.getByLabel('Correo electrónico').fill(pyOfficer.email);
    await page.getByLabel('Contraseña').fill(pyOfficer.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByLabel('Código de 6 dígitos').fill(await freshTotp(pyOfficer.totpSecret!));
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.locator('[data-connection="online"]').waitFor();
    await expectNothingOfAr(page, titles);
    await context.close();
  });

  it('a boot that finds another user signed in wipes what the last user left before anything is shown or sent', async () => {
    const shared = await newContext(e.browser, { viewport: PHONE });
    const titles = { queued: `Otra víctima en Alberdi ${Date.now()}`, draft: `Otro borrador AR ${Date.now()}` };
    await leaveArData(shared, titles);
    // The AR session is still valid; the browser now holds a PY session instead.
    await signInContext(shared, e.url, pyOfficer);
    const page = await newPage(shared);
    await page.goto(`${e.url}/`);
    await page.locator('[data-connection="online"]').waitFor();
    await expectNothingOfAr(page, titles);
    await shared.close();
  });

  it('an outbox entry of another user, or without an owner, is never sent; the signed-in user’s own is', async () => {
    const own = await newContext(e.browser, { viewport: PHONE });
    await signInContext(own, e.url, pyOfficer);
    const page = await newPage(own);
    await page.goto(`${e.url}/`);
    await page.locator('[data-connection="online"]').waitFor();
    const entry = (key: string, title: string, owner?: string) => ({
      key,
      ...(owner ? { owner } : {}),
      body: alertBody({ title, sensitivity: 'standard', distribution: { scope: 'bilateral' } }),
      photos: [],
      queuedAt: new Date().toISOString(),
    });
    const stamp = Date.now();
    await writeOutbox(page, [
      entry(`pu-foreign-${stamp}`, `Ajena ${stamp}`, arOfficer.id),
      entry(`pu-ownerless-${stamp}`, `Sin dueño ${stamp}`),
      entry(`pu-own-${stamp}`, `Propia ${stamp}`, pyOfficer.id),
    ]);
    // A reconnection flushes the outbox.
    await own.setOffline(true);
    await page.locator('[data-connection="offline"]').waitFor();
    await own.setOffline(false);
    await eventually(async () => (await Alert.countDocuments({ title: `Propia ${stamp}` })) === 1, 'the PY officer’s own entry is sent');
    expect(await Alert.countDocuments({ title: `Ajena ${stamp}` })).to.equal(0);
    expect(await Alert.countDocuments({ title: `Sin dueño ${stamp}` })).to.equal(0);
    // Once the outbox is saved again, only the signed-in user's entries remain in it.
    await eventually(async () => !(await deviceRecords(page)).outbox?.includes(`pu-own-${stamp}`), 'the sent entry leaves the outbox');
    expect((await deviceRecords(page)).outbox)
      .to.not.contain(`pu-foreign-${stamp}`)
      .and.not.contain(`pu-ownerless-${stamp}`);
    await own.close();
  });
});
