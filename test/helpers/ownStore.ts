/**
 * A FerretDB process of a suite's own, which the suite may stop (SIGTERM or SIGKILL) and start
 * again on the same port and the same data: never the store shared by the run (testStore.ts).
 * FerretDB on SQLite in a temporary directory, or, on the second backend
 * (scripts/with-ferretdb-postgresql.sh sets PUENTE_TEST_POSTGRESQL_URL), FerretDB on a PostgreSQL
 * database of its own; there only FerretDB is stopped, PostgreSQL keeps running.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { waitUntilAnswering } from '../../server/platform/store/embeddedStore.js';
import { connectMongoose, ensureIndexes } from '../../server/platform/store/mongoose.js';
import { freePort } from './ports.js';
import { TEST_DB_PREFIX, assertTestDatabase, testFerretDbBinary, testStore } from './testStore.js';
import { storeInstance } from './instance.js';

/** PostgreSQL server URL without a database (postgres://user@host:port), on the second backend. */
function postgresqlServer(): string | null {
  return process.env.PUENTE_TEST_POSTGRESQL_URL?.replace(/\/+$/, '') || null;
}

function psql(server: string, sql: string): void {
  const r = spawnSync('psql', [`${server}/postgres`, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql failed (${sql}): ${r.stderr}`);
}

export class OwnStore {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private log = '';
  /** A Mongo database name the run's guard accepts (testStore.ts). */
  readonly dbName = `${TEST_DB_PREFIX}own_${randomBytes(4).toString('hex')}`;

  private constructor(
    private readonly binary: string,
    readonly port: number,
    readonly dir: string,
    /** PostgreSQL database URL, on the second backend; else null (SQLite under `dir`). */
    readonly postgresqlUrl: string | null,
    /** Settings of FerretDB's PostgreSQL pool, as the query of the URL it is given (`pool_max_conns=1`). */
    private readonly poolSettings = '',
  ) {}

  static async start(opts: { poolSettings?: string } = {}): Promise<OwnStore> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-own-store-'));
    const server = postgresqlServer();
    let postgresqlUrl: string | null = null;
    if (server) {
      const database = `puente_own_${randomBytes(4).toString('hex')}`;
      psql(server, `CREATE DATABASE "${database}"`);
      postgresqlUrl = `${server}/${database}`;
    }
    const store = new OwnStore(await testFerretDbBinary(), await freePort(), dir, postgresqlUrl, opts.poolSettings);
    await store.restart();
    return store;
  }

  get uri(): string {
    return `mongodb://127.0.0.1:${this.port}/`;
  }

  get kind(): string {
    return this.postgresqlUrl ? 'FerretDB on PostgreSQL' : 'FerretDB on SQLite';
  }

  /** Starts FerretDB (again) on the same port and data; resolves once it answers a ping. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('the store is running');
    const backend = this.postgresqlUrl
      ? ['--handler=postgresql', `--postgresql-url=${this.postgresqlUrl}${this.poolSettings ? `?${this.poolSettings}` : ''}`]
      : ['--handler=sqlite', `--sqlite-url=file:${path.join(this.dir, 'data')}/`];
    await fs.mkdir(path.join(this.dir, 'data'), { recursive: true });
    const child = spawn(
      this.binary,
      [
        ...backend,
        `--listen-addr=127.0.0.1:${this.port}`,
        `--state-dir=${this.dir}`,
        '--debug-addr=-',
        '--telemetry=disable',
        '--log-level=warn',
        '--log-format=json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    const keep = (d: Buffer) => (this.log = (this.log + d.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await waitUntilAnswering(this.uri, 30_000, () => (child.exitCode !== null ? `FerretDB exited: ${this.log}` : null));
  }

  /** Stops FerretDB with `signal` and waits for its exit. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await this.exited;
  }

  /** Stops it and removes its data. */
  async remove(): Promise<void> {
    await this.stop('SIGTERM');
    await fs.rm(this.dir, { recursive: true, force: true });
    const server = postgresqlServer();
    if (server && this.postgresqlUrl) psql(server, `DROP DATABASE IF EXISTS "${this.postgresqlUrl.split('/').pop()}" WITH (FORCE)`);
  }

  /** Points the test's own connection (storeInstance: the models, the factories) at this store, indexes made. */
  async useInThisProcess(): Promise<void> {
    await mongoose.disconnect();
    await connectMongoose(storeInstance().store, this.uri, this.dbName);
    assertTestDatabase();
    await ensureIndexes(storeInstance().store);
  }
}

/** Points the test's own connection back at the run's shared store. */
export async function useSharedStore(): Promise<void> {
  await mongoose.disconnect();
  await connectMongoose(storeInstance().store, testStore().store.uri, testStore().dbName);
  assertTestDatabase();
}
