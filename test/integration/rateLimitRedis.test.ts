import { expect } from 'chai';
import { createClient } from 'redis';
import type { PuenteServer } from '../../server/server.js';
import { ApiClient } from '../helpers/apiClient.js';
import { startTestServer } from '../helpers/server.js';
import { REDIS_URL, requireService } from '../helpers/services.js';

describe('login rate limit shared through Redis (REDIS_URL)', function () {
  this.timeout(30_000);
  const servers: PuenteServer[] = [];

  before(async function () {
    await requireService(this, 'redis');
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    // A clean slate for this IP's counter.
    for await (const keys of redis.scanIterator({ MATCH: 'puente:rl:login:*' })) if (keys.length) await redis.del(keys);
    await redis.quit();
    for (let i = 0; i < 2; i++) servers.push(await startTestServer({ REDIS_URL, LOGIN_RATE_LIMIT_PER_15_MIN: '3' }));
  });
  after(async () => {
    for (const s of servers) await s.stop();
  });

  it('counts attempts on every process together', async () => {
    const [a, b] = servers as [PuenteServer, PuenteServer];
    const ca = new ApiClient(a.url);
    const cb = new ApiClient(b.url);
    await ca.fetchCsrf();
    await cb.fetchCsrf();
    await ca.post('/api/v1/auth/login', { email: 'r1@example.org', password: 'whatever-whatever-1' }).expect(401);
    await cb.post('/api/v1/auth/login', { email: 'r2@example.org', password: 'whatever-whatever-1' }).expect(401);
    await ca.post('/api/v1/auth/login', { email: 'r3@example.org', password: 'whatever-whatever-1' }).expect(401);
    const res = await cb.post('/api/v1/auth/login', { email: 'r4@example.org', password: 'whatever-whatever-1' }).expect(429);
    expect(res.body.error.code).to.equal('rate_limited');
  });

  it('/readyz reports Redis', async () => {
    const res = await new ApiClient(servers[0]!.url).get('/readyz').expect(200);
    expect(res.body.checks).to.deep.equal({ store: true, alertCopy: true, redis: true });
  });
});
