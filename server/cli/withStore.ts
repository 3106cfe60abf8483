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
import { loadConfigOrExit, type Config } from '../platform/config/env.js';
import { useAuditKeys } from '../platform/auditTrail/auditTrail.js';
import { resolveAuditKeyring } from '../platform/auditTrail/auditKeys.js';
import { createLogger } from '../platform/config/logger.js';
import type { Instance } from '../platform/instance.js';
import { createInstance } from '../instance.js';
import { connectMongoose, disconnectMongoose, indexStore, openStore, StoreInUseError, type RunningStore } from '../platform/store/index.js';

/** EX_TEMPFAIL: the data directory is busy; the same command works with MONGODB_URI or later. */
export const STORE_IN_USE_EXIT_CODE = 75;

function throughRunningStoreNotice(pid: number, uri: string): string {
  return (
    `Un servidor de Puente (pid ${pid}) tiene abierto el almacén: el comando trabaja a través de él (${uri}).\n` +
    `A Puente server (pid ${pid}) holds the store: the command works through it (${uri}).\n`
  );
}

export interface WithStoreOptions {
  /** Refuse (exit code 75) instead of working through a running server's store: a restore. */
  exclusive?: boolean;
  /**
   * When the declared indexes and the embedded store's `_id` indexes are made: before `fn` (the
   * default), after it (a restore fills the collections first and must find the store untouched
   * if it refuses), or never (a backup only reads).
   */
  indexes?: 'before' | 'after' | 'never';
}

function storeHeldNotice(pid: number): string {
  return (
    `Un servidor de Puente (pid ${pid}) tiene abierto el almacén: deténgalo antes de restaurar.\n` +
    `A Puente server (pid ${pid}) holds the store: stop it before restoring.\n`
  );
}

export async function withStore<T>(fn: (config: Config, instance: Instance) => Promise<T>, options: WithStoreOptions = {}): Promise<T> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  // A command that changes or shows alerts digests and signs as the server does (alertKeys.ts).
  const instance = createInstance(config);
  let store: RunningStore;
  try {
    store = await openStore(config, logger);
  } catch (err) {
    if (!(err instanceof StoreInUseError)) throw err;
    if (options.exclusive) {
      process.stderr.write(storeHeldNotice(err.holder.pid));
      process.exit(STORE_IN_USE_EXIT_CODE);
    }
    if (!err.holder.uri) {
      process.stderr.write(`${err.message}\n`);
      process.exit(STORE_IN_USE_EXIT_CODE);
    }
    process.stderr.write(throughRunningStoreNotice(err.holder.pid, err.holder.uri));
    store = { kind: 'external', uri: err.holder.uri, stop: async () => undefined };
  }
  try {
    await connectMongoose(instance.store, store.uri, config.mongoDb, config.storePoolWaitMs);
    const when = options.indexes ?? 'before';
    if (when === 'before') await indexStore(instance.store, store, config, logger);
    // A command that writes the trail (create-admin, seed-demo) keys it as the server does; once the
    // store is open, so a DATA_DIR this user may not use is reported as the store's refusal.
    useAuditKeys(instance, await resolveAuditKeyring(config, logger, { generate: true }));
    const result = await fn(config, instance);
    if (when === 'after') await indexStore(instance.store, store, config, logger);
    return result;
  } finally {
    await disconnectMongoose(instance.store).catch(() => undefined);
    await store.stop();
  }
}
