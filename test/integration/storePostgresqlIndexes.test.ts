import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient, ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { coreJobs } from '../../server/jobs.js';
import {
  BUILD_LOCK_KEY,
  ensurePostgresqlIdIndexes,
  idIndexName,
  PostgresqlIndexError,
} from '../../server/platform/store/postgresqlIndexes.js';
import { runCli } from '../helpers/cli.js';
import { OwnStore } from '../helpers/ownStore.js';
import { spawnServer } from '../helpers/server.js';
import { TEST_DB_PREFIX, testStore } from '../helpers/testStore.js';
import { storeInstance, testInstance } from '../helpers/instance.js';

/**
 * Issue 28: on FerretDB 1.24 with PostgreSQL an `_id` look-up is a sequential scan (FerretDB's
 * `_jsonb->'_id' @> v` filter cannot use its own btree index); `puente store-indexes`
 * (server/platform/store/postgresqlIndexes.ts) adds a GIN index on the filter's expression to every
 * table of Puente's database. `explain` answers PostgreSQL's plan: `Seq Scan`, or a `Bitmap Index
 * Scan` naming the index. Second backend only (scripts/with-ferretdb-postgresql.sh gives the URL).
 */
const POSTGRESQL_URL = process.env.PUENTE_TEST_FERRETDB_POSTGRESQL_URL ?? '';

