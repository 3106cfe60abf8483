/** The Mongoose connection, with the query-safety settings SECURITY.md requires. */
import { LOCK_COLLECTION, locksReleased } from './docLock.js';
import mongoose from 'mongoose';
import type { Store } from './store.js';

// Reject operator injection ({$ne: …}) in filters and unknown filter paths on every query.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
// Indexes are created explicitly by ensureIndexes() at start-up, not lazily per model.
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', true);
// No queue of our own in front of the driver: while the store is unreachable, Mongoose would hold
// every operation for up to 10 s (bufferTimeoutMS) and then fail it with an error that is no store
// error, answered 500 or held to the request timeout (issue 26, storeOutage.test.ts). The driver
// itself waits for a server at most serverSelectionTimeoutMS and fails with MongoServerSelectionError.
mongoose.set('bufferCommands', false);

/** Default of STORE_POOL_WAIT_MS (server/platform/config/env.ts), for callers without a config. */
export const POOL_WAIT_MS = 10_000;

/** A MongoDB URI naming a database (`mongodb://host/name`): the name is group 2. */
const URI_WITH_DB = /^mongodb(\+srv)?:\/\/[^/]+\/([^?/]+)/;

/** The database a connection to `uri` uses: the one the URI names, else `dbName` (as connectMongoose). */
export function storeDatabaseName(uri: string | undefined, dbName: string): string {
  const named = uri ? URI_WITH_DB.exec(uri)?.[2] : undefined;
  return named ? decodeURIComponent(named) : dbName;
}

/**
 * Opens `store`'s connection; `dbName` applies when the URI names none.
 * `poolWaitMs`: how long an operation may wait for a free connection before it fails. Without
 * it, operations queued behind a saturated pool wait for ever, and every request behind them
 * hangs until a restart (pen-test issue 23, F1).
 */
export async function connectMongoose(store: Store, uri: string, dbName: string, poolWaitMs = POOL_WAIT_MS): Promise<void> {
  await store.connection.openUri(uri, driverOptions(uri, dbName, poolWaitMs));
  // A replacement client is opened the same way (driverRecovery.ts).
  store.openedWith = { uri, dbName, poolWaitMs };
}

/** The driver's settings of every client of a store's connection. */
function driverOptions(uri: string, dbName: string, poolWaitMs: number) {
  const uriHasDb = URI_WITH_DB.test(uri);
  return {
    ...(uriHasDb ? {} : { dbName }),
    serverSelectionTimeoutMS: 5000,
    heartbeatFrequencyMS: 2000,
    // Bounds each of the monitor's connection attempts (the driver's default is 30 s), so a
    // monitor that has been silent for longer than STUCK_AFTER_MS (driverRecovery.ts) is stuck.
    connectTimeoutMS: 10_000,
    maxPoolSize: 20,
    waitQueueTimeoutMS: poolWaitMs,
  };
}

/** A new, connected client like `store`'s connection's (throws when the store does not answer). */
export async function connectReplacementClient(store: Store): Promise<mongoose.mongo.MongoClient> {
  if (!store.openedWith) throw new Error('the connection was never opened');
  const { uri, dbName, poolWaitMs } = store.openedWith;
  const client = new mongoose.mongo.MongoClient(uri, driverOptions(uri, dbName, poolWaitMs));
  return client.connect();
}

/** Index-creation errors that mean "an index on these keys already exists, made differently". */
const INDEX_CONFLICT_CODES = new Set([85, 86]); // IndexOptionsConflict, IndexKeySpecsConflict

/**
 * Creates the indexes every registered model declares (the unique keys the code relies on, and
 * those its queries need). Create-only: an index nobody declares here — one an operator added
 * by hand, or one an older version declared — is never dropped (Mongoose's syncIndexes would).
 * An index that conflicts with an existing one on the same keys is skipped and reported, so a
 * hand-made variant never stops the server, unless the declared index is unique and the existing
 * one is not: then start-up fails (a guarantee depends on it). Returns the reports.
 */
