import { expect } from 'chai';
import { acquireLease } from '../../server/platform/jobs/lease.js';
import { nextSequence } from '../../server/platform/models/Counter.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

describe('named counters', () => {
  before(() => resetDatabase());

  it('hand out distinct, consecutive values under concurrency', async () => {
    const values = await Promise.all(Array.from({ length: 100 }, () => nextSequence(storeInstance(), 'probe')));
    expect(new Set(values).size).to.equal(100);
    expect([...values].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 100 }, (_, i) => i + 1));
  });
});

describe('job leases', () => {
  it('exactly one of many contenders wins a period, and the next period is free again', async () => {
    const now = Date.now();
    const wins = await Promise.all(Array.from({ length: 10 }, () => acquireLease(storeInstance(), 'probe.job', 60_000, now)));
    expect(wins.filter(Boolean)).to.have.length(1);
    expect(await acquireLease(storeInstance(), 'probe.job', 60_000, now + 60_000)).to.equal(true);
  });
});
