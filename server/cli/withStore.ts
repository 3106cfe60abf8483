/**
 * Runs a CLI command against the same store `npm start` uses, then closes it.
 *
 * With MONGODB_URI the command works through that store, e.g. the store of a running server.
 * Without it the command starts the embedded store itself, which it may only do while no other
 * process holds the data directory. If a server holds it, the command never opens the SQLite
 * files a second time: it works through the running server's store (the address in the
 * directory's lock file) and says so on stderr, in Spanish and English — so `npx puente
 * create-admin` keeps working beside `npm start` (API.md). If the holder has not published an
 * address yet, it refuses (exit code 75) with the reason (docs/architecture.md "The CLI while a
 * server runs").
 */
import { loadConfigOrExit, type Config } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { indexIdPathsLogged, openStore, StoreInUseError, type RunningStore } from '../store/openStore.js';
import { connectMongoose, disconnectMongoose, ensureIndexes } from '../store/mongoose.js';

/** EX_TEMPFAIL: the data directory is busy; the same command works with MONGODB_URI or later. */
export const STORE_IN_USE_EXIT_CODE = 75;

function throughRunningStoreNotice(pid: number, uri: string): string {
  return (
    `Un servidor de Puente (pid ${pid}) tiene abierto el almacén: el comando trabaja a través de él (${uri}).\n` +
    `A Puente server (pid ${pid}) holds the store: the command works through it (${uri}).\n`
  );
}

export async function withStore<T>(fn: (config: Config) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let store: RunningStore;
  try {
    store = await openStore(config, logger);
  } catch (err) {
    if (!(err instanceof StoreInUseError)) throw err;
    if (!err.holder.uri) {
      process.stderr.write(`${err.message}\n`);
      process.exit(STORE_IN_USE_EXIT_CODE);
    }
    process.stderr.write(throughRunningStoreNotice(err.holder.pid, err.holder.uri));
    store = { kind: 'external', uri: err.holder.uri, stop: async () => undefined };
  }
  try {
    await connectMongoose(store.uri, config.mongoDb, config.storePoolWaitMs);
    for (const skipped of await ensureIndexes()) logger.warn({ store: 'indexes' }, `index not created: ${skipped}`);
    await indexIdPathsLogged(store, logger);
    return await fn(config);
  } finally {
    await disconnectMongoose().catch(() => undefined);
    await store.stop();
  }
}
