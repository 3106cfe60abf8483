import { expect } from 'chai';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
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
import { PushSubscription } from '../helpers/models.js';

describe('e2e: notifications on this device (My account)', function () {
  this.timeout(180_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('with notifications blocked, My account says how to allow them and offers no button', async () => {
    const officer = await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true });
    const { context, page } = await signedInPage(e, officer, { path: '/account', viewport: DESKTOP });
    // What the browser reports once the user blocked notifications for the site.
    await context.addInitScript("Object.defineProperty(Notification, 'permission', { get: () => 'denied' })");
    await page.reload();
    await page.getByRole('heading', { name: 'Notificaciones en este dispositivo' }).waitFor();
    await page.locator('[data-testid="push-state"][data-state="denied"]').waitFor();
    expect(await page.getByRole('button', { name: 'Activar notificaciones' }).count()).to.equal(0);
    await checkScreen(page, 'account-push-denied-es-desktop');
    await context.close();
  });

  it('with permission granted, the opt-in subscribes with the server’s VAPID key', async () => {
    const officer = await buildUser({ agency: await buildAgency({ country: 'PY' }), mfa: true });
    const { context, page } = await signedInPage(e, officer, { path: '/account', viewport: PHONE });
    await context.grantPermissions(['notifications'], { origin: e.url });
    // Records the key the page subscribes with (the browser's own subscribe still runs).
    await context.addInitScript(`{
      const subscribe = PushManager.prototype.subscribe;
      PushManager.prototype.subscribe = function (options) {
        const bytes = new Uint8Array(options.applicationServerKey);
        window.__subscribedWith = btoa(String.fromCharCode(...bytes)).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
        return subscribe.call(this, options);
      };
    }`);
    await page.reload();
    await page.getByRole('heading', { name: 'Notificaciones en este dispositivo' }).waitFor();
    await page.locator('[data-testid="push-state"][data-state="off"]').waitFor();
    await page.locator('#acc-push').scrollIntoViewIfNeeded();
    await checkScreen(page, 'account-push-optin-es-phone');
    const key = await page.evaluate(async () => (await (await fetch('/api/v1/push/key')).json()).publicKey as string);
    await page.getByRole('button', { name: 'Activar notificaciones' }).click();
    // Chromium without a vendor push service may refuse the subscription: then the screen says so.
    const outcome = await Promise.race([
      page
        .locator('[data-testid="push-state"][data-state="on"]')
        .waitFor()
        .then(() => 'on' as const),
      page
        .locator('section[aria-labelledby="acc-push"] [role="alert"]')
        .waitFor()
        .then(() => 'refused' as const),
    ]);
    expect(await page.evaluate('window.__subscribedWith')).to.equal(key);
    if (outcome === 'refused') {
      await page.getByText('El navegador no pudo activar las notificaciones').waitFor();
      await checkScreen(page, 'account-push-refused-es-phone');
    } else {
      const stored = await PushSubscription.find({ userId: officer.id }).lean();
      expect(stored).to.have.length(1);
      await checkScreen(page, 'account-push-on-es-phone');
    }
    expect(key).to.have.length(87);
    await context.close();
  });

  it('when the browser blocks the urgent-alert sound, a banner offers to turn it on, and its button clears it', async () => {
    const agency = await buildAgency({ country: 'AR' });
    const officer = await buildUser({ agency, mfa: true });
    const context = await newContext(e.browser, { viewport: PHONE });
    // Headless Chromium lets Web Audio play without a gesture (and reports activation); phones do
    // not. This makes the page's AudioContext behave as a phone's: suspended, and resume() pending,
    // until the user has tapped or typed on the page.
    await context.addInitScript(`{
      let gestured = false;
      for (const type of ['pointerdown', 'keydown']) addEventListener(type, (ev) => { if (ev.isTrusted) gestured = true; }, true);
      const proto = AudioContext.prototype;
      const state = Object.getOwnPropertyDescriptor(BaseAudioContext.prototype, 'state').get;
      const resume = proto.resume;
      Object.defineProperty(BaseAudioContext.prototype, 'state', { get() { return gestured ? state.call(this) : 'suspended'; } });
      proto.resume = function () { return gestured ? resume.call(this) : new Promise(() => {}); };
      window.__audioGestured = () => gestured;
    }`);
    await signInContext(context, e.url, officer);
    const page = await newPage(context);
    await page.goto(e.url + '/');
    await page.locator('[data-connection="online"]').waitFor();
    const poster = await signIn(e.url, await buildUser({ agency, mfa: true }));
    await poster.post('/api/v1/alerts', alertBody({ title: 'Sonido bloqueado', sensitivity: 'standard' })).expect(201);
    const prompt = page.getByTestId('sound-prompt');
    await prompt.getByText('Active el sonido para las alertas urgentes').waitFor();
    await checkScreen(page, 'sound-prompt-es-phone');
    await prompt.getByRole('button', { name: 'Activar sonido' }).click();
    await prompt.waitFor({ state: 'detached' });
    expect(await page.evaluate('window.__audioGestured()')).to.equal(true);
    await context.close();
  });
});
