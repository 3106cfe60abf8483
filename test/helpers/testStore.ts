/**
 * The throwaway store shared by one test run: FerretDB/SQLite in a temporary directory on a
 * random port (or PUENTE_TEST_MONGODB_URI, e.g. FerretDB on PostgreSQL), always a
 * database whose name starts with `puente_test_`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../../server/platform/config/env.js';
import { locateFerretDb, type LocateOptions } from '../../server/platform/store/ferretdbBinary.js';
import { locateIdIndexer } from '../../server/platform/store/idPathIndex.js';
import { startFerretDb, type RunningStore } from '../../server/platform/store/embeddedStore.js';
import { connectMongoose, ensureIndexes } from '../../server/platform/store/mongoose.js';
import { storeInstance } from './instance.js';

export const TEST_DB_PREFIX = 'puente_test_';

interface TestStoreState {
  store: RunningStore;
  tmpDir: string;
  dbName: string;
}

let state: TestStoreState | null = null;

/** Where the test run finds (or builds) the embedded store's binaries. */
function testLocateOptions(): LocateOptions {
  const config = loadConfig({ NODE_ENV: 'test', STORE_BIN: process.env.STORE_BIN, STORE_CACHE_DIR: process.env.STORE_CACHE_DIR });
  return {
    explicitPath: config.storeBin,
    cacheDir: config.storeCacheDir,
    goBin: config.goBin,
    progress: (m) => process.stderr.write(`[test store] ${m}\n`),
  };
}

/** Path of the FerretDB binary, building it if needed (first run only). */
export async function testFerretDbBinary(): Promise<string> {
  const binary = await locateFerretDb(testLocateOptions());
  if (!binary) throw new Error('tests need FerretDB: install Go so it can be built, or set PUENTE_TEST_MONGODB_URI');
  return binary;
}

/** The embedded store's `_id` index helper, built if needed (server/platform/store/idPathIndex.ts). */
export function testIdIndexer(): Promise<string | null> {
  return locateIdIndexer(testLocateOptions());
}

/** Starts the run's store and connects Mongoose to a fresh test database. */
export async function startTestStore(): Promise<TestStoreState> {
  if (state) return state;
  const tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-test-'));
  const dbName = `${TEST_DB_PREFIX}${randomBytes(4).toString('hex')}`;
  const external = process.env.PUENTE_TEST_MONGODB_URI;
  const store: RunningStore = external
    ? { kind: 'external', uri: external, stop: async () => undefined }
    : await startFerretDb({
        binary: await testFerretDbBinary(),
        handler: 'sqlite',
        dataDir: path.join(tmpDir, 'store'),
        idIndexer: await testIdIndexer(),
      });
  await connectMongoose(storeInstance().store, store.uri, dbName);
  assertTestDatabase();
  await ensureIndexes(storeInstance().store);
  // As a server on the embedded store does at start: `_id` look-ups served from an index.
  await store.indexIdPaths?.();
  state = { store, tmpDir, dbName };
  return state;
}

export function testStoreStarted(): boolean {
  return state !== null;
}

export function testStore(): TestStoreState {
  if (!state) throw new Error('the test store is not started (test/setup.ts root hooks)');
  return state;
}

/** Refuses to touch any database whose name does not mark it as a test database. */
export function assertTestDatabase(): void {
  const name = mongoose.connection.db?.databaseName ?? '';
  if (!name.startsWith(TEST_DB_PREFIX)) {
    throw new Error(`refusing to run tests against database "${name}": test databases start with ${TEST_DB_PREFIX}`);
  }
}

/** Empties every collection (keeps indexes); call in a suite's before(). */
export async function resetDatabase(): Promise<void> {
  assertTestDatabase();
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const c of collections) {
    if (c.name.startsWith('system.')) continue;
    await db.collection(c.name).deleteMany({});
  }
  // Collections made since the last run get theirs, as a restarted server's would.
  await state?.store.indexIdPaths?.();
}

export async function stopTestStore(): Promise<void> {
  if (!state) return;
  const s = state;
  state = null;
  if (process.env.PUENTE_TEST_MONGODB_URI) await mongoose.connection.db?.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
  await s.store.stop();
  await fs.rm(s.tmpDir, { recursive: true, force: true });
}
