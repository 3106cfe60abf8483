import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { PuenteServer } from '../../server/server.js';
import { launchBrowser } from '../helpers/browser.js';
import { startTestServer } from '../helpers/server.js';

describe('e2e: home page in Chromium', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let browser: Browser;

  before(async function () {
    browser = await launchBrowser(this);
    server = await startTestServer();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the official-use banner and the server status, with no CSP violation', async () => {
    const page = await browser.newPage({ locale: 'es-AR' });
    const violations: string[] = [];
    page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
    await page.goto(server.url);
    expect(await page.locator('#banner').textContent()).to.contain('uso oficial');
    await page.waitForSelector('#status[data-state="ready"]');
    expect(await page.locator('#status').textContent()).to.equal('Servicio disponible.');
    expect(violations).to.deep.equal([]);
  });
});
