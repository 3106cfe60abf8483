/**
 * Starts the embedded document store: FerretDB with its SQLite handler under DATA_DIR,
 * supervised by guardian.mjs. See ../shared/design/STORE.md.
 *
 * FerretDB has no authentication on SQLite, so it listens on no TCP port, where any local user
 * could connect: only on a Unix socket inside its 0700 data directory (or, when that path is too
 * long for a socket, in a 0700 temporary directory). Only the OS user running Puente can reach
 * it; the guardian runs FerretDB with umask 077, so the files it creates are 0600.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { indexIdPaths, type IdPathIndexReport } from './idPathIndex.js';
import { privateDirectory, privateFiles } from './privateFiles.js';

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

const SOCKET_NAME = 'store.sock';
/** A socket's path fits in sun_path: 108 bytes with the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;

interface SocketLocation {
  socket: string;
  /** Removes the socket (and its temporary directory, if it has one). */
  remove(): Promise<void>;
}

/**
 * The store's socket: in its data directory when the path fits, else in a new 0700 temporary
 * directory. A socket left by a store that was killed is removed first (whoever starts the store
 * holds the directory: dataDirLock.ts).
 */
async function socketLocation(dataDir: string): Promise<SocketLocation> {
  const inside = path.join(dataDir, SOCKET_NAME);
  if (Buffer.byteLength(inside) <= MAX_SOCKET_PATH_BYTES) {
    await fs.rm(inside, { force: true });
    return { socket: inside, remove: () => fs.rm(inside, { force: true }) };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-store-')); // created 0700
  const socket = path.join(dir, SOCKET_NAME);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH_BYTES) {
    await fs.rm(dir, { recursive: true, force: true });
    throw new StoreStartError(`no path short enough for the store's socket (${socket}); set TMPDIR to a shorter directory`);
  }
  return { socket, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

/** The driver's address of a Unix socket: its path, URL-encoded, as the host. */
export function socketUri(socket: string): string {
  return `mongodb://${encodeURIComponent(socket)}/`;
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
  startTimeoutMs?: number;
  onLog?: (line: string) => void;
}

/** Starts FerretDB under the guardian and waits until it answers. */
export async function startFerretDb(opts: FerretDbOptions): Promise<RunningStore> {
  await privateDirectory(opts.dataDir);
  await privateFiles(opts.dataDir);
  const location = await socketLocation(opts.dataDir);
  const args = [
    `--handler=${opts.handler}`,
    '--listen-addr=', // no TCP listener
    `--listen-unix=${location.socket}`,
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

  const uri = socketUri(location.socket);
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
    await location.remove();
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
