/**
 * Issue 27: two Puente instances in one process, each with its own settings. What they still share
 * is listed in docs/architecture.md ("Not yet"); each part made per instance gets its case here.
 */
import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

/** Sends `wrong` wrong passwords, then the right one; returns the right one's status. */
async function rightAfterWrong(url: string, u: BuiltUser, wrong: number): Promise<number> {
  const c = new ApiClient(url);
  await c.fetchCsrf();
  for (let i = 0; i < wrong; i++) await c.post('/api/v1/auth/login', { email: u.email, password: `Nope-nope-nope-${i}` });
  return (await c.post('/api/v1/auth/login', { email: u.email, password: u.password })).status;
}

describe('two Puente instances in one process (issue 27)', function () {
  this.timeout(60_000);
  let strict: PuenteServer;
  let lenient: PuenteServer;

  before(async () => {
    await resetDatabase();
    strict = await startTestServer({ LOCKOUT_THRESHOLD: '2' });
    // Built second: with one process-wide Passport its sign-in strategy replaced the first's.
    lenient = await startTestServer({ LOCKOUT_THRESHOLD: '10' });
  });
  after(async () => {
    await lenient?.stop();
    await strict?.stop();
  });

  it('each signs in with its own lockout settings (its own Passport)', async () => {
    const agency = await buildAgency();
    const first = await buildUser({ agency, mfa: true });
    const second = await buildUser({ agency, mfa: true });
    expect(await rightAfterWrong(strict.url, first, 2), 'locked after two failures where the threshold is 2').to.equal(423);
    expect(await rightAfterWrong(lenient.url, second, 2), 'not locked after two failures where the threshold is 10').to.equal(200);
  });

  it('each stops on its own: the other goes on answering', async () => {
    const third = await startTestServer();
    await third.stop();
    const res = await fetch(`${strict.url}/readyz`);
    expect(res.status).to.equal(200);
  });
});
