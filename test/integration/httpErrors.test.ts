import { expect } from 'chai';
import request from 'supertest';
import type { PuenteServer } from '../../server/server.js';
import { startTestServer } from '../helpers/server.js';

describe('HTTP error format and headers', () => {
  let server: PuenteServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('GET /healthz answers ok', async () => {
    const res = await request(server.url).get('/healthz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('GET /readyz answers 200 while the store answers', async () => {
    const res = await request(server.url).get('/readyz').expect(200);
    expect(res.body.checks).to.deep.equal({ store: true, alertCopy: true });
  });

  it('malformed JSON → 400 invalid_json', async () => {
    const res = await request(server.url).post('/api/v1/anything').set('Content-Type', 'application/json').send('{"a":').expect(400);
    expect(res.body.error.code).to.equal('invalid_json');
    expect(res.body.error.message)
      .to.be.a('string')
      .and.not.match(/Unexpected|SyntaxError|at /);
  });

  it('unknown /api route → 404 not_found, in Spanish by default and English on request', async () => {
    const es = await request(server.url).get('/api/v1/no-such-thing').expect(404);
    expect(es.body).to.deep.equal({ error: { code: 'not_found', message: 'No se encontró el recurso.' } });
    const en = await request(server.url).get('/api/nope').set('Accept-Language', 'en-GB,en;q=0.9').expect(404);
    expect(en.body.error).to.deep.equal({ code: 'not_found', message: 'Not found.' });
  });

  it('oversize body → 413 payload_too_large', async () => {
    const big = JSON.stringify({ text: 'x'.repeat(300 * 1024) });
    const res = await request(server.url).post('/api/v1/anything').set('Content-Type', 'application/json').send(big).expect(413);
    expect(res.body.error.code).to.equal('payload_too_large');
  });

  it('wrong content type → 415 unsupported_media_type', async () => {
    const res = await request(server.url).post('/api/v1/anything').set('Content-Type', 'text/plain').send('hello').expect(415);
    expect(res.body.error.code).to.equal('unsupported_media_type');
  });

  it('keys starting with $, containing a dot, or __proto__ → 400 validation_failed naming the path', async () => {
    for (const body of ['{"a":{"$gt":""}}', '{"a.b":1}', '{"x":{"__proto__":{"admin":true}}}']) {
      const res = await request(server.url).post('/api/v1/anything').set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body.error.code).to.equal('validation_failed');
      expect(res.body.error.details[0].path).to.be.a('string');
    }
  });

  it('a NUL character anywhere in a body → 400', async () => {
    const res = await request(server.url)
      .post('/api/v1/anything')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'a\u0000b' }))
      .expect(400);
    expect(res.body.error.details).to.deep.equal([{ path: 'name', message: 'contains a NUL character' }]);
  });

  it('sets a strict CSP, frame denial, no-store on the API and a request id', async () => {
    const res = await request(server.url).get('/api/v1/x');
    expect(res.headers['content-security-policy']).to.contain("script-src 'self'").and.to.contain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).not.to.contain('unsafe-inline');
    expect(res.headers['x-frame-options']).to.equal('DENY');
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
  });

  it('serves /metrics to loopback in Prometheus text format', async () => {
    const res = await request(server.url).get('/metrics').expect(200);
    expect(res.text).to.contain('puente_http_requests_total');
  });
});
