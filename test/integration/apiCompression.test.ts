import { expect } from 'chai';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { rawGet } from '../helpers/rawGet.js';
import { suiteServer } from '../helpers/server.js';

/** API answers of 1 KB or more are compressed as the browser accepts; never cached; the CSRF token never compressed. */
describe('API answers are compressed (issue 25)', function () {
  this.timeout(60_000);
  const server = suiteServer();

  it('a feed page goes out as Brotli or gzip, as accepted, and reads the same as uncompressed', async () => {
    const agency = await buildAgency({ country: 'AR' });
    const officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
    for (let i = 0; i < 5; i++)
      expect((await officer.post('/api/v1/alerts', alertBody({ title: `Comprimida ${i}` }))).status).to.equal(201);
    const cookie = officer.cookieHeader();
    const url = `${server.url}/api/v1/alerts?limit=20`;
    const plain = await rawGet(url, { cookie });
    expect(plain.status).to.equal(200);
    expect(plain.headers['content-encoding']).to.equal(undefined);
    expect(plain.body.length).to.be.greaterThan(1024);
    const items = JSON.parse(plain.body.toString('utf8')).items;

    const br = await rawGet(url, { cookie, 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).to.equal('br');
    expect(br.headers.vary).to.match(/Accept-Encoding/i);
    expect(br.headers['cache-control']).to.equal('no-store');
    expect(br.headers['content-type']).to.match(/^application\/json/);
    expect(br.body.length).to.be.lessThan(plain.body.length / 2);
    expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8')).items).to.deep.equal(items);

    const gz = await rawGet(url, { cookie, 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).to.equal('gzip');
    expect(JSON.parse(gunzipSync(gz.body).toString('utf8')).items).to.deep.equal(items);

    const refused = await rawGet(url, { cookie, 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).to.equal(undefined);
  });

  it('small answers and the CSRF token are sent as they are', async () => {
    const csrf = await rawGet(`${server.url}/api/v1/auth/csrf`, { 'accept-encoding': 'gzip, br' });
    expect(csrf.status).to.equal(200);
    expect(csrf.headers['content-encoding']).to.equal(undefined);
    expect(JSON.parse(csrf.body.toString('utf8')).csrfToken).to.be.a('string');
    const health = await rawGet(`${server.url}/api/v1/auth/me`, { 'accept-encoding': 'gzip, br' });
    expect(health.status).to.equal(401);
    expect(health.headers['content-encoding']).to.equal(undefined);
  });
});
