import { expect } from 'chai';
import { ObjectId } from 'mongodb';
import mongoose from 'mongoose';
// The models a server registers before it creates its indexes.
import '../../server/identity/sessions/sessionStore.js';
import '../../server/identity/agencies/Agency.js';
import '../../server/alerts/Alert.js';
import '../../server/identity/users/User.js';
import { ensureIndexes } from '../../server/platform/store/mongoose.js';
import { testStore } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

/**
 * Issue 13: on the embedded store (FerretDB 1.24 on SQLite) an `_id` look-up scans its table,
 * because FerretDB's `_id` index is on another expression than its filter (docs/store-concurrency.md).
 * Puente adds an index on the filter's expression (server/platform/store/idPathIndex.ts). `explain` shows
 * SQLite's plan: `SCAN <table>` or `SEARCH <table> USING INDEX <index>`.
 */
describe('the embedded store serves _id look-ups from an index (issue 13)', function () {
  this.timeout(60_000);

  before(function () {
    // Only the embedded SQLite store has this defect and this remedy.
    if (!testStore().store.indexIdPaths) this.skip();
  });

  const db = () => mongoose.connection.db!;
  async function planOf(collection: string, id: unknown): Promise<string> {
    const answer = await db().command({ explain: { find: collection, filter: { _id: id } } });
    return JSON.stringify((answer as { queryPlanner?: { Plan?: unknown } }).queryPlanner?.Plan ?? answer);
  }
  /** The plan after a look-up: FerretDB's connection answers `explain` with its previous plan
   * until a query on the collection has run since the index was added. */
  async function planAfterLookUp(collection: string, id: unknown): Promise<string> {
    await db()
      .collection(collection)
      .findOne({ _id: id as never });
    return planOf(collection, id);
  }
  const indexIdPaths = () => testStore().store.indexIdPaths!();

  it('FerretDB alone scans the table for an _id look-up (the defect, pinned)', async () => {
    const name = `idprobe_${new ObjectId().toHexString()}`;
    await db()
      .collection(name)
      .insertOne({ _id: 'k1' as never, v: 1 });
    const plan = await planOf(name, 'k1');
    expect(plan).to.match(/SCAN [a-z0-9_]+/);
    expect(plan).to.not.include('USING INDEX');
  });

  it('after the helper runs, string and ObjectId _id look-ups search an index and find the same documents', async () => {
    const name = `idprobe_${new ObjectId().toHexString()}`;
    const oid = new ObjectId();
    await db()
      .collection(name)
      .insertMany([
        { _id: 'k1' as never, v: 1 },
        { _id: oid as never, v: 2 },
        ...Array.from({ length: 300 }, (_, i) => ({ _id: `f${i}` as never, v: 3 })),
      ]);
    const first = await indexIdPaths();
    expect(first.created, 'an index for the new collection').to.be.at.least(1);
    expect(await planAfterLookUp(name, 'k1')).to.match(/SEARCH [a-z0-9_]+ USING INDEX puente_id_path_/);
    expect(await planAfterLookUp(name, oid)).to.match(/SEARCH [a-z0-9_]+ USING INDEX puente_id_path_/);
    const byId = (id: unknown) =>
      db()
        .collection(name)
        .findOne({ _id: id as never });
    expect(await byId('k1')).to.deep.equal({ _id: 'k1', v: 1 });
    expect(await byId(oid)).to.deep.equal({ _id: oid, v: 2 });
    expect(await byId('f299')).to.deep.equal({ _id: 'f299', v: 3 });
    expect(await byId('missing')).to.equal(null);
    expect(await db().collection(name).countDocuments({ v: 3 }), 'other queries unchanged').to.equal(300);

    const again = await indexIdPaths();
    expect(again.created, 'a second run adds nothing').to.equal(0);
    expect(again.tables).to.equal(first.tables);
  });

  it('every collection a server has made at its start is indexed, sessions, users, agencies and alerts among them', async () => {
    // As on a new store: the locks' collection, which no model declares, is not there yet.
    await db()
      .dropCollection('doclocks')
      .catch(() => undefined);
    // What startServer does on its own embedded store: the declared indexes, then these.
    await ensureIndexes(storeInstance().store);
    await indexIdPaths();
    const names = (await db().listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    // doclocks: no model declares it; made at start all the same (it used to appear with the first lock).
    expect(names).to.include.members(['sessions', 'users', 'agencies', 'alerts', 'doclocks']);
    for (const name of names) expect(await planAfterLookUp(name, 'x'), name).to.match(/USING INDEX puente_id_path_/);
  });

  it('FerretDB does not list the index (so index sync never sees it) and drops it with its collection', async () => {
    const name = `idprobe_${new ObjectId().toHexString()}`;
    await db()
      .collection(name)
      .insertOne({ _id: 'k1' as never });
    await indexIdPaths();
    const listed = (await db().collection(name).indexes()).map((i) => i.name);
    expect(listed).to.deep.equal(['_id_']);
    await db().collection(name).drop();
    const after = await indexIdPaths();
    expect(after.created).to.equal(0);
    await db()
      .collection(name)
      .insertOne({ _id: 'k2' as never });
    expect(await planOf(name, 'k2'), 'a collection made again starts without it').to.not.include('USING INDEX');
  });
});
