/**
 * Lets the embedded store (FerretDB 1.24 on SQLite) answer `_id` look-ups from an index instead
 * of a table scan. FerretDB's unique `_id` index is on an expression its own `_id` filter does not
 * use (docs/store-concurrency.md, "on SQLite, even `_id` look-ups scan the table"), so Puente adds
 * an index on the expression the filter does use, with a small Go program
 * (`server/platform/store/go/puente-id-index/main.go`) built inside FerretDB's module source: the same SQLite
 * driver and version as FerretDB. It only adds indexes; it changes no row and no FerretDB metadata.
 *
 * It runs at every start, after the declared indexes are created; a collection made later (by its
 * first write) gets its index at the next start. The change log and the audit trail gain nothing:
 * their entries' `_id`s are numbers, which FerretDB filters in Go, not in SQL.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ferretDbSource, goAvailable, installBinary, isExecutable, run, FERRETDB_VERSION, type LocateOptions } from './ferretdbBinary.js';

const SOURCE = fileURLToPath(new URL('./go/puente-id-index/main.go', import.meta.url));

export interface IdPathIndexReport {
  /** FerretDB tables seen. */
  tables: number;
  /** Indexes added by this run (the others were there already). */
  created: number;
}

/** Where the built program is cached: per FerretDB version and per version of its source. */
export async function cachedIdIndexerPath(cacheDir: string): Promise<string> {
  const digest = createHash('sha256')
    .update(await fs.readFile(SOURCE))
    .digest('hex')
    .slice(0, 12);
  return path.join(cacheDir, `puente-id-index-${FERRETDB_VERSION}-${digest}`);
}

/** Builds the program inside FerretDB's module source (its go.mod pins the SQLite driver). */
async function buildIdIndexer(goBin: string, target: string, progress: (msg: string) => void): Promise<string> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-id-index-'));
  try {
    const src = await ferretDbSource(goBin, work, progress);
    await fs.mkdir(path.join(src, 'cmd', 'puente-id-index'), { recursive: true });
    await fs.copyFile(SOURCE, path.join(src, 'cmd', 'puente-id-index', 'main.go'));
    progress('compiling the embedded store’s _id index helper…');
    const built = path.join(work, 'puente-id-index');
    await run(goBin, ['build', '-trimpath', '-o', built, './cmd/puente-id-index'], { cwd: src, onLine: progress });
    await installBinary(built, target);
    return target;
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

/**
 * The cached program, built with Go if needed; null without Go (the store then scans as before).
 * Takes locateFerretDb's options (an explicit FerretDB binary does not apply to it).
 */
export async function locateIdIndexer(opts: LocateOptions): Promise<string | null> {
  const cached = await cachedIdIndexerPath(opts.cacheDir);
  if (await isExecutable(cached)) return cached;
  if (!(await goAvailable(opts.goBin))) return null;
  return buildIdIndexer(opts.goBin, cached, opts.progress);
}

/** Adds the `_id` path index to every FerretDB table in `dataDir` that lacks it. */
export async function indexIdPaths(indexer: string, dataDir: string): Promise<IdPathIndexReport> {
  const lines = (await run(indexer, [dataDir], { timeoutMs: 600_000 }))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { created: boolean });
  return { tables: lines.length, created: lines.filter((l) => l.created).length };
}
