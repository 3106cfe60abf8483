import { expect } from 'chai';
import mongoose from 'mongoose';
import { firstKept, LogCompactedError, logReads, SequencedLog } from '../../server/platform/store/sequencedLog.js';
import { runNode } from '../helpers/cli.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

interface Entry {
  _id: number;
  v: string;
  prev: string;
}

/** A small ring, so a test goes round it many times: 4 collections of 16 entries. */
const SIZE = 16;
const RING = 4;
const ringLog = (name: string) =>
  new SequencedLog<Entry>(storeInstance().store, name, `${name}_head`, (e) => `${e.v}@${e._id}`, 'start', {
    segmentSize: SIZE,
    ringSegments: RING,
  });
const add = (log: SequencedLog<Entry>, v: string) => log.append((h) => ({ _id: h.seq + 1, v, prev: h.link }));

const collectionsOf = async (name: string) =>
  (await mongoose.connection.db!.listCollections({}, { nameOnly: true }).toArray())
    .map((c) => c.name)
    .filter((n) => n === name || n.startsWith(`${name}_`));

/** Every stored entry of a log, from all its collections, in order. */
async function stored(name: string): Promise<Entry[]> {
  const parts = await Promise.all((await collectionsOf(name)).map((n) => mongoose.connection.collection<Entry>(n).find({}).toArray()));
  return parts.flat().sort((a, b) => a._id - b._id);
}

/** Entries `from`…`to` without gaps or repeats, each linked to the one before (one chain, no fork). */
function expectSoundChain(entries: Entry[], from: number, to: number): void {
  expect(entries.map((e) => e._id)).to.deep.equal(Array.from({ length: to - from + 1 }, (_, i) => from + i));
  for (let i = 1; i < entries.length; i++)
    expect(entries[i]!.prev, `entry ${entries[i]!._id}`).to.equal(`${entries[i - 1]!.v}@${entries[i - 1]!._id}`);
}

async function compactedError(read: Promise<unknown>): Promise<LogCompactedError> {
  const err = await read.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, 'the read is refused, not answered with a gap').to.be.instanceOf(LogCompactedError);
  return err as LogCompactedError;
}

