import { expect } from 'chai';
import mongoose from 'mongoose';
import { SequencedLog } from '../../server/platform/store/sequencedLog.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

interface Entry {
  _id: number;
  v: string;
  /** The head's link when the entry was built: a chain, like the audit trail's hashes. */
  prev: string;
}

const SIZE = 4;
const newLog = () =>
  new SequencedLog<Entry>(storeInstance().store, 'applog', 'applog_head', (e) => `${e.v}@${e._id}`, 'start', { segmentSize: SIZE });
const add = (log: SequencedLog<Entry>, v: string) => log.append((h) => ({ _id: h.seq + 1, v, prev: h.link }));
const counters = () => mongoose.connection.collection<{ _id: string; seq: number }>('counters');

/** Every stored entry of the test log, from all its segment collections, in order. */
async function stored(): Promise<Entry[]> {
  const names = (await mongoose.connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const parts = await Promise.all(
    names.filter((n) => n.startsWith('applog_s')).map((n) => mongoose.connection.collection<Entry>(n).find({}).toArray()),
  );
  return parts.flat().sort((a, b) => a._id - b._id);
}

/** The entries are numbered 1…n without gaps or repeats, and each links to the one before. */
function expectSoundChain(entries: Entry[], n: number): void {
  expect(entries.map((e) => e._id)).to.deep.equal(Array.from({ length: n }, (_, i) => i + 1));
  entries.forEach((e, i) => expect(e.prev, `entry ${e._id}`).to.equal(i === 0 ? 'start' : `${entries[i - 1]!.v}@${i}`));
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 5)))
    if (Date.now() - started > 5000) throw new Error(`not seen: ${what}`);
}

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`not seen: ${what}`)), 5000))]);
}

/**
 * Issue 13 (fan-out): an append by the process that made the log's last entry writes its entry
 * beside the head read instead of after it, and returns before the head's advance — one round trip
 * on the caller's path instead of three — while the log stays gap-free when the guess is wrong.
 */
