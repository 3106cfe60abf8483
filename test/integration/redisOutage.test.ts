/**
 * Issue 26, "Redis faults": two server processes sharing a Redis of the suite's own, which is
 * stopped and started again. Meanwhile each process goes on serving its own sockets (alerts posted
 * on it are delivered to them live, `alerts:since` answers, new sockets connect); once Redis is
 * back, alerts posted on one process reach sockets on the other again; and a catch-up from a cursor
 * taken before the outage misses no alert.
 */
import { expect } from 'chai';
import { alertBody } from '../helpers/alertFixtures.js';
import { catchUpFrom, repeated, since } from '../helpers/catchUp.js';
import { PrivateRedis } from '../helpers/privateRedis.js';
import { eventually } from '../helpers/processes.js';
import { spawnServer, type SpawnedServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { processSide, type ProcessSide } from '../helpers/processSide.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Redis stopped and restarted under two processes (issue 26)', function () {
  this.timeout(240_000);
  let redis: PrivateRedis;
  let a: ProcessSide;
  let b: ProcessSide;
  const sockets: TestSocket[] = [];
  const servers: SpawnedServer[] = [];

  before(async () => {
    await resetDatabase();
    redis = await PrivateRedis.start();
    const env = {
      MONGODB_URI: testStore().store.uri,
      MONGODB_DB: testStore().dbName,
      REDIS_URL: redis.url,
      JOBS_ENABLED: 'false',
      LOGIN_RATE_LIMIT_PER_15_MIN: '1000',
    };
    servers.push(...(await Promise.all([spawnServer(env, 180_000), spawnServer(env, 180_000)])));
    a = await processSide(servers[0]!, 'AR');
    sockets.push(a.socket);
    b = await processSide(servers[1]!, 'PY');
    sockets.push(b.socket);
  });
  after(async () => {
    for (const s of sockets) s.close();
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
    await redis?.stop();
  });

  const post = async (side: ProcessSide, title: string) =>
    (
      await side.poster
        .post('/api/v1/alerts', alertBody({ title, sensitivity: 'standard' }))
        .timeout(15_000)
        .expect(201)
    ).body.id as string;
  const heardAll = (side: ProcessSide, ids: string[]) =>
    eventually(
      async () => ids.filter((id) => !side.heard.includes(id)),
      (missing) => missing.length === 0,
      8000,
    );
  const redisReady = (side: ProcessSide) =>
    side.poster
      .get('/readyz')
      .timeout(5000)
      .then((r) => (r.body as { checks?: { redis?: boolean } }).checks?.redis)
      .catch(() => undefined);

  it('each process serves its own sockets without Redis; cross-process delivery resumes; catch-up misses nothing', async () => {
    const posted: string[] = [];
    const first = await post(a, 'Antes del corte');
    posted.push(first);
    expect(await heardAll(b, [first]), 'cross-process before the outage').to.deep.equal([]);

    await redis.stop();
    expect(
      await eventually(
        () => redisReady(a),
        (r) => r === false,
        10_000,
      ),
      '/readyz tells Redis is down',
    ).to.equal(false);
    const onA = [await post(a, 'Corte A1'), await post(a, 'Corte A2')];
    const onB = [await post(b, 'Corte B1'), await post(b, 'Corte B2')];
    posted.push(...onA, ...onB);
    expect(await heardAll(a, onA), 'process A delivers its own alerts to its sockets').to.deep.equal([]);
    expect(await heardAll(b, onB), 'process B delivers its own alerts to its sockets').to.deep.equal([]);
    for (const side of [a, b]) {
      const started = Date.now();
      const page = await since(side.socket, side.cursor);
      expect(Date.now() - started, 'alerts:since answers without Redis').to.be.below(5000);
      expect(page.items.length).to.be.greaterThan(0);
      const fresh = await openSocket(side.server.url, { cookie: side.watcher.cookieHeader() });
      sockets.push(fresh);
      fresh.close();
    }

    await redis.restart();
    for (const side of [a, b])
      expect(
        await eventually(
          () => redisReady(side),
          (r) => r === true,
          15_000,
        ),
        'Redis back',
      ).to.equal(true);
    // Delivery across processes resumes (the adapter resubscribes): allow it a few tries.
    const crossA: string[] = [];
    const crossB: string[] = [];
    for (let i = 0; i < 10 && !(crossA.some((id) => b.heard.includes(id)) && crossB.some((id) => a.heard.includes(id))); i++) {
      crossA.push(await post(a, `Después A${i}`));
      crossB.push(await post(b, `Después B${i}`));
      await sleep(500);
    }
    posted.push(...crossA, ...crossB);
    expect(await heardAll(b, crossA.slice(-1)), 'A → B resumed').to.deep.equal([]);
    expect(await heardAll(a, crossB.slice(-1)), 'B → A resumed').to.deep.equal([]);

    for (const side of [a, b]) {
      const { ids } = await catchUpFrom(side.socket, side.cursor, new Set(posted));
      expect(repeated(ids), 'no alert twice in the catch-up').to.deep.equal([]);
      expect([...ids].sort(), 'every alert in the catch-up').to.deep.equal([...posted].sort());
    }
  });
});
