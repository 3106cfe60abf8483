/**
 * `puente build-store`: finds or builds the embedded store binary, with progress.
 * `puente store-indexes`: adds the `_id` indexes FerretDB on PostgreSQL cannot make (postgresqlIndexes.ts).
 */
import type { Command } from 'commander';
import { loadConfigOrExit } from '../platform/config/env.js';
import {
  cachedBinaryPath,
  ensurePostgresqlIdIndexes,
  locateFerretDb,
  locateIdIndexer,
  PostgresqlIndexError,
  storeDatabaseName,
  type IdIndexReport,
} from '../platform/store/index.js';

/** PostgreSQL keeps the plans a FerretDB connection has cached (docs/operations.md, "PostgreSQL indexes"). */
const PLAN_CACHE_NOTE =
  'FerretDB connections that already looked these collections up keep scanning them until FerretDB replaces them ' +
  '(within the hour) or restarts: restart FerretDB to have the new indexes used at once.';

/** One line per collection, then the totals; what `store-indexes` prints. */
export function idIndexReportLines(report: IdIndexReport): string[] {
  const lines = report.rows.map(
    (r) =>
      `${r.collection}\t${r.table}\t${r.index}\t${r.outcome}${r.ms !== undefined ? ` (${r.ms} ms)` : ''}${r.error ? `: ${r.error}` : ''}`,
  );
  const present = report.rows.filter((r) => r.outcome === 'present').length;
  lines.push(
    `${report.rows.length} collections in schema ${report.schema}: ${report.created} indexes built, ${present} already there, ${report.failed} failed`,
  );
  return lines;
}

export function registerStoreCommands(program: Command): void {
  program
    .command('build-store')
    .description('build (once) the embedded FerretDB store binary (and its _id index helper) and print its path')
    .action(async () => {
      const config = loadConfigOrExit();
      const locate = {
        explicitPath: config.storeBin,
        cacheDir: config.storeCacheDir,
        goBin: config.goBin,
        progress: (msg: string) => process.stderr.write(`${msg}\n`),
      };
      const binary = await locateFerretDb(locate);
      if (!binary) {
        process.stderr.write(
          `No FerretDB at ${cachedBinaryPath(config.storeCacheDir)} and no Go toolchain to build it. Install Go or set MONGODB_URI.\n`,
        );
        process.exitCode = 1;
        return;
      }
      // Its `_id` index helper (idPathIndex.ts) is built beside it; without it look-ups scan as before.
      const indexer = await locateIdIndexer(locate);
      process.stderr.write(indexer ? `_id index helper: ${indexer}\n` : 'no Go toolchain: the _id index helper is not built\n');
      process.stdout.write(`${binary}\n`);
    });

  program
    .command('store-indexes')
    .description(
      'FerretDB on PostgreSQL: add the _id index each collection needs (FerretDB cannot), build the missing ones again; prints what it did',
    )
    .option('--postgresql <url>', 'the PostgreSQL database FerretDB uses (default STORE_POSTGRESQL_URL)')
    .option('--database <name>', 'the FerretDB database, i.e. Puente’s (default: the one of MONGODB_URI, else MONGODB_DB)')
    .action(async (opts: { postgresql?: string; database?: string }) => {
      const config = loadConfigOrExit();
      const postgresqlUrl = opts.postgresql ?? config.storePostgresqlUrl;
      if (!postgresqlUrl) {
        process.stderr.write('store-indexes: give --postgresql URL or set STORE_POSTGRESQL_URL (the URL FerretDB is given)\n');
        process.exitCode = 2;
        return;
      }
      const database = opts.database ?? storeDatabaseName(config.mongoUri, config.mongoDb);
      try {
        const report = await ensurePostgresqlIdIndexes({ postgresqlUrl, database });
        for (const line of idIndexReportLines(report)) process.stdout.write(`${line}\n`);
        if (report.created) process.stderr.write(`${PLAN_CACHE_NOTE}\n`);
        if (report.failed) process.exitCode = 1;
      } catch (err) {
        if (!(err instanceof PostgresqlIndexError)) throw err;
        process.stderr.write(`store-indexes: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
}
