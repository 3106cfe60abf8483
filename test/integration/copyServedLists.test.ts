import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

/** Issue 13: the agency's reminder lists are served from the alert copy's heads, never by a query
 * of the alerts collection (a scan of every alert on FerretDB: 27 s at 100,000). */
describe('review reminders and overdue hits come from the alert copy', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
  });
  after(() => server.stop());

  it('answers both lists with the alerts collection unqueryable', async () => {
    const soon = new Date(Date.now() + 2 * 24 * 3600_000).toISOString();
    const due = (await officer.post('/api/v1/alerts', alertBody({ reviewAt: soon })).expect(201)).body as { id: string };
    const later = (await officer.post('/api/v1/alerts', alertBody({})).expect(201)).body as { id: string };
    // The server's own model (its connection's), which the lists must not query.
    const { Alert } = server.instance.models.alerts;
    const original = Alert.find;
    Alert.find = (() => {
      throw new Error('the alerts collection was queried');
    }) as unknown as typeof Alert.find;
    try {
      const reviews = (await officer.get('/api/v1/alerts/review-due').expect(200)).body.items as Array<{ id: string }>;
      expect(reviews.map((a) => a.id))
        .to.include(due.id)
        .and.not.include(later.id);
      expect((await officer.get('/api/v1/alerts/overdue-hits').expect(200)).body.items).to.deep.equal([]);
    } finally {
      Alert.find = original;
    }
  });
});
