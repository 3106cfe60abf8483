/**
 * The store's contents as a whole, for a backup and a restore (server/platform/backup/): which
 * collections hold documents, each collection's documents and indexes read as they are stored, and
 * documents and indexes written back. Documents are read with `promoteValues: false`, so an int32,
 * an int64 and a double stay what they were (a plain JS number would not say which), and binary
 * data stays `Binary`.
 */
import type mongoose from 'mongoose';
import type { Store } from './store.js';

export type StoredDocument = mongoose.mongo.Document;

/** An index as `listIndexes` describes it; the `_id` index is the collection's own and never listed here. */
export interface IndexSpec {
  key: Record<string, unknown>;
  name: string;
  [option: string]: unknown;
}

function db(store: Store): mongoose.mongo.Db {
  const d = store.connection.db;
  if (!d) throw new Error('the store is not connected');
  return d;
}

/** Every collection of the database, sorted by name. */
export async function collectionNames(store: Store): Promise<string[]> {
  const names = (await db(store).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  return names.filter((n) => !n.startsWith('system.')).sort();
}

/** The collections holding at least one document (one `findOne` each: no count, which scans on FerretDB). */
export async function collectionsWithDocuments(store: Store): Promise<string[]> {
  const held: string[] = [];
  for (const name of await collectionNames(store))
    if (
      await db(store)
        .collection(name)
        .findOne({}, { projection: { _id: 1 } })
    )
      held.push(name);
  return held;
}

/** A collection's indexes other than `_id`'s, as a restore creates them again. */
export async function indexesOf(store: Store, name: string): Promise<IndexSpec[]> {
  const all = await db(store)
    .collection(name)
    .listIndexes()
    .toArray()
    .catch(() => []);
  // `v` and `ns` describe the index's storage on the server it came from, not the index itself.
  return all.filter((i) => i.name !== '_id_').map(({ v: _v, ns: _ns, ...spec }) => spec as IndexSpec);
}

/**
 * The documents of `name` matching `filter` (every one when absent), in the store's natural order,
 * `batchSize` at a time. Nothing is sorted: on FerretDB a sort is done in memory by the store.
 */
export function readDocuments(store: Store, name: string, filter: StoredDocument = {}, batchSize = 500): AsyncIterable<StoredDocument> {
  return db(store).collection(name).find(filter, { promoteValues: false, batchSize });
}

/** Makes collection `name` (a restore makes even the empty ones, which the server's start expects). */
export async function createCollectionIfMissing(store: Store, name: string): Promise<void> {
  if ((await db(store).listCollections({ name }, { nameOnly: true }).toArray()).length) return;
  await db(store).createCollection(name);
}

/** Inserts `docs` into `name` in their order; a duplicate `_id` fails the whole call. */
export async function insertDocuments(store: Store, name: string, docs: StoredDocument[]): Promise<void> {
  if (docs.length) await db(store).collection(name).insertMany(docs, { ordered: true });
}

/** Creates `specs` on `name`; an index that exists already with the same definition is no error. */
export async function createIndexes(store: Store, name: string, specs: IndexSpec[]): Promise<void> {
  for (const { key, ...options } of specs)
    await db(store)
      .collection(name)
      .createIndex(key as mongoose.mongo.IndexSpecification, options);
}

/** Drops every collection of the database (a restore told to replace what the store holds). */
export async function dropAllCollections(store: Store): Promise<string[]> {
  const names = await collectionNames(store);
  for (const name of names) await db(store).dropCollection(name);
  return names;
}

/** A number as stored, whichever BSON type holds it (values read with `promoteValues: false`). */
export function storedNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object') {
    const v = value as { toNumber?: () => number; valueOf?: () => unknown };
    if (typeof v.toNumber === 'function') return v.toNumber();
    const primitive = v.valueOf?.();
    if (typeof primitive === 'number') return primitive;
  }
  return undefined;
}
