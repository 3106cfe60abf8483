/**
 * Point reads of `counters` asked for in one turn go to the store as one command (an alert's
 * creation reads its log head and its reference hint together); later reads go on their own.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { readCounterDoc } from '../../server/platform/store/counterReads.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

const counters = () => mongoose.connection.collection<{ _id: string; seq: number }>('counters');

/** `counters` commands started during `run`, as method names. */
async function counterCommandsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  mongoose.set('debug', (collection: string, method: string) => void (collection === 'counters' && seen.push(method)));
  try {
    await run();
  } finally {
    mongoose.set('debug', false);
  }
  return seen;
}

describe('counter reads', () => {
  before(async () => {
    await resetDatabase();
    await counters().insertMany([
      { _id: 'reads:a', seq: 1 },
      { _id: 'reads:b', seq: 2 },
    ]);
  });

  it('reads asked for in one turn share one command, and each gets its own document (or null)', async () => {
    let results: unknown[] = [];
    const commands = await counterCommandsDuring(async () => {
      const first = readCounterDoc(storeInstance().store, 'reads:a');
      // A read begun a few awaits later in the same turn, as an append's head read is.
      const later = Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => readCounterDoc(storeInstance().store, 'reads:b'));
      results = await Promise.all([
        first,
        later,
        readCounterDoc(storeInstance().store, 'reads:missing'),
        readCounterDoc(storeInstance().store, 'reads:a'),
      ]);
    });
    expect(commands).to.deep.equal(['find']);
    expect(results).to.deep.equal([{ _id: 'reads:a', seq: 1 }, { _id: 'reads:b', seq: 2 }, null, { _id: 'reads:a', seq: 1 }]);
  });

  it('a read in a later turn is a command of its own, and sees what was written meanwhile', async () => {
    const commands = await counterCommandsDuring(async () => {
      expect(await readCounterDoc(storeInstance().store, 'reads:a')).to.deep.equal({ _id: 'reads:a', seq: 1 });
      await counters().updateOne({ _id: 'reads:a' }, { $set: { seq: 5 } });
      expect(await readCounterDoc(storeInstance().store, 'reads:a')).to.deep.equal({ _id: 'reads:a', seq: 5 });
    });
    expect(commands.filter((m) => m !== 'updateOne')).to.have.length(2);
  });
});
