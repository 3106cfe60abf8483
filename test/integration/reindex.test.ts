import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { drainIndexer, indexerPosition } from '../../server/services/search/indexWorker.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { runCli } from '../helpers/cli.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

describe('puente reindex', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
  });
  after(() => server.stop());

  it('rebuilds a lost index from the stored alerts and leaves the indexer caught up', async () => {
    const created = (await officer.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201)).body;
    await drainIndexer();
    const find = async () => (await officer.get('/api/v1/search?q=30.123.456').expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(await find()).to.deep.equal([created.id]);

    const index = mongoose.connection.collection<{ _id: string; postings: Array<{ a: string }> }>('searchindex');
    await index.deleteMany({});
    expect(await index.countDocuments(), 'index lost').to.equal(0);

    const res = await runCli(['reindex']);
    expect(res.code, res.out).to.equal(0);
    expect(res.stdout).to.match(/search index rebuilt: 1 alerts/);
    const doc = await index.findOne({ _id: 'doc:30123456' });
    expect(doc?.postings.map((p) => p.a)).to.deep.equal([created.id]);
    expect(await find()).to.deep.equal([created.id]);
    const before = await indexerPosition();
    await drainIndexer();
    expect(await indexerPosition(), 'nothing left to index').to.equal(before);
  });
});
