/**
 * End-to-end harness: one Chromium and one Puente server per test file, pages that record CSP
 * violations, browser contexts signed in through the real API (password and TOTP), axe-core,
 * the 360 px no-horizontal-scroll check, and screenshots for docs/screenshots/.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { PuenteServer } from '../../server/server.js';
import { freshTotp } from './apiClient.js';
import { launchBrowser } from './browser.js';
import type { BuiltUser } from './factories.js';
import { freePort } from './ports.js';
import { REPO_ROOT, startTestServer } from './server.js';

export const PHONE = { width: 360, height: 740 } as const;
export const DESKTOP = { width: 1280, height: 860 } as const;

export interface E2e {
  browser: Browser;
  server: PuenteServer;
  url: string;
}

/** Starts Chromium and a server for a test file (skips when Chromium is absent); call in before(). */
export async function startE2e(ctx: Mocha.Context, serverOverrides: Record<string, string> = {}): Promise<E2e> {
  const browser = await launchBrowser(ctx);
  // Sockets accept browsers only from the public origin, so the server gets a known port up front.
  const port = await freePort();
  const server = await startTestServer({ PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...serverOverrides });
  return { browser, server, url: server.url };
}

export async function stopE2e(e: E2e | undefined): Promise<void> {
  await e?.browser.close();
  await e?.server.stop();
}

/** Reported CSP violations of a page, kept beside the page object. */
const violationsOf = new WeakMap<Page, string[]>();
function violations(page: Page): string[] {
  let found = violationsOf.get(page);
  if (!found) {
    found = [];
    violationsOf.set(page, found);
    const list = found;
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) list.push(m.text());
    });
  }
  return found;
}

const CSP_LISTENER = `document.addEventListener('securitypolicyviolation', (e) => {
  const w = window; if (typeof w.__puenteCspViolation === 'function') w.__puenteCspViolation(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});`;

/** A new context (phone or desktop, language) whose pages record CSP violations. */
export async function newContext(browser: Browser, opts: BrowserContextOptions & { lang?: 'es' | 'en' } = {}): Promise<BrowserContext> {
  const { lang = 'es', ...rest } = opts;
  const context = await browser.newContext({ locale: lang === 'es' ? 'es-AR' : 'en-GB', viewport: DESKTOP, ...rest });
  await context.exposeBinding('__puenteCspViolation', ({ page }, text: string) => violations(page).push(text));
  await context.addInitScript(CSP_LISTENER);
  // The client remembers the language on the device; start each context in the one asked for.
  await context.addInitScript(
    `try { if (!localStorage.getItem('puente.language')) localStorage.setItem('puente.language', '${lang}'); } catch {}`,
  );
  context.on('page', (page) => void violations(page));
  return context;
}

export async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  violations(page);
  return page;
}

export function expectNoCspViolations(page: Page): void {
  expect(violations(page), 'CSP violations').to.deep.equal([]);
}

/** Signs the context in through the API (the context's cookie jar), with a TOTP code when the user has MFA. */
export async function signInContext(
  context: BrowserContext,
  baseUrl: string,
  user: Pick<BuiltUser, 'email' | 'password' | 'totpSecret'>,
): Promise<void> {
  const api = context.request;
  const csrf = (await (await api.get(`${baseUrl}/api/v1/auth/csrf`)).json()) as { csrfToken: string };
  const login = await api.post(`${baseUrl}/api/v1/auth/login`, {
    data: { email: user.email, password: user.password },
    headers: { 'X-CSRF-Token': csrf.csrfToken },
  });
  if (login.status() !== 200) throw new Error(`login failed ${login.status()}: ${await login.text()}`);
  const body = (await login.json()) as { mfaRequired?: boolean; csrfToken: string };
  if (body.mfaRequired) {
    if (!user.totpSecret) throw new Error('MFA required but the user has no secret');
    const mfa = await api.post(`${baseUrl}/api/v1/auth/mfa`, {
      data: { code: await freshTotp(user.totpSecret) },
      headers: { 'X-CSRF-Token': body.csrfToken },
    });
    if (mfa.status() !== 200) throw new Error(`mfa failed ${mfa.status()}: ${await mfa.text()}`);
  }
}

/** A signed-in context and a page open at `path`, waiting for the app's first screen heading. */
export async function signedInPage(
  e: E2e,
  user: Pick<BuiltUser, 'email' | 'password' | 'totpSecret'>,
  opts: BrowserContextOptions & { lang?: 'es' | 'en'; path?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { path: at = '/', ...contextOpts } = opts;
  const context = await newContext(e.browser, contextOpts);
  await signInContext(context, e.url, user);
  const page = await newPage(context);
  await page.goto(e.url + at);
  await page.waitForSelector('h1.screen-heading');
  return { context, page };
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** Runs axe-core (WCAG 2.1 A/AA rules) and fails on serious or critical violations. */
export async function expectAccessible(page: Page, label = page.url()): Promise<void> {
  // Evaluated through the DevTools protocol: not an inline script, so the page's CSP is untouched.
  await page.evaluate(`${AXE_SOURCE}\n;0`);
  // Contrast is judged on the settled screen: a card still sliding in is half transparent.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `axe on ${label}: ${JSON.stringify(serious, null, 1)}`).to.deep.equal([]);
}

/** At the page's current viewport the document does not scroll sideways. */
export async function expectNoHorizontalScroll(page: Page, label = page.url()): Promise<void> {
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll, `horizontal scroll on ${label}`).to.be.at.most(widths.client);
}

/** No untranslated key (a bare dictionary key such as `navFeed`) or unfilled {placeholder} is visible. */
export async function expectNoRawKeys(page: Page): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(text, 'unfilled placeholder').not.to.match(/\{[a-zA-Z]+\}/);
  expect(text, 'raw dictionary key').not.to.match(/\b(?:nav|conn|field|revoked|kind_|status_|priority_|scope_)[A-Z_a-z]*[A-Z_][a-zA-Z]*\b/);
}

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');

/**
 * Saves a full-page screenshot as docs/screenshots/<name>.png when PUENTE_SCREENSHOTS=1
 * (so ordinary test runs leave the committed images alone).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.PUENTE_SCREENSHOTS !== '1') return;
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const vp = page.viewportSize();
  if (vp && (await page.getByTestId('tab-bar').count())) {
    // A full-page capture paints the phone's fixed tab bar where the first screen ends: a window
    // as tall as the page puts it at the foot, where the phone shows it.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: vp.width, height: Math.max(vp.height, height) });
    await page.screenshot({ path: file, animations: 'disabled' });
    await page.setViewportSize(vp);
    return;
  }
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
}

/** The standard checks of a screen: axe, no CSP violation, no raw keys; at phone width no sideways scroll. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await expectNoRawKeys(page);
  const vp = page.viewportSize();
  if (vp && vp.width <= PHONE.width) await expectNoHorizontalScroll(page, name);
  expectNoCspViolations(page);
  await screenshot(page, name);
}
