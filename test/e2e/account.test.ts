import { expect } from 'chai';
import { generate } from 'otplib';
import { open } from '../../server/platform/crypto/secretBox.js';
import { testConfig } from '../helpers/server.js';
import { buildAgency, buildUser, GOOD_PASSWORD } from '../helpers/factories.js';
import { checkScreen, newContext, PHONE, signedInPage, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { User } from '../helpers/models.js';

describe('e2e: My account — preferences, password, MFA re-enrolment, sign out everywhere', function () {
  this.timeout(180_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this);
  });
  after(() => stopE2e(e));

  it('language and time zone are kept on the account; the password changes (a wrong current one keeps what was typed); MFA is set up again', async () => {
    const agency = await buildAgency({ country: 'PY', shortName: 'PN-Asunción' });
    const officer = await buildUser({ agency, mfa: true });
    const { context, page } = await signedInPage(e, officer, { path: '/account', viewport: PHONE });
    await page.locator('h1.screen-heading', { hasText: 'Mi cuenta' }).waitFor();
    expect(await page.getByText('Si perdió el teléfono').count()).to.equal(1);
    await checkScreen(page, 'account-es-phone');
    // The header's language switch moves the select with it.
    await page.locator('.lang-switch button[lang="en"]').click();
    await page.locator('h1.screen-heading', { hasText: 'My account' }).waitFor();
    expect(await page.locator('#pref-language').inputValue()).to.equal('en');
    await page.locator('.lang-switch button[lang="es"]').click();
    await page.locator('h1.screen-heading', { hasText: 'Mi cuenta' }).waitFor();
    expect(await page.locator('#pref-language').inputValue()).to.equal('es');

    await page.locator('#pref-language').selectOption('en');
    await page.locator('#pref-zone').selectOption('America/Asuncion');
    await page.getByRole('button', { name: 'Guardar idioma y zona' }).click();
    await page.locator('h1.screen-heading', { hasText: 'My account' }).waitFor();
    await page.getByText('Preferences saved.').waitFor();
    const saved = await User.findById(officer.id).lean();
    expect(saved?.language).to.equal('en');
    expect(saved?.timeZone).to.equal('America/Asuncion');

    const newPassword = `${GOOD_PASSWORD}-nueva`;
    await page.locator('#pw-current').fill('not-my-password-at-all');
    await page.locator('#pw-new').fill(newPassword);
    await page.locator('#pw-repeat').fill(newPassword);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.locator('section[aria-labelledby="acc-password"] [role="alert"]').first().waitFor();
    expect(await page.locator('#pw-new').inputValue()).to.equal(newPassword);
    await page.locator('#pw-current').fill(officer.password);
    await page.getByRole('button', { name: 'Change the password' }).click();
    await page.getByText('Password changed.').waitFor();

    await page.getByRole('button', { name: 'Set up the second factor on another phone' }).click();
    await page.locator('img.qr').waitFor();
    const secret = (await page.getByTestId('mfa-secret').textContent())!.replace(/\s/g, '');
    await checkScreen(page, 'account-mfa-reenrol-en-phone');
    // Without a code of the current app the server refuses, and says so beside the field.
    const step = Math.floor(Date.now() / 30_000);
    await page.locator('#re-code').fill(await generate({ secret, epoch: step * 30 + 1 }));
    await page.locator('#re-password').fill(newPassword);
    await page.getByRole('button', { name: 'Confirm the new second factor' }).click();
    await page.locator('#re-current-error').getByText('This field is required.').waitFor();
    // The sign-in spent this step's code of the current app: the next step's is within the window.
    await page.locator('#re-current').fill(await generate({ secret: officer.totpSecret!, epoch: (step + 1) * 30 + 1 }));
    await page.getByRole('button', { name: 'Confirm the new second factor' }).click();
    await page.getByText('Second factor set up again.').waitFor();
    await context.close();

    // The new password signs in, and the account's second factor is now the new secret.
    const again = await newContext(e.browser);
    const login = await again.request.post(`${e.url}/api/v1/auth/login`, {
      data: { email: officer.email, password: newPassword },
      headers: {
        'X-CSRF-Token': ((await (await again.request.get(`${e.url}/api/v1/auth/csrf`)).json()) as { csrfToken: string }).csrfToken,
      },
    });
    expect(((await login.json()) as { mfaRequired?: boolean }).mfaRequired).to.equal(true);
    await again.close();
    const stored = await User.findById(officer.id).lean();
    expect(open(stored!.mfa!.secret!, testConfig().dataEncryptionKey)).to.equal(secret);
  });

  it('sign out everywhere ends this page and the one open on another device', async () => {
    const agency = await buildAgency({ country: 'AR', shortName: 'PFA-Posadas' });
    const officer = await buildUser({ agency, mfa: true });
    const elsewhere = await signedInPage(e, officer, { viewport: PHONE });
    await elsewhere.page.locator('[data-connection="online"]').waitFor();
    const { context, page } = await signedInPage(e, officer, { path: '/account', lang: 'en' });
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    expect(await page.locator('.confirm').textContent()).to.contain('this one included');
    await checkScreen(page, 'account-sign-out-everywhere-en-desktop');
    await page.getByRole('button', { name: 'Confirm: Sign out everywhere' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Sign in' }).waitFor();
    // This device did it: it says so, not "ended elsewhere" (its own socket's revocation is expected).
    await page.getByText('You signed out on every device, this one included.').waitFor();
    expect(await page.getByText('The session was ended elsewhere.').count()).to.equal(0);
    await elsewhere.page.locator('h1.screen-heading', { hasText: 'Iniciar sesión' }).waitFor({ timeout: 2000 });
    expect(await elsewhere.page.getByText('La sesión se cerró desde otro lugar.').count()).to.equal(1);
    const me = await elsewhere.context.request.get(`${e.url}/api/v1/auth/me`);
    expect(me.status()).to.equal(401);
    await context.close();
    await elsewhere.context.close();
  });
});
