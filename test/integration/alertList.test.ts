import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import type { Actor } from '../../server/platform/actor.js';
import type { ListAlertsQuery } from '../../shared/schemas/alerts.js';
import { listAlertsFromCopy, listAlertsFromStore } from '../../server/alerts/alertList.js';
import { alertBody, type Scope } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { spawnServer, startTestServer } from '../helpers/server.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';

/**
 * Alert lists are served from the in-process copy, and from the store until the copy has loaded.
 * Both must give the same pages for every viewer and filter.
 */
describe('alert list: the in-process copy and the store agree', function () {
  this.timeout(120_000);
  let server: PuenteServer;
  const actors: Record<string, Actor> = {};
  let startedAt = '';

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const arA = await buildAgency({ country: 'AR' });
    const arB = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    const poster: Record<string, ApiClient> = {};
    for (const [name, agency] of Object.entries({ arA, arB, py })) {
      const user = await buildUser({ agency, mfa: true });
      poster[name] = await signIn(server.url, user);
      actors[name] = {
        id: String(user.id),
        agencyId: String(agency._id),
        country: agency.country as 'AR' | 'PY',
        roles: ['officer'],
        agencyKind: 'police',
      };
    }
    const scopes: Array<{ scope: Scope; agencyIds?: string[] }> = [
      { scope: 'agency' },
      { scope: 'country' },
      { scope: 'bilateral' },
      { scope: 'agencies', agencyIds: [actors.py!.agencyId] },
    ];
    const kinds = ['possible_victim', 'suspect', 'vehicle'];
    const priorities = ['urgent', 'high', 'routine'];
    let n = 0;
    for (const name of ['arA', 'arB', 'py', 'arA']) {
      for (const distribution of scopes) {
        if (n === 5) startedAt = new Date().toISOString();
        const res = await poster[name]!.post(
          '/api/v1/alerts',
          alertBody({ title: `Alerta ${n}`, distribution, kind: kinds[n % 3], priority: priorities[n % 3] }),
        ).expect(201);
        if (n % 4 === 1)
          await poster[name]!.post(`/api/v1/alerts/${res.body.id}/status`, { status: 'resolved', reason: 'Localizada' }).expect(200);
        n++;
      }
    }
  });
  after(() => server.stop());

  const fromTheCopy = (a: Actor, q: ListAlertsQuery) => listAlertsFromCopy(server.instance, a, q);
  const fromTheStore = (a: Actor, q: ListAlertsQuery) => listAlertsFromStore(server.instance, a, q);

  /** Every page of a query, walked with the cursor: the items as the API would send them. */
  async function walk(list: (a: Actor, q: ListAlertsQuery) => unknown, actor: Actor, q: Omit<ListAlertsQuery, 'limit'>, limit: number) {
    const items: Array<{ id: string }> = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = (await list(actor, { ...q, limit, ...(cursor ? { cursor } : {}) })) as {
        items: Array<{ id: string }>;
        nextCursor: string | null;
      };
      items.push(...page.items);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    return JSON.parse(JSON.stringify(items)) as Array<{ id: string }>;
  }

  it('gives the same pages for each viewer, filter and page size', async () => {
    await server.instance.alertCopy.sync(0);
    const queries: Array<Omit<ListAlertsQuery, 'limit'>> = [
      {},
      { status: 'resolved' },
      { status: 'active', kind: 'suspect' },
      { priority: 'high' },
      { country: 'PY' },
      { country: 'AR', kind: 'vehicle' },
      { since: startedAt },
    ];
    let compared = 0;
    for (const [name, actor] of Object.entries(actors))
      for (const q of queries)
        for (const limit of [1, 3, 100]) {
          const fromStore = await walk(fromTheStore, actor, q, limit);
          const fromCopy = await walk(fromTheCopy, actor, q, limit);
          expect(fromCopy, `${name} ${JSON.stringify(q)} limit ${limit}`).to.deep.equal(fromStore);
          compared += fromStore.length;
        }
    expect(compared, 'the comparison covered alerts').to.be.greaterThan(100);
    // Visibility differs by viewer, so the test would notice a copy that ignored it.
    const all = await Promise.all(Object.values(actors).map((a) => walk(fromTheCopy, a, {}, 100)));
    expect(new Set(all.map((ids) => ids.length)).size).to.be.greaterThan(1);
  });

  it('a list or a view right after a write on another process includes it', async () => {
    const other = await spawnServer({ MONGODB_URI: testStore().store.uri, MONGODB_DB: testStore().dbName, JOBS_ENABLED: 'false' });
    try {
      const agency = await buildAgency({ country: 'PY' });
      const here = await signIn(server.url, await buildUser({ agency, mfa: true }));
      const there = await signIn(other.url, await buildUser({ agency, mfa: true }));
      for (let i = 0; i < 3; i++) {
        await here.get('/api/v1/alerts?limit=1').expect(200); // the copy here has just synced
        const created = (await there.post('/api/v1/alerts', alertBody({ title: `Publicada en otro proceso ${i}` })).expect(201)).body.id;
        const page = await here.get('/api/v1/alerts?limit=1').expect(200);
        expect(page.body.items.map((x: { id: string }) => x.id)).to.deep.equal([created]);
        const edited = await there.patch(`/api/v1/alerts/${created}`, { version: 0, title: `Editada ${i}` }).expect(200);
        const view = await here.get(`/api/v1/alerts/${created}`).expect(200); // read through the copy
        expect([view.body.title, view.body.version, view.body.cursor]).to.deep.equal([`Editada ${i}`, 1, edited.body.cursor]);
      }
    } finally {
      other.child.kill('SIGTERM');
      await other.exited;
    }
  });
});
