/**
 * `npm run bench -- idlookup` (issue 13): `_id` look-ups on the embedded store, before and after
 * its `_id` path index (server/platform/store/idPathIndex.ts). One throwaway FerretDB/SQLite store, one
 * collection of `BENCH_ID_DOCS` (default 20,000) documents shaped like users; the look-ups are of
 * documents spread over the collection and of missing ids (a scan's worst case), `BENCH_ID_READS`
 * (default 300) of each kind, first without the index (the baseline: FerretDB alone), then with it.
 */
import { MongoClient, ObjectId } from 'mongodb';
import { startBenchStore } from './lib/environment.js';
import { printComparison, summarize } from './lib/stats.js';

const DOCS = Number(process.env.BENCH_ID_DOCS ?? 20_000);
const READS = Number(process.env.BENCH_ID_READS ?? 300);

export async function runIdLookupBenchmark(): Promise<void> {
  const bench = await startBenchStore({ dbName: `puente_bench_${Date.now()}` });
  const client = new MongoClient(bench.store.uri);
  try {
    if (!bench.store.indexIdPaths) throw new Error('the _id index helper is not available (install Go)');
    await client.connect();
    const users = client.db(bench.dbName).collection<{ _id: ObjectId }>('users');
    const ids: ObjectId[] = [];
    for (let from = 0; from < DOCS; from += 1000) {
      const batch = Array.from({ length: Math.min(1000, DOCS - from) }, (_, i) => ({
        _id: new ObjectId(),
        email: `persona${from + i}@example.org`,
        displayName: `Persona ${from + i}`,
        roles: ['officer'],
        status: 'active',
        passwordHash: 'x'.repeat(97),
        sessionEpoch: 0,
      }));
      ids.push(...batch.map((d) => d._id));
      await users.insertMany(batch);
    }
    const lookUps = async () => {
      const found: number[] = [];
      const missing: number[] = [];
      for (let i = 0; i < READS; i++) {
        const id = ids[Math.floor((i / READS) * ids.length)]!;
        let t = performance.now();
        if (!(await users.findOne({ _id: id }))) throw new Error('a stored document was not found');
        found.push(performance.now() - t);
        t = performance.now();
        if (await users.findOne({ _id: new ObjectId() })) throw new Error('a missing id was found');
        missing.push(performance.now() - t);
      }
      return { found: summarize(found), missing: summarize(missing) };
    };
    const before = await lookUps();
    const indexing = performance.now();
    const report = await bench.store.indexIdPaths();
    const indexMs = performance.now() - indexing;
    const after = await lookUps();
    console.log(`\nidlookup: ${DOCS} documents; ${report.created} index(es) added in ${indexMs.toFixed(0)} ms (helper run included)`);
    printComparison(
      `_id look-up of a stored document, ${READS} spread over the collection`,
      ['with the _id path index', after.found],
      ['FerretDB alone (table scan)', before.found],
    );
    printComparison(
      `_id look-up of a missing id, ${READS}`,
      ['with the _id path index', after.missing],
      ['FerretDB alone (table scan)', before.missing],
    );
  } finally {
    await client.close();
    await bench.cleanup();
  }
}
