import { expect } from 'chai';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { freshTotp } from '../helpers/apiClient.js';
import { rawGet } from '../helpers/rawGet.js';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { checkScreen, DESKTOP, expectNoCspViolations, newContext, newPage, PHONE, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';

describe('e2e: sign-in screen', function () {
  this.timeout(90_000);
  let e: E2e;
  let agency: AgencyDoc;
  let officer: BuiltUser;

  before(async function () {
    e = await startE2e(this);
    agency = await buildAgency({ country: 'AR' });
    officer = await buildUser({ agency, mfa: true });
  });
  after(() => stopE2e(e));

  it('index.html is never cached; hashed assets are cached for a year; deep links get the app', async () => {
    const index = await fetch(`${e.url}/`);
    expect(index.headers.get('cache-control')).to.equal('no-store');
    const html = await index.text();
    const js = /src="(\/app-[A-Z0-9]{8}\.js)"/.exec(html)?.[1];
    expect(js, html).to.be.a('string');
    const asset = await fetch(e.url + js);
    expect(asset.status).to.equal(200);
    expect(asset.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    const deep = await fetch(`${e.url}/alerts/0123456789abcdef01234567`);
    expect(deep.status).to.equal(200);
    expect(deep.headers.get('cache-control')).to.equal('no-store');
    expect(await deep.text()).to.equal(html);
    expect((await fetch(`${e.url}/no-such-file.js`)).status).to.equal(404);
  });

  it('the page, scripts and styles go out compressed as accepted; the entry preloads its chunks', async () => {
    const plainIndex = await rawGet(`${e.url}/`);
    expect(plainIndex.headers['content-encoding']).to.equal(undefined);
    const html = plainIndex.body.toString('utf8');
    const index = await rawGet(`${e.url}/`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(index.headers['content-encoding']).to.equal('br');
    expect(index.headers['cache-control']).to.equal('no-store');
    expect(brotliDecompressSync(index.body).toString('utf8')).to.equal(html);
    // One request per file on HTTP/1.1: the entry's chunks are named up front, and few.
    const preloads = [...html.matchAll(/<link rel="modulepreload" href="(\/chunks\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(preloads.length).to.be.within(1, 4);
    const css = /href="(\/app-[A-Z0-9]{8}\.css)"/.exec(html)![1]!;
    for (const path of [...preloads, css]) {
      const plain = await rawGet(e.url + path);
      expect(plain.status).to.equal(200);
      const gz = await rawGet(e.url + path, { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding'], path).to.equal('gzip');
      expect(gz.headers.vary).to.match(/Accept-Encoding/i);
      expect(gz.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
      expect(gz.headers['content-type']).to.match(path.endsWith('.css') ? /^text\/css/ : /javascript/);
      expect(gunzipSync(gz.body).equals(plain.body), path).to.equal(true);
      const br = await rawGet(e.url + path, { 'accept-encoding': 'br' });
      expect(br.headers['content-encoding']).to.equal('br');
      expect(brotliDecompressSync(br.body).equals(plain.body), path).to.equal(true);
    }
  });

  it('shows the official-use banner in Spanish and English at 360 px and on a desktop', async () => {
    for (const lang of ['es', 'en'] as const) {
      for (const viewport of [PHONE, DESKTOP]) {
        const context = await newContext(e.browser, { lang, viewport });
        const page = await newPage(context);
        await page.goto(`${e.url}/`);
        await page.waitForSelector('h1.screen-heading');
        expect(new URL(page.url()).pathname).to.equal('/sign-in');
        expect(await page.locator('#banner').textContent()).to.contain(lang === 'es' ? 'uso oficial' : 'Official use only');
        await checkScreen(page, `sign-in-${lang}-${viewport === PHONE ? 'phone' : 'desktop'}`);
        await context.close();
      }
    }
  });

  it('wrong password says so without losing what was typed; then password and TOTP sign in', async () => {
    const context = await newContext(e.browser, { viewport: PHONE });
    const page = await newPage(context);
    await page.goto(`${e.url}/sign-in`);
    await page.getByLabel('Correo electrónico').fill(officer.email);
    await page.getByLabel('Contraseña').fill('wrong-password-123456');
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('alert').filter({ hasText: 'Correo o contraseña incorrectos.' }).waitFor();
    expect(await page.getByLabel('Correo electrónico').inputValue()).to.equal(officer.email);
    await page.getByLabel('Contraseña').fill(officer.password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByLabel('Código de 6 dígitos').waitFor();
    await checkScreen(page, 'mfa-code-es-phone');
    await page.getByLabel('Código de 6 dígitos').fill(await freshTotp(officer.totpSecret!));
    await page.getByRole('button', { name: 'Verificar' }).click();
    await page.locator('h1.screen-heading', { hasText: 'Alertas' }).waitFor();
    await page.locator('[data-connection="online"]').waitFor();
    expect(new URL(page.url()).pathname).to.equal('/');
    await checkScreen(page, 'feed-empty-es-phone');
    await context.close();
  });

  it('a locked account shows until when it is locked', async () => {
    const locked = await buildUser({ agency });
    const context = await newContext(e.browser, { lang: 'en' });
    const page = await newPage(context);
    await page.goto(`${e.url}/sign-in`);
    await page.getByLabel('Email').fill(locked.email);
    await page.getByLabel('Password').fill('wrong-password-123456');
    let text = '';
    for (let i = 0; i < 6 && !text.includes('locked'); i++) {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').waitFor();
      await page.waitForFunction(() => !document.querySelector('button[type=submit]')?.hasAttribute('disabled'));
      text = (await page.getByRole('alert').textContent()) ?? '';
    }
    expect(text).to.match(/The account is temporarily locked after failed attempts\. The account is locked until \d\d:\d\d\./);
    expectNoCspViolations(page);
    await context.close();
  });
});