function sql(query: string, url = POSTGRESQL_URL): string {
  const r = spawnSync('psql', ['-X', '-qAt', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed (${query}): ${r.stderr}`);
  return r.stdout.trim();
}

/** The PostgreSQL table FerretDB keeps `collection` of `database` in. */
function tableOf(collection: string, database = testStore().dbName, url = POSTGRESQL_URL): string {
  return sql(`SELECT _jsonb->>'table' FROM "${database}"._ferretdb_database_metadata WHERE _jsonb->>'_id' = '${collection}'`, url);
}

/** `name:valid` of every GIN index on the `_id` expression of `table`. */
function idIndexes(table: string, database = testStore().dbName): string[] {
  const rows = sql(
    `SELECT i.relname || ':' || x.indisvalid FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am a ON a.oid = i.relam
      WHERE x.indrelid = '"${database}"."${table}"'::regclass AND a.amname = 'gin' ORDER BY 1`,
  );
  return rows ? rows.split('\n') : [];
}

describe('FerretDB on PostgreSQL: `_id` look-ups use the index store-indexes adds (issue 28)', function () {
  this.timeout(120_000);

  before(function () {
    if (!POSTGRESQL_URL) this.skip();
  });

  const db = () => mongoose.connection.db!;
  const target = () => ({ postgresqlUrl: POSTGRESQL_URL, database: testStore().dbName });
  async function planAfterLookUp(collection: string, id: unknown): Promise<string> {
    await db()
      .collection(collection)
      .findOne({ _id: id as never });
    const answer = await db().command({ explain: { find: collection, filter: { _id: id } } });
    return JSON.stringify((answer as { queryPlanner?: { Plan?: unknown } }).queryPlanner?.Plan ?? answer);
  }
  /** A collection of enough documents that PostgreSQL prefers an index when it has one. */
  async function probeCollection(): Promise<{ name: string; oid: ObjectId }> {
    const name = `idprobe_${randomBytes(6).toString('hex')}`;
    const oid = new ObjectId();
    await db()
      .collection(name)
      .insertMany([
        { _id: oid as never, v: 2 },
        { _id: 7 as never, v: 4 },
        ...Array.from({ length: 3000 }, (_, i) => ({ _id: `f${i}` as never, v: 3 })),
      ]);
    return { name, oid };
  }
  const storeIndexes = () => runCli(['store-indexes'], { STORE_POSTGRESQL_URL: POSTGRESQL_URL });

  it('FerretDB alone scans the table for an _id look-up (the defect, pinned)', async () => {
    const { name } = await probeCollection();
    const plan = await planAfterLookUp(name, 'f10');
    expect(plan).to.include('"Seq Scan"');
    expect(plan).to.not.include('Index Scan');
  });

  it('after `puente store-indexes`, string, ObjectId and number _id look-ups use the index and answer the same', async () => {
    const { name, oid } = await probeCollection();
    const table = tableOf(name);
    const run = await storeIndexes();
    expect(run.code, run.out).to.equal(0);
    expect(run.stdout).to.match(new RegExp(`^${name}\\t${table}\\t${idIndexName(table)}\\tcreated`, 'm'));
    for (const id of ['f10', oid, 7]) {
      const plan = await planAfterLookUp(name, id);
      expect(plan, String(id)).to.include('Index Scan').and.include(idIndexName(table));
      expect(plan).to.not.include('"Seq Scan"');
    }
    const found = new Map<unknown, unknown>([
      ['f2999', { _id: 'f2999', v: 3 }],
      [oid, { _id: oid, v: 2 }],
      [7, { _id: 7, v: 4 }],
      ['missing', null],
    ]);
    for (const [id, doc] of found)
      expect(
        await db()
          .collection(name)
          .findOne({ _id: id as never }),
        String(id),
      ).to.deep.equal(doc);
    expect(await db().collection(name).countDocuments({ v: 3 }), 'other queries unchanged').to.equal(3000);
    // FerretDB does not list it, so its index sync never sees it.
    expect((await db().collection(name).indexes()).map((i) => i.name)).to.deep.equal(['_id_']);
  });

  it('re-running builds nothing and adds no second index', async () => {
    const { name } = await probeCollection();
    await ensurePostgresqlIdIndexes(target());
    const before = idIndexes(tableOf(name));
    const again = await storeIndexes();
    expect(again.code, again.out).to.equal(0);
    expect(again.stdout).to.match(/: 0 indexes built, \d+ already there, 0 failed$/m);
    expect(again.stdout).to.not.match(/\tcreated/);
    expect(idIndexes(tableOf(name)))
      .to.deep.equal(before)
      .and.have.length(1);
  });

  it('a collection made later gets its index at the next run, by the command or by the hourly job', async () => {
    await ensurePostgresqlIdIndexes(target());
    const later = await probeCollection();
    const report = await ensurePostgresqlIdIndexes(target());
    expect(report.rows.filter((r) => r.outcome !== 'present').map((r) => [r.collection, r.outcome])).to.deep.equal([
      [later.name, 'created'],
    ]);
    expect(await planAfterLookUp(later.name, 'f1')).to.include(idIndexName(tableOf(later.name)));

    const job = coreJobs(storeInstance(), { inactiveAccountDays: 90, lockoutMinutes: 15, auditAnchor: null, postgresql: target() }).find(
      (j) => j.name === 'store.postgresql_id_indexes',
    );
    expect(job, 'scheduled with STORE_POSTGRESQL_URL').to.not.equal(undefined);
    expect(coreJobs(testInstance(), { inactiveAccountDays: 90, lockoutMinutes: 15, auditAnchor: null }).map((j) => j.name)).to.not.include(
      'store.postgresql_id_indexes',
    );
    const byJob = await probeCollection();
    expect(await job!.run()).to.deep.include({ created: 1 });
    expect(idIndexes(tableOf(byJob.name))).to.deep.equal([`${idIndexName(tableOf(byJob.name))}:true`]);
  });

  it('builds again an index dropped or left invalid, and counts one made by hand', async () => {
    const dropped = await probeCollection();
    const invalid = await probeCollection();
    const byHand = await probeCollection();
    await ensurePostgresqlIdIndexes(target());
    const schema = testStore().dbName;
    sql(`DROP INDEX "${schema}"."${idIndexName(tableOf(dropped.name))}"`);
    // What a build that failed or was interrupted (CREATE INDEX CONCURRENTLY) leaves behind.
    sql(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = '"${schema}"."${idIndexName(tableOf(invalid.name))}"'::regclass`);
    sql(`DROP INDEX "${schema}"."${idIndexName(tableOf(byHand.name))}"`);
    sql(`CREATE INDEX operator_id_gin ON "${schema}"."${tableOf(byHand.name)}" USING gin ((_jsonb -> '_id'))`);

    const report = await ensurePostgresqlIdIndexes(target());
    const outcome = (name: string) => report.rows.find((r) => r.collection === name);
    expect(outcome(dropped.name)).to.include({ outcome: 'created' });
    expect(outcome(invalid.name)).to.include({ outcome: 'recreated' });
    expect(outcome(byHand.name)).to.include({ outcome: 'present', index: 'operator_id_gin' });
    expect(idIndexes(tableOf(dropped.name))).to.deep.equal([`${idIndexName(tableOf(dropped.name))}:true`]);
    expect(idIndexes(tableOf(invalid.name))).to.deep.equal([`${idIndexName(tableOf(invalid.name))}:true`]);
    expect(idIndexes(tableOf(byHand.name))).to.deep.equal(['operator_id_gin:true']);
    expect(await planAfterLookUp(invalid.name, 'f5')).to.include(idIndexName(tableOf(invalid.name)));
  });

  it('three runs at once (processes starting together) take turns: each index built once, none failed, one per table', async () => {
    // Two CREATE INDEX CONCURRENTLY on one table at once deadlock and leave the index invalid:
    // the binational topology's two servers did, in CI.
    const made = await Promise.all(Array.from({ length: 12 }, () => probeCollection()));
    const runs = await Promise.all([1, 2, 3].map(() => ensurePostgresqlIdIndexes(target())));
    const rows = runs.flatMap((r) => r.rows);
    expect(rows.filter((r) => r.outcome === 'failed')).to.deep.equal([]);
    for (const { name } of made) {
      const table = tableOf(name);
      expect(idIndexes(table), name).to.deep.equal([`${idIndexName(table)}:true`]);
      const outcomes = rows.filter((r) => r.collection === name).map((r) => r.outcome);
      expect(outcomes.sort(), name).to.deep.equal(['created', 'present', 'present']);
    }
  });

  it('waits for a build another process holds the build lock for, then builds; reports it "building elsewhere" past its wait', async () => {
    const probe = await probeCollection();
    // Another process's build, as PostgreSQL sees it: a session holding the build lock.
    const holder = spawn('psql', ['-X', '-qAt', '-d', POSTGRESQL_URL], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const locked = new Promise<void>((resolve) => holder.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
      holder.stdin.write(`SELECT pg_advisory_lock(${BUILD_LOCK_KEY}); SELECT 'held';\n`);
      await locked;
      const gaveUp = await ensurePostgresqlIdIndexes(target(), { waitMs: 1500 });
      expect(gaveUp.rows.find((r) => r.collection === probe.name)).to.include({ outcome: 'building elsewhere' });
      expect(gaveUp).to.include({ created: 0, failed: 0 });
      expect(idIndexes(tableOf(probe.name))).to.deep.equal([]);

      const waiting = ensurePostgresqlIdIndexes(target(), { waitMs: 60_000 });
      await new Promise((r) => setTimeout(r, 1500));
      holder.stdin.write(`SELECT pg_advisory_unlock(${BUILD_LOCK_KEY});\n`);
      const done = await waiting;
      expect(done.rows.find((r) => r.collection === probe.name)).to.include({ outcome: 'created' });
      expect(idIndexes(tableOf(probe.name))).to.deep.equal([`${idIndexName(tableOf(probe.name))}:true`]);
    } finally {
      holder.stdin.end();
      await new Promise((r) => (holder.exitCode === null ? holder.once('exit', r) : r(null)));
    }
  });

  it('says so, and exits 2, when the database is not FerretDB’s or PostgreSQL does not answer', async () => {
    const wrong = await runCli(['store-indexes', '--database', 'no_such_database'], { STORE_POSTGRESQL_URL: POSTGRESQL_URL });
    expect(wrong.code).to.equal(2);
    expect(wrong.stderr).to.include('no FerretDB database "no_such_database"');
    const none = await runCli(['store-indexes']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.include('STORE_POSTGRESQL_URL');
    const down = await ensurePostgresqlIdIndexes({ postgresqlUrl: 'postgres://nobody@127.0.0.1:1/none', database: 'x' }).catch(
      (e: Error) => e,
    );
    expect(down).to.be.instanceOf(PostgresqlIndexError).and.have.property('message').that.includes('127.0.0.1');
  });

  it('hands psql the password in its environment, never on its command line (seen by every local user)', async () => {
    // A psql that records how it was started, then runs the real one.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-psql-'));
    const shim = path.join(dir, 'psql');
    await fs.writeFile(shim, `#!/bin/sh\necho "$* PGPASSWORD=$PGPASSWORD" >> "${dir}/calls"\nexec psql "$@"\n`, { mode: 0o700 });
    try {
      const url = new URL(POSTGRESQL_URL);
      url.password = 's3cr%2Ft'; // trust authentication ignores it; psql gets it all the same
      const report = await ensurePostgresqlIdIndexes({ ...target(), postgresqlUrl: url.toString(), psqlBin: shim });
      expect(report.failed).to.equal(0);
      const calls = (await fs.readFile(path.join(dir, 'calls'), 'utf8')).trim().split('\n');
      for (const call of calls) {
        expect(call).to.match(/ PGPASSWORD=s3cr\/t$/);
        expect(call.replace(/ PGPASSWORD=.*$/, '')).to.not.include('s3cr');
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('a server started with STORE_POSTGRESQL_URL indexes every collection it makes at start', async function () {
    this.timeout(240_000); // a first start on PostgreSQL makes some 30 collections, then their indexes
    const database = `${TEST_DB_PREFIX}pgidx_${randomBytes(4).toString('hex')}`;
    const server = await spawnServer(
      {
        MONGODB_URI: testStore().store.uri,
        MONGODB_DB: database,
        STORE_POSTGRESQL_URL: POSTGRESQL_URL,
        JOBS_ENABLED: 'false',
      },
      180_000,
    );
    try {
      const collections = sql(`SELECT _jsonb->>'_id' FROM "${database}"._ferretdb_database_metadata ORDER BY 1`).split('\n');
      expect(collections).to.include.members(['sessions', 'users', 'agencies', 'alerts', 'doclocks']);
      for (const name of collections) {
        const table = tableOf(name, database);
        expect(idIndexes(table, database), name).to.deep.equal([`${idIndexName(table)}:true`]);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await mongoose.connection.getClient().db(database).dropDatabase();
    }
  });

  it('a FerretDB connection that looked a table up before its index keeps scanning it until FerretDB restarts (plan cache, pinned)', async function () {
    // PostgreSQL caches a generic plan for a prepared statement after five runs (FerretDB prepares
    // its queries); its `_jsonb->$1` cannot use the index, and the custom plans it was compared with
    // were scans too, so the connection keeps the generic plan after the index appears. FerretDB
    // limited to two PostgreSQL connections (it needs two), each warmed by the 20 look-ups.
    this.timeout(180_000);
    const own = await OwnStore.start({ poolSettings: 'pool_max_conns=2' });
    let client: MongoClient | null = null;
    try {
      const url = own.postgresqlUrl!;
      const probe = async () => (client = await MongoClient.connect(own.uri)).db(own.dbName).collection('probe');
      let collection = await probe();
      await collection.insertMany(Array.from({ length: 3000 }, (_, i) => ({ _id: `f${i}` as never, v: i })));
      const table = tableOf('probe', own.dbName, url);
      const lookUps = async (n = 10) => {
        for (let i = 0; i < n; i++) await collection.findOne({ _id: `f${i * 7}` as never });
      };
      const counts = () => {
        const [seq, idx] = sql(
          `SELECT seq_scan, coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relid = '"${own.dbName}"."${table}"'::regclass`,
          url,
        )
          .split('|')
          .map(Number);
        return { seq: seq!, idx: idx! };
      };
      /** Counts once FerretDB's connection has reported them (an idle backend does within ~10 s). */
      async function countsAfter(base: { seq: number; idx: number }, done: (c: { seq: number; idx: number }) => boolean) {
        for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
          const c = counts();
          if (done({ seq: c.seq - base.seq, idx: c.idx - base.idx })) return { seq: c.seq - base.seq, idx: c.idx - base.idx };
        }
        throw new Error(`PostgreSQL did not report the look-ups (${JSON.stringify(counts())} from ${JSON.stringify(base)})`);
      }
      await lookUps(20);
      await countsAfter({ seq: 0, idx: 0 }, (d) => d.seq >= 20);
      expect((await ensurePostgresqlIdIndexes({ postgresqlUrl: url, database: own.dbName })).created).to.be.at.least(1);
      // The index build's own scans, reported by its session as it ends.
      let base = counts();
      for (let settled = false; !settled;) {
        await new Promise((r) => setTimeout(r, 1500));
        const again = counts();
        settled = again.seq === base.seq && again.idx === base.idx;
        base = again;
      }

      await lookUps();
      const warm = await countsAfter(base, (d) => d.seq >= 10 || d.idx > 0);
      expect(warm, 'the warm connection still scans').to.deep.equal({ seq: 10, idx: 0 });

      await client!.close();
      await own.stop();
      await own.restart();
      collection = await probe();
      base = counts();
      await lookUps();
      const fresh = await countsAfter(base, (d) => d.seq + d.idx >= 10);
      expect(fresh, 'a new connection uses the index').to.deep.equal({ seq: 0, idx: 10 });
    } finally {
      await (client as MongoClient | null)?.close();
      await own.remove();
    }
  });
});
