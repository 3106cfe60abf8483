import { Alert, allModels } from '../helpers/models.js';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { ensureIndexes } from '../../server/platform/store/mongoose.js';
import { spawnServer } from '../helpers/server.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

const keyOf = (keys: Record<string, unknown>) => JSON.stringify(Object.entries(keys).map(([k, v]) => [k, Number(v)]));

async function indexKeys(collection: string): Promise<Map<string, string>> {
  const list = await mongoose.connection.db!.collection(collection).listIndexes().toArray();
  return new Map(list.map((i) => [keyOf(i.key as Record<string, unknown>), String(i.name)]));
}

describe('store indexes', function () {
  this.timeout(90_000);
  before(() => resetDatabase());

  it('every index a model declares exists once the store is opened', async () => {
    expect(await ensureIndexes(storeInstance().store)).to.deep.equal([]);
    const missing: string[] = [];
    for (const model of allModels()) {
      const present = await indexKeys(model.collection.collectionName);
      for (const [keys] of model.schema.indexes())
        if (!present.has(keyOf(keys))) missing.push(`${model.collection.collectionName} ${JSON.stringify(keys)}`);
    }
    expect(missing).to.deep.equal([]);
    // The queries the issue names have theirs: lists, review/expiry, overdue hits, audit, access requests, watches.
    expect([...(await indexKeys('alerts')).keys()]).to.include.members([
      keyOf({ createdAt: -1, _id: -1 }),
      keyOf({ status: 1, reviewAt: 1 }),
      keyOf({ originAgencyId: 1, createdAt: -1 }),
    ]);
    expect([...(await indexKeys('auditevents')).keys()]).to.include(keyOf({ actorId: 1, _id: -1 }));
    expect([...(await indexKeys('accessrequests')).keys()]).to.include(keyOf({ originAgencyId: 1, createdAt: -1 }));
    expect([...(await indexKeys('watches')).keys()]).to.include(keyOf({ userId: 1 }));
  });

  it('an index an operator made by hand survives a server restart (index sync only creates)', async () => {
    await Alert.collection.createIndex({ title: 1, kind: 1 }, { name: 'operator_title_kind' });
    // Mongoose's syncIndexes, which start-up used to run, would drop it:
    expect((await Alert.diffIndexes()).toDrop).to.include('operator_title_kind');
    const server = await spawnServer({ MONGODB_URI: testStore().store.uri, MONGODB_DB: testStore().dbName, JOBS_ENABLED: 'false' });
    server.child.kill('SIGTERM');
    await server.exited;
    expect([...(await indexKeys('alerts')).values()]).to.include('operator_title_kind');
  });

  it('a hand-made index on the same keys as a declared one is reported, not fatal', async () => {
    const agencies = mongoose.connection.db!.collection('agencies');
    await agencies.dropIndex('country_1');
    await agencies.createIndex({ country: 1 }, { name: 'operator_country', unique: false, sparse: true });
    const skipped = await ensureIndexes(storeInstance().store);
    expect(skipped).to.have.length(1);
    expect(skipped[0]).to.contain('agencies').and.to.contain('country');
    expect([...(await indexKeys('agencies')).values()]).to.include('operator_country');
  });

  it('a unique index a guarantee relies on that cannot be made stops the start-up with a clear error (issue 26 item 10)', async () => {
    const alerts = mongoose.connection.db!.collection('alerts');
    await alerts.dropIndex('reference_1');
    // A hand-made index on the same keys without `unique`: two processes could then hand out one reference.
    await alerts.createIndex({ reference: 1 }, { name: 'operator_reference' });
    try {
      let failure: Error | null = null;
      await ensureIndexes(storeInstance().store).catch((err: Error) => (failure = err));
      expect(failure, 'start-up must not go on without the unique reference index').to.not.equal(null);
      expect(String(failure!.message)).to.contain('alerts').and.to.contain('reference').and.to.contain('unique');
    } finally {
      await alerts.dropIndex('operator_reference');
      await ensureIndexes(storeInstance().store);
    }
    const unique = (await alerts.listIndexes().toArray()).find((i) => keyOf(i.key as Record<string, unknown>) === keyOf({ reference: 1 }));
    expect(unique?.unique).to.equal(true);
  });

  it('a unique index made by hand under another name is accepted as the one declared', async () => {
    const users = mongoose.connection.db!.collection('users');
    await users.dropIndex('email_1');
    await users.createIndex({ email: 1 }, { name: 'operator_email', unique: true });
    expect((await ensureIndexes(storeInstance().store)).filter((line) => line.startsWith('users '))).to.have.length(1);
    expect([...(await indexKeys('users')).values()]).to.include('operator_email');
  });
});
