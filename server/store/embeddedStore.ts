/**
 * Starts the embedded document store: FerretDB with its SQLite handler under DATA_DIR, on a
 * free loopback port, supervised by guardian.mjs. See ../shared/design/STORE.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { indexIdPaths, type IdPathIndexReport } from './idPathIndex.js';

const GUARDIAN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'guardian.mjs');

export interface RunningStore {
  kind: 'ferretdb-sqlite' | 'ferretdb-postgresql' | 'mongodb-memory-server' | 'external';
  uri: string;
  /** PID of the store process (the guardian's child), when we started one. */
  pid?: number | undefined;
  /** Stops the store; resolves once it has exited. Safe to call twice. */
  stop(): Promise<void>;
  /** The embedded SQLite store only: indexes each table's `_id` path (idPathIndex.ts). Run after
   * the collections exist (after ensureIndexes), at every start. */
  indexIdPaths?(): Promise<IdPathIndexReport>;
}

export class StoreStartError extends Error {
  override name = 'StoreStartError';
}

/** Asks the OS for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once a MongoDB-protocol server at `uri` answers `ping`, or rejects after `timeoutMs`. */
export async function waitUntilAnswering(uri: string, timeoutMs: number, isDead: () => string | null = () => null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    const dead = isDead();
    if (dead) throw new StoreStartError(dead);
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      await client.close().catch(() => undefined);
    }
  }
  throw new StoreStartError(`the store at ${uri} did not answer within ${timeoutMs} ms (${lastError})`);
}

export interface FerretDbOptions {
  binary: string;
  handler: 'sqlite' | 'postgresql';
  /** SQLite: directory for the database files and FerretDB's state. */
  dataDir: string;
  /** PostgreSQL handler only. */
  postgresqlUrl?: string;
  /** SQLite handler: the `_id` index helper (locateIdIndexer); without it look-ups scan as before. */
  idIndexer?: string | null;
  port?: number;
  startTimeoutMs?: number;
  onLog?: (line: string) => void;
}

/** Starts FerretDB under the guardian and waits until it answers. */
export async function startFerretDb(opts: FerretDbOptions): Promise<RunningStore> {
  await fs.mkdir(opts.dataDir, { recursive: true });
  const port = opts.port ?? (await freePort());
  const args = [
    `--handler=${opts.handler}`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${opts.dataDir}`,
    '--debug-addr=-',
    '--telemetry=disable',
    '--log-level=warn',
    '--log-format=json',
  ];
  if (opts.handler === 'sqlite') args.push(`--sqlite-url=file:${opts.dataDir.replace(/\/?$/, '/')}`);
  else args.push(`--postgresql-url=${opts.postgresqlUrl ?? 'postgres://127.0.0.1:5432/puente'}`);

  const child: ChildProcess = spawn(process.execPath, [GUARDIAN, opts.binary, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let exitNote: string | null = null;
  let stderrTail = '';
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exitNote = `the store process exited (${signal ?? `code ${code}`}) ${stderrTail.trim().slice(-500)}`.trim();
      resolve();
    });
  });
  const forward = (d: Buffer) => {
    const text = d.toString();
    stderrTail = (stderrTail + text).slice(-4000);
    for (const line of text.split('\n')) if (line.trim()) opts.onLog?.(line.trim());
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  // The guardian must not keep our event loop alive by itself; its stdin pipe is the leash.
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();

  const uri = `mongodb://127.0.0.1:${port}/`;
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return exited;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(force);
    }
  };
  try {
    await waitUntilAnswering(uri, opts.startTimeoutMs ?? 30_000, () => exitNote);
  } catch (err) {
    await stop();
    throw err;
  }
  const indexer = opts.handler === 'sqlite' ? opts.idIndexer : null;
  return {
    kind: opts.handler === 'sqlite' ? 'ferretdb-sqlite' : 'ferretdb-postgresql',
    uri,
    pid: child.pid,
    stop,
    ...(indexer ? { indexIdPaths: () => indexIdPaths(indexer, opts.dataDir) } : {}),
  };
}
