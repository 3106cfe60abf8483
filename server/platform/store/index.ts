/**
 * The store's one door. Everything outside this folder reaches the document store through what is
 * exported here, and nothing outside it knows which backend runs (FerretDB on SQLite, FerretDB on
 * PostgreSQL, or MongoDB). The contract, with the measurements behind each point and the tests
 * that pin it on both backends CI runs, is docs/store-concurrency.md. In short, the rest of the
 * code relies on these guarantees and on nothing else the store might do:
 *
 * 1. Inserting a document whose `_id` (or other unique key) exists fails, atomically:
 *    `isDuplicateKeyError`. Deleting by `_id` is atomic.
 * 2. A read → modify → write of one document runs alone, across processes, and a holder that
 *    lost its turn cannot write (fencing): `withDocLock`, `assertLockHeld`, the `fencedWrites`
 *    plugin every model applies. FerretDB 1.24 does not isolate single-document updates, so no
 *    caller may count on `$inc`, `$push` or `findOneAndUpdate` being atomic.
 * 3. An ordered log without gaps or reordering, readable from any position still kept:
 *    `SequencedLog`, `firstKept`, `LogCompactedError`.
 * 4. A counter read that sees the newest committed value: `readCounterDoc`.
 * 5. Work for one key runs in turn within this process: `Turns`.
 * 6. Reads of many documents stay bounded in size and time: `mapBounded`.
 * 7. A write does not start after its request's deadline, and one in flight is told apart:
 *    `commitWrite`, `runWithDeadline`, `DeadlineExceeded`.
 * 8. Whether the store answers now, without queueing behind a dead connection:
 *    `storeAnswers`, `storeReachable`, `assertStoreReachable`, `storeUnreachableSince`.
 * 9. Opening, connecting, indexing and closing the store: `openStore`, `connectMongoose`,
 *    `ensureIndexes`, `disconnectMongoose`; on FerretDB/PostgreSQL the `_id` indexes FerretDB
 *    cannot make: `ensurePostgresqlIdIndexes`.
 * 10. The store's contents as a whole, read and written back as stored (a backup and a restore):
 *    `collectionNames`, `readDocuments`, `insertDocuments`, `indexesOf`, `createIndexes`, … (storeContents.ts).
 *
 * Where MongoDB 6 has a native operation (findOneAndUpdate as compare-and-set, transactions,
 * change streams), this folder is the one place it would go; until a MongoDB runs in CI, MongoDB
 * uses the same tested implementation as FerretDB.
 */
export { mapBounded } from './boundedReads.js';
export { readCounterDoc } from './counterReads.js';
export { assertLockHeld, fencedWrites, withDocLock } from './docLock.js';
export { isDuplicateKeyError } from './duplicateKey.js';
export { recoverStuckDriver } from './driverRecovery.js';
export { cachedBinaryPath, locateFerretDb } from './ferretdbBinary.js';
export { locateIdIndexer } from './idPathIndex.js';
export {
  connectMongoose,
  disconnectMongoose,
  distinctObjectIds,
  ensureIndexes,
  isObjectIdHex,
  modelOn,
  op,
  storeDatabaseName,
} from './mongoose.js';
export { indexIdPathsLogged, indexStore, openStore, StoreInUseError, type RunningStore } from './openStore.js';
export {
  ensurePostgresqlIdIndexes,
  idIndexName,
  PostgresqlIndexError,
  postgresqlTargetOf,
  type IdIndexReport,
  type PostgresqlTarget,
} from './postgresqlIndexes.js';
export { firstKept, LogCompactedError, SequencedLog, type HeadRecord, type LogHead, type RestoredFrom } from './sequencedLog.js';
export {
  collectionNames,
  collectionsWithDocuments,
  createCollectionIfMissing,
  createIndexes,
  dropAllCollections,
  indexesOf,
  insertDocuments,
  readDocuments,
  storedNumber,
  type IndexSpec,
  type StoredDocument,
} from './storeContents.js';
export { assertStoreReachable, storeAnswers, storeReachable, storeUnreachableSince } from './storeReachability.js';
export { Store } from './store.js';
export { Turns } from './turns.js';
export { commitWrite, DeadlineExceeded, runUnbounded, runWithDeadline, WriteDeadline } from './writeDeadline.js';
