/** A throwaway store and spawned Puente processes for benchmarks (never the developer's data). */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/platform/config/env.js';
import { locateFerretDb } from '../../server/platform/store/ferretdbBinary.js';
import { locateIdIndexer } from '../../server/platform/store/idPathIndex.js';
import { startFerretDb, type RunningStore } from '../../server/platform/store/embeddedStore.js';
import { spawnServer } from '../../test/helpers/spawnServer.js';

export interface BenchStore {
  store: RunningStore;
  dbName: string;
  /** The embedded store's directory (none for a store at a given URI). */
  dataDir?: string;
  /** Stops FerretDB and starts it again on the same data (a new address: reconnect to `store.uri`). */
  restart?(): Promise<void>;
  cleanup(): Promise<void>;
}

/** FerretDB/SQLite in a temporary directory, or the MongoDB-protocol server at `uri`. */
export async function startBenchStore(opts: {
  uri?: string;
  dbName: string;
  handler?: 'sqlite' | 'postgresql';
  postgresqlUrl?: string;
  /** Keep the store's data here (created if absent, never deleted): a later run reuses it. */
  keptDir?: string;
}): Promise<BenchStore> {
  const config = loadConfig({});
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-bench-'));
  if (opts.uri)
    return {
      store: { kind: 'external', uri: opts.uri, stop: async () => undefined },
      dbName: opts.dbName,
      cleanup: () => fs.rm(tmp, { recursive: true, force: true }),
    };
  const locate = {
    explicitPath: config.storeBin,
    cacheDir: config.storeCacheDir,
    goBin: config.goBin,
    progress: (m: string) => console.error(m),
  };
  const dataDir = path.join(opts.keptDir ?? tmp, 'store');
  const binary = await locateFerretDb(locate);
  if (!binary) throw new Error('FerretDB is needed for benchmarks (install Go)');
  const idIndexer = await locateIdIndexer(locate);
  const start = () =>
    startFerretDb({
      binary,
      handler: opts.handler ?? 'sqlite',
      dataDir,
      ...(opts.postgresqlUrl ? { postgresqlUrl: opts.postgresqlUrl } : {}),
      // As the server's own embedded store: `_id` look-ups from an index (the bench calls indexIdPaths).
      idIndexer,
      startTimeoutMs: 60_000,
    });
  const bench: BenchStore = {
    store: await start(),
    dbName: opts.dbName,
    dataDir,
    restart: async () => {
      await bench.store.stop();
      bench.store = await start();
    },
    cleanup: async () => {
      await bench.store.stop();
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
  return bench;
}

export interface BenchServer {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote (its log lines, LOG_LEVEL=warn unless set). */
  output(): string;
  stop(): Promise<void>;
}

/** Runs `server/index.ts` as its own process (the tests' launcher) and waits for its ready line. */
export async function spawnPuente(env: Record<string, string>, nodeArgs: string[] = []): Promise<BenchServer> {
  const server = await spawnServer(env, 60_000, nodeArgs);
  return {
    url: server.url,
    child: server.child,
    output: server.output,
    stop: async () => {
      server.child.kill('SIGTERM');
      await server.exited;
    },
  };
}