/** Collections earlier versions kept and nothing reads any more: the stored search index (now the
 * in-process alert copy's postings, one index instead of two that could disagree). */
const RETIRED_COLLECTIONS = ['searchindex', 'alertindexkeys'];
/** Collections read by `_id` that no model declares: made here, at start, like the models' own, so
 * that the embedded store's `_id` index (idPathIndex.ts), added after this, covers them too. */
const UNMODELLED_COLLECTIONS = [LOCK_COLLECTION];

export async function ensureIndexes(store: Store): Promise<string[]> {
  const skipped: string[] = [];
  const db = store.connection.db;
  if (db) {
    const present = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    for (const name of RETIRED_COLLECTIONS) if (present.has(name)) await db.dropCollection(name).catch(() => undefined);
    for (const name of UNMODELLED_COLLECTIONS) if (!present.has(name)) await db.createCollection(name).catch(() => undefined);
  }
  for (const model of Object.values(store.connection.models)) {
    await model.createCollection().catch(() => undefined);
    for (const [keys, options] of model.schema.indexes()) {
      try {
        // Our schemas never use Mongoose's `unique: [true, message]` form, the one shape the driver lacks.
        await model.collection.createIndex(keys as Record<string, 1 | -1>, options as Parameters<typeof model.collection.createIndex>[1]);
      } catch (err) {
        if (!INDEX_CONFLICT_CODES.has((err as { code?: number }).code ?? 0)) throw err;
        if ((options as { unique?: boolean }).unique) await assertUniqueIndexExists(model.collection, keys, err as Error);
        skipped.push(`${model.collection.collectionName} ${JSON.stringify(keys)}: ${(err as Error).message}`);
      }
    }
  }
  return skipped;
}

/**
 * A unique index is a guarantee (one alert per reference, one account per e-mail): when the declared
 * one cannot be made, an index on the same keys must already enforce uniqueness, or the server must
 * not start.
 */
async function assertUniqueIndexExists(
  collection: mongoose.mongo.Collection,
  keys: Record<string, unknown>,
  conflict: Error,
): Promise<void> {
  const spec = JSON.stringify(keys);
  const existing = await collection.listIndexes().toArray();
  if (existing.some((index) => index.unique === true && JSON.stringify(index.key) === spec)) return;
  throw new Error(
    `El índice único ${collection.collectionName} ${spec} no se pudo crear y sin él no hay garantía de unicidad; ` +
      `elimine el índice en conflicto y vuelva a iniciar. / The unique index ${collection.collectionName} ${spec} ` +
      `could not be created (${conflict.message}); uniqueness is not guaranteed without it: drop the conflicting index and start again.`,
  );
}

export async function disconnectMongoose(store: Store): Promise<void> {
  // Lock releases run behind their callers: let them reach the store first.
  await Promise.race([locksReleased(store), new Promise((r) => setTimeout(r, 2000).unref())]);
  await store.connection.close();
}

/**
 * The model `name` on `connection`: the one registered there already, else the one `compile` makes.
 * Models are registered by each instance on its own connection (server/instance.ts), never on
 * import, so that two Puentes in one process do not share them (issue 27).
 */
export function modelOn<M>(connection: mongoose.Connection, name: string, compile: () => M): M {
  return (connection.models[name] as M | undefined) ?? compile();
}

/** Whether `value` is an ObjectId as the server writes it (24 lowercase hex digits): safe to look up by. */
export function isObjectIdHex(value: unknown): value is string {
  return typeof value === 'string' && /^[a-f0-9]{24}$/.test(value);
}

/** The distinct ids among `ids` that are ObjectIds, as strings (the rest could name no document). */
export const distinctObjectIds = (ids: Iterable<unknown>): string[] => [...new Set([...ids].map(String))].filter(isObjectIdHex);

/**
 * Marks an operator object built by the server (never from input) as trusted, so
 * sanitizeFilter leaves it alone: `{ _id: op({ $lt: id }) }`.
 */
export function op<T extends object>(operators: T): T {
  return mongoose.trusted(operators) as T;
}
