import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { AuditEvent } from '../helpers/models.js';

const CLIENT_ID = 'attacker-chosen-request-id-0001';

/** A failed sign-in with a chosen X-Request-Id; returns the echoed id and the audited one. */
async function failedLoginIds(url: string, email: string): Promise<{ echoed: string; audited: string | null }> {
  const c = new ApiClient(url);
  await c.fetchCsrf();
  const res = await c.post('/api/v1/auth/login', { email, password: 'Not-the-password-1' }).set('X-Request-Id', CLIENT_ID).expect(401);
  const event = await AuditEvent.findOne({ action: 'auth.login_failed', 'details.email': email }).lean();
  return { echoed: res.headers['x-request-id'] as string, audited: event?.requestId ?? null };
}

// Pen-test issue 10, "Also": request ids, unknown query keys, document watches.
describe('strict request handling', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    officer = await signIn(server.url, await buildUser({ agency, roles: ['officer'], mfa: true }));
  });
  after(() => server.stop());

  describe('X-Request-Id', () => {
    it('a client-chosen id is ignored with TRUST_PROXY off: the server’s own id is echoed and audited', async () => {
      const { echoed, audited } = await failedLoginIds(server.url, 'reqid-direct@example.org');
      expect(echoed).to.match(/^[0-9a-f-]{36}$/);
      expect(audited).to.equal(echoed);
    });

    it('behind a trusted proxy the audit record still keeps the server’s own id', async () => {
      const proxied = await startTestServer({ TRUST_PROXY: '1' });
      try {
        const { echoed, audited } = await failedLoginIds(proxied.url, 'reqid-proxy@example.org');
        expect(audited).to.match(/^[0-9a-f-]{36}$/);
        expect(audited).to.not.equal(CLIENT_ID);
        expect(echoed).to.equal(audited);
      } finally {
        await proxied.stop();
      }
    });
  });

  describe('unknown query keys', () => {
    it('GET /alerts/:id refuses them with 400 validation_failed', async () => {
      const alert = await officer.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201);
      await officer.get(`/api/v1/alerts/${alert.body.id as string}`).expect(200);
      const res = await officer.get(`/api/v1/alerts/${alert.body.id as string}?include=everything`).expect(400);
      expect(res.body.error.code).to.equal('validation_failed');
    });

    it('GET /watches refuses them with 400 validation_failed', async () => {
      await officer.get('/api/v1/watches').expect(200);
      const res = await officer.get('/api/v1/watches?userId=someone-else').expect(400);
      expect(res.body.error.code).to.equal('validation_failed');
    });
  });

  describe('document watches', () => {
    it('refuse a value that is no document ("abc") and accept real ones', async () => {
      const res = await officer.post('/api/v1/watches', { kind: 'document', value: 'abc' }).expect(400);
      expect(res.body.error.code).to.equal('validation_failed');
      expect(res.body.error.details[0].path).to.equal('value');
      await officer.post('/api/v1/watches', { kind: 'document', value: 'xyz-qq' }).expect(400);
      await officer.post('/api/v1/watches', { kind: 'document', value: '30.123.456' }).expect(201);
      await officer.post('/api/v1/watches', { kind: 'document', value: 'AAB123456' }).expect(201);
    });
  });
});
