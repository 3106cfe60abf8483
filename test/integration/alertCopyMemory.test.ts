import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { AlertCopy } from '../../server/alerts/copy/alertCopy.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

/**
 * Issue 26 (the soak's external memory rising 0.5 MB/min): the copy keeps each alert as compressed
 * BSON. Taken live, each was a slice of Node's shared 8 KB buffer pool, between the server's other
 * small buffers, so every alert posted or changed kept a whole 8 KB block alive for its few hundred
 * bytes. The memory the kept bytes hold must stay near their size, live as after a load.
 */
describe('alert copy: memory held by the alerts’ kept bytes', function () {
  this.timeout(120_000);
  let server: PuenteServer;
  let officer: ApiClient;
  const ALERTS = 30;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    await officer.post('/api/v1/alerts', alertBody({ title: 'Primera' })).expect(201);
    await server.instance.alertCopy.sync(0);
  });
  after(() => server.stop());

  it('alerts posted and changed live hold about their own size, not a pool block each', async () => {
    for (let i = 0; i < ALERTS; i++) {
      const id = (await officer.post('/api/v1/alerts', alertBody({ title: `En vivo ${i}` })).expect(201)).body.id as string;
      await officer.post(`/api/v1/alerts/${id}/updates`, { kind: 'note', text: `Novedad ${i}: visto en el paso fronterizo.` }).expect(201);
    }
    await server.instance.alertCopy.sync(0);
    const live = server.instance.alertCopy.footprint();
    expect(live.alerts).to.equal(ALERTS + 1);
    // Each live alert's bytes in a block of their own; the first alert, loaded, shares a pool block.
    expect(live.keptBytes, `${live.keptBytes} bytes held for ${live.bytes} kept`).to.be.at.most(live.bytes + 8192);
  });

  it('a load keeps the alerts packed together as well', async () => {
    const loaded = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    await loaded.sync(0);
    const figures = loaded.footprint();
    expect(figures.alerts).to.equal(ALERTS + 1);
    // Packed into shared blocks: at most the bytes themselves plus one partly used 8 KB block or two.
    expect(figures.keptBytes, `${figures.keptBytes} bytes held for ${figures.bytes} kept`).to.be.at.most(figures.bytes + 2 * 8192);
  });
});
