import { expect } from 'chai';
import mongoose from 'mongoose';
import { SequencedLog } from '../../server/platform/store/sequencedLog.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

interface Entry {
  _id: number;
  v: string;
}

const names = async () => (await mongoose.connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
const count = (name: string) => mongoose.connection.collection(name).countDocuments();

/** Issue 13: the alert change log keeps its entries in small segment collections, so reading the
 * newest entries never scans the whole log (the embedded store scans even `_id` ranges). */
describe('sequenced log segments', function () {
  this.timeout(60_000);
  beforeEach(() => resetDatabase());

  it('a new log writes entry N to <name>_s<N / size> and reads ranges across segments in order', async () => {
    const log = new SequencedLog<Entry>(storeInstance().store, 'seglog', 'seglog_head', () => '', '', { segmentSize: 4 });
    for (let i = 1; i <= 10; i++) await log.append((h) => ({ _id: h.seq + 1, v: `e${i}` }));
    const present = await names();
    expect(present).to.include.members(['seglog_s0', 'seglog_s1', 'seglog_s2']);
    expect([await count('seglog_s0'), await count('seglog_s1'), await count('seglog_s2')]).to.deep.equal([3, 4, 3]);
    expect(present).to.not.include('seglog');
    expect((await log.readAfter(0, 100)).map((e) => e._id)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await log.readAfter(2, 5)).map((e) => e.v)).to.deep.equal(['e3', 'e4', 'e5', 'e6', 'e7']);
    expect(await log.readAfter(10, 5)).to.deep.equal([]);
  });

  it('a log written before segments keeps its entries; new ones go to segments; reads span both', async () => {
    const legacy = mongoose.connection.collection<Entry>('oldlog');
    await legacy.insertMany(Array.from({ length: 6 }, (_, i) => ({ _id: i + 1, v: `old${i + 1}` })));
    await mongoose.connection.collection<{ _id: string; seq: number; hash: string; epoch: string }>('counters').insertOne({
      _id: 'oldlog_head',
      seq: 6,
      hash: '',
      epoch: 'before-segments',
    });
    const log = new SequencedLog<Entry>(storeInstance().store, 'oldlog', 'oldlog_head', () => '', '', { segmentSize: 4 });
    await log.append((h) => ({ _id: h.seq + 1, v: 'new7' }));
    await log.append((h) => ({ _id: h.seq + 1, v: 'new8' }));
    expect((await log.head()).segmentedFrom).to.equal(7);
    expect(await count('oldlog')).to.equal(6);
    expect([await count('oldlog_s1'), await count('oldlog_s2')]).to.deep.equal([1, 1]);
    expect((await log.readAfter(4, 10)).map((e) => e.v)).to.deep.equal(['old5', 'old6', 'new7', 'new8']);
  });
});
