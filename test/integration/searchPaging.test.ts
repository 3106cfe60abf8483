import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';

/**
 * Issue 26 item 7: paging a search returns every result exactly once, stubs and visible hits in
 * one ranked list (newest first among equals), whatever the page size.
 */
describe('search paging: one ranked list, one keyset cursor', function () {
  this.timeout(120_000);
  let server: PuenteServer;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
  });
  after(() => server.stop());

  it('more stubs than a batch, then visible hits: every page is new and nothing is skipped', async () => {
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    const arApi = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    const pyApi = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
    const post = async (scope: 'bilateral' | 'agency') =>
      (
        await arApi
          .post(
            '/api/v1/alerts',
            alertBody({
              kind: 'suspect',
              sensitivity: 'standard',
              distribution: { scope },
              subjects: [],
              vehicles: [],
              phones: ['(03718) 15-400111'],
            }),
          )
          .expect(201)
      ).body.id as string;
    const visible: string[] = [];
    for (let i = 0; i < 5; i++) visible.push(await post('bilateral'));
    const hidden: string[] = [];
    for (let i = 0; i < 27; i++) hidden.push(await post('agency'));
    await drainMatchWorker(server.instance);
    const expected = [...hidden].reverse().concat([...visible].reverse());
    for (const limit of [5, 7, 32]) {
      const seen: string[] = [];
      let cursor = '';
      for (let page = 0; page < 40; page++) {
        const res = await pyApi
          .get(`/api/v1/search?q=${encodeURIComponent('03718 15 400111')}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
          .expect(200);
        seen.push(...res.body.items.map((i: { id: string }) => i.id));
        cursor = res.body.nextCursor ?? '';
        if (!cursor) break;
      }
      expect(seen, `limit ${limit}`).to.deep.equal(expected);
    }
  });
});
