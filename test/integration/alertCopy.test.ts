import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { key } from '../../server/alerts/copy/indexKeys.js';
import { AlertCopy, alertScan } from '../../server/alerts/copy/alertCopy.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

describe('alert copy (in-process) loading', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let alertId = '';

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    const officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
    alertId = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body.id;
  });
  after(() => server.stop());

  it('reports "still loading" after a short wait instead of blocking, then serves once loaded', async () => {
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    expect(copy.loaded).to.equal(false);
    expect(await copy.syncWithin(0)).to.equal(false);
    expect(await copy.syncWithin(10_000)).to.equal(true);
    expect(copy.loaded).to.equal(true);
    expect([...copy.holders(key.document('30123456')).keys()]).to.deep.equal([alertId]);
  });

  it('retries a load that failed instead of failing every later search', async () => {
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    const original = alertScan.open;
    // Fault injection: the store fails the first scan.
    alertScan.open = () => {
      throw new Error('store unavailable');
    };
    try {
      const failure = await copy.syncWithin(10_000).then(
        () => null,
        (err: unknown) => err as Error,
      );
      expect(failure?.message).to.equal('store unavailable');
    } finally {
      alertScan.open = original;
    }
    expect(await copy.syncWithin(10_000)).to.equal(true);
    expect(copy.get(alertId)).to.not.equal(null);
  });
});