describe('sequenced log appends', function () {
  this.timeout(60_000);
  beforeEach(() => resetDatabase());

  it('an append returns once its entry is stored; this process then reads the head past it', async () => {
    const log = newLog();
    for (let i = 1; i <= 5; i++) {
      const e = await add(log, `e${i}`);
      expect(e._id).to.equal(i);
      expect((await log.head()).seq, `head after ${i}`).to.equal(i);
    }
    expectSoundChain(await stored(), 5);
  });

  it('a process appending after its own last entry writes beside the head read, and does not wait for the advance', async () => {
    const log = newLog();
    await add(log, 'e1');
    await add(log, 'e2');
    await log.head();
    // The head's read and its advance are held until released: the entry's write must start while
    // the read is held, and the append must resolve while the advance is.
    const heads = counters() as unknown as Record<'findOne' | 'updateOne', (...args: unknown[]) => Promise<unknown>>;
    const held = { findOne: gate(), updateOne: gate() };
    for (const method of ['findOne', 'updateOne'] as const) {
      const original = heads[method].bind(heads);
      heads[method] = async (...args: unknown[]) => {
        await held[method].promise;
        return original(...args);
      };
    }
    try {
      const inserts: string[] = [];
      mongoose.set('debug', (collection: string, method: string) => {
        if (method === 'insertOne') inserts.push(collection);
      });
      const appended = add(log, 'e3');
      await until(() => inserts.length > 0, 'the entry is written while the head read is held');
      expect(inserts).to.deep.equal(['applog_s0']);
      held.findOne.open();
      const e = await withTimeout(appended, 'the append resolves while the advance is held');
      expect(e).to.include({ _id: 3, prev: 'e2@2' });
      // What announces entry 3 to other processes waits for the advance (issue 13).
      let passed = false;
      const headPassed = log.headPassed(3).then(() => (passed = true));
      await new Promise((r) => setTimeout(r, 50));
      expect(passed, 'headPassed while the advance is held').to.equal(false);
      held.updateOne.open();
      await withTimeout(headPassed, 'headPassed once the advance is released');
      expect((await counters().findOne({ _id: 'applog_head' }))!.seq, 'the head as another process reads it').to.equal(3);
      await withTimeout(log.headPassed(3), 'headPassed at once for an entry already passed');
      expect((await log.head()).seq).to.equal(3);
    } finally {
      mongoose.set('debug', false);
      delete (heads as Partial<typeof heads>).findOne;
      delete (heads as Partial<typeof heads>).updateOne;
    }
    expectSoundChain(await stored(), 3);
  });

  it('a log emptied under a running process starts again at 1, leaving no stray entry', async () => {
    const log = newLog();
    for (let i = 1; i <= 3; i++) await add(log, `old${i}`);
    await log.head();
    await resetDatabase();
    const e = await add(log, 'new1');
    expect(e).to.include({ _id: 1, prev: 'start' });
    expectSoundChain(await stored(), 1);
    expect((await log.head()).seq).to.equal(1);
  });

  it('a log restored to an earlier point (same epoch) goes on from the restored head, without a gap', async () => {
    const log = newLog();
    for (let i = 1; i <= 6; i++) await add(log, `e${i}`);
    await log.head();
    // As a restore of a backup taken at entry 3 would leave it.
    await counters().updateOne({ _id: 'applog_head' }, { $set: { seq: 3, hash: 'e3@3' } });
    await mongoose.connection.collection('applog_s1').deleteMany({});
    const e = await add(log, 'after-restore');
    expect(e).to.include({ _id: 4, prev: 'e3@3' });
    expectSoundChain(await stored(), 4);
  });

  it('two processes appending in turn, and at once, number their entries without gaps or repeats', async () => {
    // Two instances of the log stand for two processes: each one's guess is stale after the other writes.
    const a = newLog();
    const b = newLog();
    for (let i = 0; i < 6; i++) await add(i % 2 ? b : a, `turn${i}`);
    await Promise.all(Array.from({ length: 20 }, (_, i) => add(i % 2 ? b : a, `race${i}`)));
    await Promise.all([a.head(), b.head()]);
    const entries = await stored();
    expectSoundChain(entries, 26);
    expect(new Set(entries.map((e) => e.v)).size).to.equal(26);
    expect((await a.head()).seq).to.equal(26);
  });

  it('a head write delayed in flight never moves the head backwards (FerretDB writes an update back unisolated)', async () => {
    const a = newLog();
    const b = newLog();
    await add(a, 'e1');
    await add(a, 'e2');
    await a.head();
    // Fault injection: the next head update behaves as FerretDB 1.24 applies one — it reads the
    // document now and writes it back modified later (here, once released), whatever was written meanwhile.
    const heads = counters() as unknown as { updateOne: (...args: unknown[]) => Promise<unknown> };
    const release = gate();
    let readDone = false;
    heads.updateOne = async (filter: unknown, update: unknown) => {
      delete (heads as Partial<typeof heads>).updateOne;
      const read = await counters().findOne(filter as never);
      readDone = true;
      await release.promise;
      if (!read) return { matchedCount: 0 };
      return counters().replaceOne({ _id: read._id }, { ...read, ...(update as { $set: object }).$set });
    };
    const seen: number[] = [];
    let watching = true;
    const watch = (async () => {
      while (watching) {
        seen.push((await counters().findOne({ _id: 'applog_head' }))?.seq ?? 0);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      const stale = add(a, 'e3');
      await until(() => readDone, 'the delayed head write has read the head');
      // Another process appends meanwhile; it finds entry 3 made, repairs the head, and goes on
      // (given the time, up to moving the head past its own entry).
      let other = false;
      const next = add(b, 'e4')
        .then(() => b.head())
        .then(() => (other = true));
      await Promise.race([next, new Promise((r) => setTimeout(r, 500))]);
      release.open();
      await withTimeout(Promise.all([stale, next]), 'both appends settle');
      expect(other).to.equal(true);
      await Promise.all([a.head(), b.head()]);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      watching = false;
      await watch;
      delete (heads as Partial<typeof heads>).updateOne;
    }
    const final = (await counters().findOne({ _id: 'applog_head' }))!.seq;
    expect(final, 'the head after both appends').to.equal(4);
    seen.forEach((seq, i) => expect(seq, `head read ${i}: ${seen.join(',')}`).to.be.at.least(seen[i - 1] ?? 0));
    expectSoundChain(await stored(), 4);
  });

  it('renewing the epoch while another process appends keeps both the new epoch and the head', async () => {
    const a = newLog();
    const b = newLog();
    await add(a, 'e1');
    const before = await a.head();
    await Promise.all([a.renewEpoch(), ...Array.from({ length: 6 }, (_, i) => add(b, `r${i}`))]);
    const after = await b.head();
    expect(after.seq).to.equal(7);
    expect(after.epoch).to.not.equal(before.epoch);
    expect(after.previousEpoch).to.equal(before.epoch);
  });
});
