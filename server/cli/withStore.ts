/** Runs a CLI command against the same store `npm start` uses, then closes it. */
import { loadConfigOrExit, type Config } from '../config/env.js';
import { createLogger } from '../config/logger.js';
import { openStore } from '../store/openStore.js';
import { connectMongoose, disconnectMongoose, ensureIndexes } from '../store/mongoose.js';

export async function withStore<T>(fn: (config: Config) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const store = await openStore(config, logger);
  try {
    await connectMongoose(store.uri, config.mongoDb);
    await ensureIndexes();
    return await fn(config);
  } finally {
    await disconnectMongoose().catch(() => undefined);
    await store.stop();
  }
}
