import { expect } from 'chai';
import request from 'supertest';
import webpush from 'web-push';
import type { PuenteServer } from '../../server/server.js';
import { startTestServer } from '../helpers/server.js';

const TOKEN = 'metrics-token-for-tests-0123456789';
const vapid = webpush.generateVAPIDKeys();
const PRODUCTION = {
  NODE_ENV: 'production',
  // Production sets its own push keys (docs/operations.md); the store's were sealed with the test key.
  VAPID_PUBLIC_KEY: vapid.publicKey,
  VAPID_PRIVATE_KEY: vapid.privateKey,
  SESSION_SECRET: 'x'.repeat(48),
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  PUBLIC_URL: 'https://puente.example.org',
};

async function withServer(env: Record<string, string>, fn: (url: string) => Promise<void>): Promise<void> {
  const server: PuenteServer = await startTestServer(env);
  try {
    await fn(server.url);
  } finally {
    await server.stop();
  }
}

// Pen-test issue 10, item 9: /metrics is not public behind a same-host reverse proxy.
describe('/metrics access', function () {
  this.timeout(60_000);

  it('without METRICS_TOKEN answers a direct loopback request, and nothing that came through a proxy', async () => {
    await withServer({}, async (url) => {
      await request(url).get('/metrics').expect(200);
      await request(url).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(404);
      await request(url).get('/metrics').set('Forwarded', 'for=203.0.113.9').expect(404);
      await request(url).get('/metrics').set('X-Real-IP', '203.0.113.9').expect(404);
    });
  });

  // Pen-test issue 23: a same-host proxy may send none of those three, but proxies mark a
  // relayed request in other ways (Via, X-Forwarded-Proto/Host/Port, …): any of them refuses it.
  it('without METRICS_TOKEN refuses a loopback request that carries any proxy marker', async () => {
    const markers: Array<[string, string]> = [
      ['Via', '1.1 proxy.example.org'],
      ['X-Forwarded-Proto', 'https'],
      ['X-Forwarded-Host', 'puente.example.org'],
      ['X-Forwarded-Port', '443'],
      ['X-Forwarded-Server', 'proxy.example.org'],
      ['X-Forwarded-Prefix', '/puente'],
      ['X-Original-Forwarded-For', '203.0.113.9'],
      ['X-Client-IP', '203.0.113.9'],
      ['True-Client-IP', '203.0.113.9'],
      ['CF-Connecting-IP', '203.0.113.9'],
      ['Fastly-Client-IP', '203.0.113.9'],
      ['X-Cluster-Client-IP', '203.0.113.9'],
      ['X-Original-URL', '/metrics'],
      ['X-Forwarded-Ssl', 'on'],
    ];
    await withServer({}, async (url) => {
      for (const [name, value] of markers) {
        const res = await request(url).get('/metrics').set(name, value);
        expect(res.status, `${name} must mark the request as relayed`).to.equal(404);
      }
      await request(url).get('/metrics').expect(200);
    });
  });

  it('without METRICS_TOKEN and with TRUST_PROXY on, never answers', async () => {
    await withServer({ TRUST_PROXY: 'true' }, async (url) => {
      await request(url).get('/metrics').expect(404);
      await request(url).get('/metrics').set('X-Forwarded-For', '127.0.0.1').expect(404);
    });
  });

  it('with METRICS_TOKEN answers only the bearer of the token, from anywhere', async () => {
    await withServer({ METRICS_TOKEN: TOKEN, TRUST_PROXY: 'true' }, async (url) => {
      await request(url).get('/metrics').expect(404);
      await request(url).get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token-0').expect(404);
      const ok = await request(url)
        .get('/metrics')
        .set('Authorization', `Bearer ${TOKEN}`)
        .set('X-Forwarded-For', '203.0.113.9')
        .expect(200);
      expect(ok.text).to.contain('puente_http_requests_total');
    });
  });

  it('in production requires the token, even from loopback without a proxy', async () => {
    await withServer(PRODUCTION, async (url) => {
      await request(url).get('/metrics').expect(404);
    });
    await withServer({ ...PRODUCTION, METRICS_TOKEN: TOKEN }, async (url) => {
      await request(url).get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    });
  });
});
