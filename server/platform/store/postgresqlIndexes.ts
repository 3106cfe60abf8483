/**
 * Lets FerretDB 1.24 on PostgreSQL answer `_id` look-ups from an index instead of a sequential
 * scan. FerretDB sends `{_id: v}` as `_jsonb->'_id' @> v` (containment), which its own unique btree
 * index on `(_jsonb->'_id')` cannot serve (FerretDB/FerretDB#4646; docs/store-concurrency.md); a GIN
 * index on the same expression can. FerretDB cannot create it, so Puente does, in PostgreSQL itself,
 * for every table FerretDB lists in `<database>._ferretdb_database_metadata` (one PostgreSQL
 * schema per FerretDB database). String, ObjectId and number `_id`s all use it.
 *
 * It only adds indexes (`CREATE INDEX CONCURRENTLY`, so writes go on meanwhile); it changes no row
 * and no FerretDB metadata: FerretDB does not list them, never drops them, and drops them with
 * their table. Re-running creates only what is missing, and re-creates an index a failed or
 * interrupted build left invalid. Runs of several processes at once are safe: builds take turns
 * under one PostgreSQL advisory lock (two concurrent builds deadlock), a run waits for the builds of
 * another, and a build that failed is tried again.
 *
 * A FerretDB connection that already ran a table's look-up five times before its index existed
 * keeps PostgreSQL's cached generic plan, a scan, until FerretDB replaces it (pgx: within the hour)
 * or restarts; connections opened after the index use it (pinned in storePostgresqlIndexes.test.ts).
 *
 * PostgreSQL is reached with `psql` (Debian's postgresql-client), as the role FerretDB uses (or
 * one owning its tables: only a table's owner may index it). The password, if the URL has one, goes
 * to psql in PGPASSWORD, not on its command line.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { childEnvironment, type Config } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import { storeDatabaseName } from './mongoose.js';

/** FerretDB's pushed-down `_id` filter compares this expression (internal/backends/postgresql/query.go). */
const ID_EXPRESSION = `(_jsonb -> '_id'::text)`;
/** FerretDB's list of the collections of one database, in that database's schema. */
const METADATA_TABLE = '_ferretdb_database_metadata';

export type IdIndexOutcome =
  /** An index on the expression was there already (Puente's or one made by hand). */
  | 'present'
  | 'created'
  /** Puente's index was left invalid by a build that failed or was interrupted: dropped and built again. */
  | 'recreated'
  /** Another session is building it right now (another process running this at the same time). */
  | 'building elsewhere'
  /** Listed by FerretDB but not in PostgreSQL (dropped between the two reads). */
  | 'no table'
  | 'failed';

export interface IdIndexRow {
  collection: string;
  table: string;
  /** The index serving the look-ups: Puente's name, or the name of one made by hand. */
  index: string;
  outcome: IdIndexOutcome;
  ms?: number;
  error?: string;
}

export interface IdIndexReport {
  /** The PostgreSQL schema: FerretDB's database, i.e. Puente's MongoDB database name. */
  schema: string;
  rows: IdIndexRow[];
  /** Indexes made (or made again) by this run. */
  created: number;
  failed: number;
}

export interface PostgresqlTarget {
  /** postgres:// URL of the PostgreSQL database FerretDB keeps its tables in. */
  postgresqlUrl: string;
  /** FerretDB's database name (Puente's MONGODB_DB): the schema its tables are in. */
  database: string;
  /** The psql command (default `psql`). */
  psqlBin?: string;
}

/** What the config asks for: STORE_POSTGRESQL_URL and the database Puente uses; null without the URL. */
export function postgresqlTargetOf(config: Pick<Config, 'storePostgresqlUrl' | 'mongoUri' | 'mongoDb'>): PostgresqlTarget | null {
  if (!config.storePostgresqlUrl) return null;
  return { postgresqlUrl: config.storePostgresqlUrl, database: storeDatabaseName(config.mongoUri, config.mongoDb) };
}

/** psql could not run, connect, or found no FerretDB database of that name. */
export class PostgresqlIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresqlIndexError';
  }
}

