import { expect } from 'chai';
import mongoose from 'mongoose';
import { withDocLock } from '../../server/store/docLock.js';
import { acquireLease } from '../../server/jobs/lease.js';
import { nextSequence } from '../../server/models/Counter.js';
import { resetDatabase } from '../helpers/testStore.js';

describe('named counters', () => {
  before(() => resetDatabase());

  it('hand out distinct, consecutive values under concurrency', async () => {
    const values = await Promise.all(Array.from({ length: 100 }, () => nextSequence('probe')));
    expect(new Set(values).size).to.equal(100);
    expect([...values].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});

describe('store concurrency (why withDocLock exists)', () => {
  before(() => resetDatabase());

  it('read-modify-write under withDocLock loses nothing, where bare concurrent updates would', async () => {
    const c = mongoose.connection.collection<{ _id: string; n: number; list: number[] }>('probe');
    await c.insertOne({ _id: 'locked', n: 0, list: [] });
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        withDocLock('probe:locked', async () => {
          await c.updateOne({ _id: 'locked' }, { $inc: { n: 1 }, $push: { list: i } });
        }),
      ),
    );
    const doc = await c.findOne({ _id: 'locked' });
    expect(doc!.n).to.equal(60);
    expect(doc!.list).to.have.length(60);
  });

  it('a lock left by a crashed holder is taken over once stale', async () => {
    await mongoose.connection
      .collection('doclocks')
      .insertOne({ _id: 'probe:stale' as never, token: 'dead', at: new Date(Date.now() - 60_000) });
    const value = await withDocLock('probe:stale', async () => 'ran');
    expect(value).to.equal('ran');
  });
});

describe('job leases', () => {
  it('exactly one of many contenders wins a period, and the next period is free again', async () => {
    const now = Date.now();
    const wins = await Promise.all(Array.from({ length: 10 }, () => acquireLease('probe.job', 60_000, now)));
    expect(wins.filter(Boolean)).to.have.length(1);
    expect(await acquireLease('probe.job', 60_000, now + 60_000)).to.equal(true);
  });
});
