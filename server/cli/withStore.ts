/**
 * Runs a CLI command against the same store `npm start` uses, then closes it.
 *
 * With MONGODB_URI the command works through that store, e.g. the store of a running server.
 * Without it the command starts the embedded store itself, which it may only do while no other
 * process holds the data directory: if a server is running there, the command refuses (exit
 * code 75) and prints, in Spanish and English, the `MONGODB_URI=…` that reaches the running
 * server's store (docs/architecture.md "The CLI while a server runs").
 */
import { loadConfigOrExit, type Config } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { openStore, StoreInUseError, type RunningStore } from '../store/openStore.js';
import { connectMongoose, disconnectMongoose, ensureIndexes } from '../store/mongoose.js';

/** EX_TEMPFAIL: the data directory is busy; the same command works with MONGODB_URI or later. */
export const STORE_IN_USE_EXIT_CODE = 75;

export async function withStore<T>(fn: (config: Config) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let store: RunningStore;
  try {
    store = await openStore(config, logger);
  } catch (err) {
    if (!(err instanceof StoreInUseError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(STORE_IN_USE_EXIT_CODE);
  }
  try {
    await connectMongoose(store.uri, config.mongoDb);
    for (const skipped of await ensureIndexes()) logger.warn({ store: 'indexes' }, `index not created: ${skipped}`);
    return await fn(config);
  } finally {
    await disconnectMongoose().catch(() => undefined);
    await store.stop();
  }
}