/**
 * Puente's index name for `table`. FerretDB names its own indexes `<table>_<index>_<hash>_idx`;
 * this one never ends in `_idx`, so the two can never collide. A hash keeps it within
 * PostgreSQL's 63 characters whatever the table's name.
 */
export function idIndexName(table: string): string {
  return `puente_id_gin_${createHash('sha256').update(table).digest('hex').slice(0, 20)}`;
}

/** The URL without its password, and the password apart (for PGPASSWORD). */
function splitPassword(url: string): { url: string; password?: string } {
  try {
    const u = new URL(url);
    if (!u.password) return { url };
    const password = decodeURIComponent(u.password);
    u.password = '';
    return { url: u.toString(), password };
  } catch {
    return { url }; // a conninfo string libpq parses itself
  }
}

/** Runs a psql script (stdin) with `vars` as psql variables (quoted by psql with :'v' / :"v"). */
function psql(target: PostgresqlTarget, script: string, vars: Record<string, string>): Promise<string> {
  const { url, password } = splitPassword(target.postgresqlUrl);
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', url, '-f', '-'];
  for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
  // PGCONNECT_TIMEOUT: an unreachable server fails in seconds, not after the OS's TCP timeout.
  const env = childEnvironment(
    { PGAPPNAME: 'puente-store-indexes', ...(password !== undefined ? { PGPASSWORD: password } : {}) },
    { PGCONNECT_TIMEOUT: '10' },
  );
  const bin = target.psqlBin ?? 'psql';
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) =>
      reject(new PostgresqlIndexError(`cannot run ${bin} (${e.message}); install PostgreSQL's client (Debian: postgresql-client)`)),
    );
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new PostgresqlIndexError(err.trim() || `${bin} exited ${code}`))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(script);
  });
}

interface TableState {
  collection: string;
  table: string;
  exists: boolean;
  indexes: { name: string; valid: boolean; building: boolean }[];
}

/**
 * The GIN indexes on the `_id` expression (psql's :expr) of the table whose oid `relation` gives:
 * the FROM and WHERE of a query over them, so that listing them and checking one serves agree.
 */
const idIndexesOf = (relation: string) => `
            FROM pg_index x
            JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_am a ON a.oid = i.relam
           WHERE x.indrelid = ${relation} AND a.amname = 'gin' AND x.indnatts = 1 AND x.indpred IS NULL
             AND pg_get_expr(x.indexprs, x.indrelid) = :'expr'`;

/** Every collection FerretDB lists in the schema, its table, and the GIN indexes on the `_id` expression it has. */
const INSPECT = `
SELECT coalesce(json_agg(t ORDER BY t.collection), '[]')
FROM (
  SELECT m._jsonb ->> '_id' AS collection,
         m._jsonb ->> 'table' AS "table",
         c.oid IS NOT NULL AS "exists",
         (SELECT coalesce(json_agg(json_build_object(
                   'name', i.relname,
                   'valid', x.indisvalid AND x.indisready,
                   'building', EXISTS (SELECT 1 FROM pg_stat_progress_create_index p WHERE p.index_relid = x.indexrelid))), '[]')
            ${idIndexesOf('c.oid')}) AS indexes
    FROM :"schema".${METADATA_TABLE} m
    LEFT JOIN pg_class c ON c.relnamespace = to_regnamespace(:'schema') AND c.relname = m._jsonb ->> 'table' AND c.relkind = 'r'
) t;
`;

/** A valid GIN index on the `_id` expression of :schema.:table (psql variables). */
const VALID_INDEX_ON_TABLE = `SELECT 1 ${idIndexesOf("to_regclass(format('%I.%I', :'schema', :'table'))")} AND x.indisvalid AND x.indisready`;

async function inspect(target: PostgresqlTarget): Promise<TableState[]> {
  const present = await psql(target, `SELECT to_regclass(format('%I.%I', :'schema', '${METADATA_TABLE}')) IS NOT NULL;`, {
    schema: target.database,
  });
  if (present.trim() !== 't') {
    throw new PostgresqlIndexError(
      `no FerretDB database "${target.database}" in this PostgreSQL database (no ${target.database}.${METADATA_TABLE} table): ` +
        'check the URL (the database FerretDB was given) and the database name (MONGODB_DB)',
    );
  }
  return JSON.parse(await psql(target, INSPECT, { schema: target.database, expr: ID_EXPRESSION })) as TableState[];
}

