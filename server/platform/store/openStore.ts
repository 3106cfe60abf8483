/**
 * Chooses and starts the document store, in STORE.md's order: MONGODB_URI, else embedded
 * FerretDB/SQLite (built with Go if needed), else mongodb-memory-server, else one clear error.
 * The embedded store's directory is claimed first (dataDirLock.ts): a second process refuses
 * with StoreInUseError instead of starting a second FerretDB on the same SQLite files.
 * DATA_DIR is made 0700, and the store answers only on a Unix socket inside it (embeddedStore.ts).
 */
import path from 'node:path';
import { dataDirOfAnotherUserMessage } from '../../../shared/i18n/storeMessages.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../config/logger.js';
import { locateFerretDb } from './ferretdbBinary.js';
import { locateIdIndexer } from './idPathIndex.js';
import { claimDataDir, StoreInUseError } from './dataDirLock.js';
import { startFerretDb, StoreStartError, type RunningStore } from './embeddedStore.js';
import { ensureIndexes } from './mongoose.js';
import type { Store } from './store.js';
import { ensurePostgresqlIdIndexesLogged, postgresqlTargetOf } from './postgresqlIndexes.js';
import { privateDirectory } from './privateFiles.js';

export { StoreInUseError, StoreStartError, type RunningStore };

type StoreConfig = Pick<Config, 'mongoUri' | 'dataDir' | 'storeBin' | 'storeCacheDir' | 'goBin'>;
type IndexConfig = Pick<Config, 'mongoUri' | 'mongoDb' | 'storePostgresqlUrl'>;

async function startMemoryServer(dbPath: string): Promise<RunningStore> {
  const { MongoMemoryServer } = await import('mongodb-memory-server-core');
  const server = await MongoMemoryServer.create({ instance: { dbPath, storageEngine: 'wiredTiger' } });
  return { kind: 'mongodb-memory-server', uri: server.getUri(), stop: async () => void (await server.stop({ doCleanup: false })) };
}

/** DATA_DIR holds the store, its socket and the alert copy's snapshot: for our OS user only. */
async function claimPrivateDataDir(dataDir: string): Promise<void> {
  try {
    await privateDirectory(dataDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EACCES') throw err;
    const text = dataDirOfAnotherUserMessage(dataDir);
    throw new StoreStartError(`${text.es}\n${text.en}`);
  }
}

/** Starts (or points at) the store the config asks for; logs which one it uses. */
export async function openStore(config: StoreConfig, logger: Logger): Promise<RunningStore> {
  if (config.mongoUri) {
    logger.info({ store: 'external' }, 'using the document store at MONGODB_URI');
    return { kind: 'external', uri: config.mongoUri, stop: async () => undefined };
  }
  await claimPrivateDataDir(config.dataDir);
  const locate = {
    explicitPath: config.storeBin,
    cacheDir: config.storeCacheDir,
    goBin: config.goBin,
    progress: (msg: string) => logger.info({ store: 'ferretdb-build' }, msg),
  };
  const binary = await locateFerretDb(locate);
  if (binary) {
    const dataDir = path.join(config.dataDir, 'store');
    const lock = await claimDataDir(dataDir);
    let store: RunningStore;
    try {
      store = await startFerretDb({
        binary,
        handler: 'sqlite',
        dataDir,
        idIndexer: await locateIdIndexer(locate),
        onLog: (line) => logger.debug({ store: 'ferretdb' }, line),
      });
      await lock.recordAddress(store.uri);
    } catch (err) {
      await lock.release();
      throw err;
    }
    logger.info({ store: store.kind, dataDir, uri: store.uri }, 'embedded document store started (FerretDB on SQLite)');
    const stopStore = store.stop;
    return {
      ...store,
      stop: async () => {
        await stopStore();
        await lock.release();
      },
    };
  }
  logger.warn('no FerretDB binary and no Go toolchain; trying mongodb-memory-server');
  try {
    const store = await startMemoryServer(path.join(config.dataDir, 'mongo'));
    logger.info({ store: store.kind, uri: store.uri }, 'document store started (mongodb-memory-server)');
    return store;
  } catch (err) {
    throw new StoreStartError(
      'No document store is available. Install Go (to build the embedded FerretDB), ' +
        'or set MONGODB_URI to a MongoDB 6+ or FerretDB server. ' +
        `(mongodb-memory-server failed too: ${(err as Error).message})`,
    );
  }
}

/**
 * After the collections exist (ensureIndexes): the embedded store's `_id` path indexes
 * (idPathIndex.ts). A failure is logged, not fatal: look-ups then scan as they did before.
 */
export async function indexIdPathsLogged(store: RunningStore, logger: Logger): Promise<void> {
  if (!store.indexIdPaths) return;
  try {
    const { tables, created } = await store.indexIdPaths();
    logger.info({ store: 'indexes', tables, created }, '_id look-ups use an index on the embedded store');
  } catch (err) {
    logger.warn({ store: 'indexes', err }, '_id look-ups could not be indexed; they scan their collection');
  }
}

/**
 * Once Mongoose is connected, every index the store needs, in order: the declared ones (which
 * also make the collections), the embedded store's `_id` path indexes, and with
 * STORE_POSTGRESQL_URL the `_id` indexes of FerretDB on PostgreSQL (postgresqlIndexes.ts). Only a
 * declared unique index that cannot be made fails it; the rest is logged.
 */
export async function indexStore(store: Store, running: RunningStore, config: IndexConfig, logger: Logger): Promise<void> {
  for (const skipped of await ensureIndexes(store)) logger.warn({ store: 'indexes' }, `index not created: ${skipped}`);
  await indexIdPathsLogged(running, logger);
  const postgresql = postgresqlTargetOf(config);
  if (postgresql) await ensurePostgresqlIdIndexesLogged(postgresql, logger);
}
