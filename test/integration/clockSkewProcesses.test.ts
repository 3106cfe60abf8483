/**
 * Issue 26, "Clock skew", through real processes: two servers sharing the store and Redis, one on a
 * machine whose clock is 5 s ahead and one 5 s behind (the date injected into each process,
 * test/helpers/skewedClock.mjs). Alerts posted on both at once are each listed, delivered live and
 * matched on both, and a catch-up on either returns every one. (alertCopyClock.test.ts covers the
 * same rule in one process, with an injected clock and an insert landing 40 s late.)
 */
import { expect } from 'chai';
import path from 'node:path';
import { alertBody } from '../helpers/alertFixtures.js';
import { catchUpFrom, repeated } from '../helpers/catchUp.js';
import { inPool } from '../helpers/keyedPosts.js';
import { eventually } from '../helpers/processes.js';
import { REPO_ROOT, spawnServer } from '../helpers/server.js';
import { REDIS_URL, requireService } from '../helpers/services.js';
import { processSide, type ProcessSide } from '../helpers/processSide.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';

const SKEWS_MS = [5000, -5000];
const PER_PROCESS = 15;

describe('two processes whose clocks differ by ±5 s lose nothing (issue 26)', function () {
  this.timeout(240_000);
  const sides: ProcessSide[] = [];

  before(async function () {
    await requireService(this, 'redis');
    await resetDatabase();
    const env = (skew: number) => ({
      MONGODB_URI: testStore().store.uri,
      MONGODB_DB: testStore().dbName,
      REDIS_URL,
      JOBS_ENABLED: 'false',
      LOGIN_RATE_LIMIT_PER_15_MIN: '1000',
      NODE_OPTIONS: `--import ${path.join(REPO_ROOT, 'test/helpers/skewedClock.mjs')}`,
      PUENTE_TEST_CLOCK_SKEW_MS: String(skew),
    });
    const servers = await Promise.all(SKEWS_MS.map((s) => spawnServer(env(s), 180_000)));
    for (const [i, server] of servers.entries()) sides.push(await processSide(server, i === 0 ? 'AR' : 'PY'));
  });
  after(async () => {
    for (const s of sides) s.socket.close();
    for (const s of sides) s.server.child.kill('SIGTERM');
    await Promise.all(sides.map((s) => s.server.exited));
  });

  it(`${PER_PROCESS} alerts posted on each at once: each listed, delivered, matched and caught up on both`, async () => {
    const [ahead, behind] = sides as [ProcessSide, ProcessSide];
    const ids0: string[] = [];
    // Each process stamps what it stores with its own date: 5 s ahead, 5 s behind.
    for (const [k, side] of sides.entries()) {
      const sent = Date.now();
      const res = await side.poster.post('/api/v1/alerts', alertBody({ title: `Hora ${k}`, sensitivity: 'standard' })).expect(201);
      const stamped = new Date(res.body.createdAt as string).getTime();
      expect(stamped, `process ${k} runs ${SKEWS_MS[k]} ms off`).to.be.within(sent + SKEWS_MS[k]! - 500, Date.now() + SKEWS_MS[k]! + 500);
      ids0.push(res.body.id as string);
    }

    const jobs = Array.from({ length: PER_PROCESS * 2 }, (_, i) => ({ side: i % 2 ? behind : ahead, title: `Reloj ${i}` }));
    const ids = await inPool(jobs, 4, async (j) => {
      const res = await j.side.poster.post('/api/v1/alerts', alertBody({ title: j.title, sensitivity: 'standard' })).expect(201);
      return res.body.id as string;
    });
    const byAhead = [ids0[0]!, ...ids.filter((_, i) => i % 2 === 0)];
    const byBehind = [ids0[1]!, ...ids.filter((_, i) => i % 2 === 1)];
    ids.push(...ids0);

    for (const side of sides) {
      const missingLive = await eventually(
        async () => ids.filter((id) => !side.heard.includes(id)),
        (m) => m.length === 0,
        10_000,
      );
      expect(missingLive, 'delivered live').to.deep.equal([]);
      expect(repeated(side.heard), 'delivered once').to.deep.equal([]);
      const listed = await eventually(
        async () => {
          const res = await side.poster.get('/api/v1/alerts?limit=100').expect(200);
          const shown = new Set((res.body.items as { id: string }[]).map((a) => a.id));
          return ids.filter((id) => !shown.has(id));
        },
        (m) => m.length === 0,
        10_000,
      );
      expect(listed, 'listed').to.deep.equal([]);
      const { ids: caught } = await catchUpFrom(side.socket, side.cursor, new Set(ids));
      expect(repeated(caught), 'caught up once').to.deep.equal([]);
      expect([...caught].sort(), 'caught up').to.deep.equal([...ids].sort());
    }
    // Each process's copy matches an alert against the other side's: the same victim document in all.
    for (const [mine, theirs] of [
      [byAhead, byBehind],
      [byBehind, byAhead],
    ] as const) {
      for (const side of sides) {
        const unmatched = await eventually(
          async () => {
            const res = await side.poster.get(`/api/v1/alerts/${mine.at(-1)}/matches`).expect(200);
            const text = JSON.stringify(res.body.items);
            return theirs.filter((id) => !text.includes(id));
          },
          (m) => m.length === 0,
          10_000,
        );
        expect(unmatched, 'matched on both').to.deep.equal([]);
      }
    }
  });
});