/**
 * The advisory lock every index build holds (one per PostgreSQL database, whatever the schema).
 * Two `CREATE INDEX CONCURRENTLY` on an expression wait for each other's transactions, so two run
 * at once deadlock and PostgreSQL aborts one, leaving its index invalid: two processes starting
 * together did (CI, binational topology; storePostgresqlIndexes.test.ts). One build at a time.
 */
export const BUILD_LOCK_KEY = BigInt.asIntN(
  64,
  BigInt(`0x${createHash('sha256').update('puente store-indexes').digest('hex').slice(0, 16)}`),
);
/** What psql prints: another session holds the build lock; a valid index served the table already; the build left one valid. */
const BUSY = 'puente-store-indexes-busy';
const SERVED = 'puente-store-indexes-served';
const VALID = 'puente-store-indexes-valid';

type BuildResult = { built: true; valid: boolean } | { busy: true } | { served: true } | { error: string };

/**
 * Builds (or rebuilds) Puente's index on one table under the build lock, taken without waiting
 * (a session waiting for it would itself hold a snapshot the other build waits for). The lock goes
 * with the psql session.
 */
async function build(target: PostgresqlTarget, table: string, index: string, dropFirst: boolean): Promise<BuildResult> {
  // Under the lock, looked at again: another process may have built it since this run looked. After
  // the build, read back in the same session: it can end without error and leave nothing valid.
  const script =
    `SELECT pg_try_advisory_lock(:'lock'::bigint) AS locked \\gset\n` +
    `\\if :locked\n` +
    `SELECT EXISTS (${VALID_INDEX_ON_TABLE}) AS served \\gset\n` +
    `\\if :served\n\\echo ${SERVED}\n\\else\n` +
    (dropFirst ? `DROP INDEX CONCURRENTLY IF EXISTS :"schema".:"index";\n` : '') +
    `CREATE INDEX CONCURRENTLY IF NOT EXISTS :"index" ON :"schema".:"table" USING gin ((_jsonb -> '_id'));\n` +
    `SELECT EXISTS (${VALID_INDEX_ON_TABLE}) AS valid \\gset\n` +
    `\\if :valid\n\\echo ${VALID}\n\\endif\n` +
    `\\endif\n` +
    `\\else\n\\echo ${BUSY}\n\\endif\n`;
  try {
    const out = await psql(target, script, { schema: target.database, table, index, lock: BUILD_LOCK_KEY.toString(), expr: ID_EXPRESSION });
    if (out.includes(BUSY)) return { busy: true };
    return out.includes(SERVED) ? { served: true } : { built: true, valid: out.includes(VALID) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** What one table needs: null when an index serves it already (its name), else what to do. */
function plan(state: TableState): { serving: string } | { building: string } | { build: string; dropFirst: boolean } | null {
  if (!state.exists) return null;
  const valid = state.indexes.find((i) => i.valid);
  if (valid) return { serving: valid.name };
  const ours = idIndexName(state.table);
  const mine = state.indexes.find((i) => i.name === ours);
  if (mine?.building) return { building: ours };
  return { build: ours, dropFirst: !!mine };
}

export interface EnsureOptions {
  /**
   * How long to wait for builds another process (or session) is making before reporting them
   * 'building elsewhere' (default 120 s): a second process starting waits for the first's.
   */
  waitMs?: number;
  /** Builds tried per table before it is reported 'failed' (default 3). */
  attempts?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Makes sure every table of FerretDB's database `target.database` has the GIN index its `_id`
 * look-ups need; builds the missing ones one at a time, one at a time across processes too (the
 * build lock), waiting for another process's builds and trying a failed one again. Throws
 * PostgresqlIndexError when psql cannot run or connect, or the database has no FerretDB metadata;
 * a table that still fails is reported.
 */
export async function ensurePostgresqlIdIndexes(target: PostgresqlTarget, options: EnsureOptions = {}): Promise<IdIndexReport> {
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  const attempts = options.attempts ?? 3;
  /** Each table's outcome so far; a table is settled once an index serves it or it failed for good. */
  const rows = new Map<string, IdIndexRow>();
  const tries = new Map<string, number>();
  const settled = new Set<string>();
  for (;;) {
    let waiting = false;
    for (const state of await inspect(target)) {
      const { collection, table } = state;
      if (settled.has(table)) continue;
      const step = plan(state);
      const earlier = rows.get(table);
      if (!step) {
        rows.set(table, { collection, table, index: idIndexName(table), outcome: 'no table' });
        settled.add(table);
      } else if ('serving' in step) {
        // Built by this run in an earlier round (kept as such), or by another process meanwhile.
        if (earlier?.outcome !== 'created' && earlier?.outcome !== 'recreated')
          rows.set(table, { collection, table, index: step.serving, outcome: 'present' });
        settled.add(table);
      } else if ('building' in step) {
        rows.set(table, { collection, table, index: step.building, outcome: 'building elsewhere' });
        waiting = true;
      } else {
        const started = Date.now();
        const result = await build(target, table, step.build, step.dropFirst);
        const row: IdIndexRow = { collection, table, index: step.build, outcome: step.dropFirst ? 'recreated' : 'created' };
        if ('busy' in result) {
          rows.set(table, { ...row, outcome: 'building elsewhere' });
          waiting = true;
          continue;
        }
        if ('served' in result) {
          rows.set(table, { ...row, outcome: 'present' });
          settled.add(table);
          continue;
        }
        row.ms = Date.now() - started;
        const tried = (tries.get(table) ?? 0) + 1;
        tries.set(table, tried);
        // A build that failed is looked at again: the table may have gone meanwhile.
        const after = 'error' in result ? (await inspect(target)).find((s) => s.table === table) : undefined;
        const valid = 'built' in result ? result.valid : !!after?.indexes.find((i) => i.name === step.build)?.valid;
        if (valid) {
          rows.set(table, row);
          settled.add(table);
        } else if (after && !after.exists) {
          rows.set(table, { ...row, outcome: 'no table' });
          settled.add(table);
        } else {
          const error = 'error' in result ? result.error : 'the index is not valid after its build';
          rows.set(table, { ...row, outcome: 'failed', error });
          if (tried >= attempts) settled.add(table);
          else waiting = true;
        }
      }
    }
    if (!waiting || Date.now() >= deadline) break;
    await sleep(200 + Math.floor(Math.random() * 600));
  }
  const all = [...rows.values()].sort((a, b) => (a.collection < b.collection ? -1 : a.collection > b.collection ? 1 : 0));
  return {
    schema: target.database,
    rows: all,
    created: all.filter((r) => r.outcome === 'created' || r.outcome === 'recreated').length,
    failed: all.filter((r) => r.outcome === 'failed').length,
  };
}

/**
 * After the collections exist (ensureIndexes), when STORE_POSTGRESQL_URL is set: the `_id` GIN
 * indexes. A failure is logged, not fatal: look-ups then scan as they did before.
 */
export async function ensurePostgresqlIdIndexesLogged(target: PostgresqlTarget, logger: Logger): Promise<void> {
  try {
    const started = Date.now();
    const report = await ensurePostgresqlIdIndexes(target);
    const fields = {
      store: 'indexes',
      schema: report.schema,
      tables: report.rows.length,
      created: report.created,
      ms: Date.now() - started,
    };
    for (const row of report.rows.filter((r) => r.outcome === 'failed'))
      logger.warn({ store: 'indexes', ...row }, '_id index not built on FerretDB/PostgreSQL; look-ups of this collection scan');
    logger.info(fields, '_id look-ups use an index on FerretDB/PostgreSQL');
    // PostgreSQL keeps the generic plans (scans) FerretDB's connections had cached (docs/operations.md).
    if (report.created)
      logger.info(
        fields,
        'new _id indexes on FerretDB/PostgreSQL: FerretDB connections opened before them scan until replaced (≤ 1 h) or FerretDB restarts',
      );
  } catch (err) {
    logger.warn({ store: 'indexes', err }, '_id look-ups could not be indexed on FerretDB/PostgreSQL; they scan their collection');
  }
}