/** Issue 26, item 11: the change log's collections are a fixed ring, compacted as it goes round. */
describe('sequenced log ring: a bounded number of collections', function () {
  this.timeout(180_000);
  beforeEach(() => resetDatabase());

  it('keeps at most its ring of collections, and the last segments, however many entries are appended', async () => {
    const log = ringLog('ringa');
    const n = 1500;
    let most = 0;
    for (let i = 1; i <= n; i++) {
      await add(log, `e${i}`);
      if (i % 250 === 0) most = Math.max(most, (await collectionsOf('ringa')).length);
    }
    await log.head();
    await log.compacted();
    const names = await collectionsOf('ringa');
    expect(names.length, names.join(', ')).to.be.at.most(RING);
    expect(most).to.be.at.most(RING);
    const head = await log.head();
    // Entering segment 93 (entry 1500) compacted everything before segment 90.
    expect(head.compactedBelow).to.equal((Math.floor(n / SIZE) - RING + 1) * SIZE);
    const kept = await stored('ringa');
    expect(kept.length).to.be.at.most(RING * SIZE);
    expectSoundChain(kept, firstKept(head), n);
    expectSoundChain(await log.readAfter(firstKept(head) - 1, 1000), firstKept(head), n);
    // A reader behind what is kept is told so, with where the log can be followed again from.
    const err = await compactedError(log.readAfter(100, 10));
    expect(err.firstKept).to.equal(firstKept(head));
  });

  it('a read that runs while the ring compacts what it reads is refused, never answered with a gap', async () => {
    const log = ringLog('ringb');
    for (let i = 1; i <= 40; i++) await add(log, `e${i}`);
    await log.head();
    // Hold the read of segment 1 (entries 16…31) while the log goes round and compacts it.
    const original = logReads.range;
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    logReads.range = async (collection, from, to) => {
      if (from === 16 && !holding) {
        holding = true;
        await held;
      }
      return original(collection, from, to);
    };
    try {
      const read = log.readAfter(15, 30);
      while (!holding) await new Promise((r) => setTimeout(r, 5));
      for (let i = 41; i <= 100; i++) await add(log, `e${i}`);
      await log.head();
      await log.compacted();
      release();
      const err = await compactedError(read);
      expect(err.firstKept).to.be.greaterThan(31);
    } finally {
      logReads.range = original;
    }
  });

  it('two processes appending at once while the ring goes round: one gap-free chain, at most the ring of collections', async () => {
    const per = 300;
    const runs = await Promise.all(
      [1, 2].map(() => runNode(['test/helpers/ringLogProcess.ts', 'append', 'ringc', String(per), String(SIZE), String(RING)])),
    );
    for (const r of runs) expect(r.code, r.out).to.equal(0);
    const log = ringLog('ringc');
    const head = await log.head();
    expect(head.seq).to.equal(2 * per);
    expect(head.compactedBelow).to.equal((Math.floor((2 * per) / SIZE) - RING + 1) * SIZE);
    expect((await collectionsOf('ringc')).length).to.be.at.most(RING);
    const kept = await stored('ringc');
    expect(kept.length).to.be.at.most(RING * SIZE);
    expectSoundChain(kept, firstKept(head), 2 * per);
    // They really appended at the same time: each one's entries began before the other's ended.
    const spans = runs.map((r) => /done (\d+) (\d+)/.exec(r.stdout)!.slice(1).map(Number));
    expect(spans[0]![0]!).to.be.lessThan(spans[1]![1]!);
    expect(spans[1]![0]!).to.be.lessThan(spans[0]![1]!);
  });

  it('a log written before the ring (its own collection, then one collection per segment) keeps working and ages out', async () => {
    // As an older version left it: entries 1…10 in `ringd`, 11…200 in `ringd_s0`…`ringd_s12`.
    const entries: Entry[] = [];
    for (let i = 1; i <= 200; i++) entries.push({ _id: i, v: `old${i}`, prev: i === 1 ? 'start' : `old${i - 1}@${i - 1}` });
    await mongoose.connection.collection<Entry>('ringd').insertMany(entries.slice(0, 10));
    for (let s = 0; s <= 12; s++) {
      const part = entries.filter((e) => e._id > 10 && Math.floor(e._id / SIZE) === s);
      if (part.length) await mongoose.connection.collection<Entry>(`ringd_s${s}`).insertMany(part);
    }
    await mongoose.connection
      .collection<{ _id: string; seq: number; hash: string; epoch: string; segmentedFrom: number }>('counters')
      .insertOne({ _id: 'ringd_head', seq: 200, hash: 'old200@200', epoch: 'before-the-ring', segmentedFrom: 11 });
    expect((await collectionsOf('ringd')).length).to.equal(14);
    const log = ringLog('ringd');
    // Read as before, across the old collections.
    expectSoundChain(await log.readAfter(4, 20), 5, 24);
    // The first append records where the ring starts, and compacts what a ring of 4 would not hold.
    await add(log, 'new201');
    const head = await log.head();
    await log.compacted();
    expect(head.ringFrom).to.equal(201);
    expect(head.compactedBelow).to.equal((Math.floor(201 / SIZE) - RING + 1) * SIZE);
    expectSoundChain(await log.readAfter(firstKept(head) - 1, 500), firstKept(head), 201);
    expect(await collectionsOf('ringd')).to.not.include('ringd');
    await compactedError(log.readAfter(4, 20));
    // As the ring goes round, the old segments age out: only the ring is left.
    for (let i = 202; i <= 280; i++) await add(log, `new${i}`);
    await log.head();
    await log.compacted();
    const names = await collectionsOf('ringd');
    expect(
      names.every((n) => /^ringd_r\d$/.test(n)),
      names.join(', '),
    ).to.equal(true);
    const now = await log.head();
    expectSoundChain(await stored('ringd'), firstKept(now), 280);
  });
});
