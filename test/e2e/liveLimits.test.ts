import { expect } from 'chai';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { newContext, newPage, signInContext, startE2e, stopE2e, type E2e } from '../helpers/e2e.js';
import { openSocket } from '../helpers/sockets.js';

// Pen-test issue 23, F1: socket events are rate-limited per user; the client must not lose its
// catch-up to a refusal, nor reconnect in a loop (each reconnect would count again).
describe('e2e: a catch-up refused as rate-limited is asked again later, on the same connection', function () {
  this.timeout(180_000);
  let e: E2e;

  before(async function () {
    e = await startE2e(this, { SOCKET_EVENTS_PER_MINUTE: '2' });
  });
  after(() => stopE2e(e));

  it('the feed waits out retryAfter, then catches up and goes online without opening another socket', async () => {
    const agency = await buildAgency({ country: 'PY' });
    const user = await buildUser({ agency, mfa: true });
    // The user's events for this minute are spent from another device.
    const other = await openSocket(e.url, { cookie: (await signIn(e.url, user)).cookieHeader() });
    for (let i = 0; i < 2; i++) await other.timeout(5000).emitWithAck('alerts:since', { cursor: null });
    const spent = await other.timeout(5000).emitWithAck('alerts:since', { cursor: null });
    other.close();
    expect('error' in spent && spent.error.code).to.equal('rate_limited');
    const retryAfter = ('error' in spent && spent.error.retryAfter) || 60;

    const context = await newContext(e.browser);
    await signInContext(context, e.url, user);
    const page = await newPage(context);
    const sockets: string[] = [];
    page.on('websocket', (ws) => {
      if (ws.url().includes('/socket.io/')) sockets.push(ws.url());
    });
    await page.goto(`${e.url}/`);
    await page.waitForSelector('h1.screen-heading');
    await page.locator('[data-connection="online"]').waitFor({ timeout: (retryAfter + 15) * 1000 });
    expect(sockets, 'one connection, kept while waiting').to.have.length(1);
    await context.close();
  });
});
