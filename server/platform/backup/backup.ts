/**
 * A consistent backup of the whole store while servers write to it, and its restore into an empty
 * store (docs/operations.md "Backup and restore", which gives the design and why it is consistent).
 *
 * FerretDB 1.24 has no snapshots and no multi-document transactions, so the archive is not the
 * store at one instant. It is made into a state a crash could have left, which every reader of the
 * store already handles, by the order of the copy and by the logs' heads:
 *
 * - Collections are copied one after the other, in the plan's order: a document that refers to
 *   another written before it is copied before it (an inbox item or an idempotency claim before its
 *   alert, an alert before its photos' files, a user before its agency), so whatever a copied
 *   document names was there when its target was copied later.
 * - A log (the alert change log, the audit trail) is copied after what it describes, up to a head
 *   recorded for the copy: the alert change log's head covers every change an alert copied before
 *   it was stored with (an alert is written after its change's entry, and its `changeSeq` is that
 *   entry), and only the entries up to it are copied, so the restored log is gap-free up to its head
 *   and no restored alert is ahead of it. Entries whose alert write is not in the archive are what
 *   a crash between the two writes leaves: followers give up on them after 120 s.
 * - The restore writes each head with a new epoch and `restoredFrom` (sequencedLog.ts): servers load
 *   their copy from the restored store, and a catch-up cursor from before the backup goes on,
 *   while one the lost store issued after it is answered `reset: true`.
 */
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { deriveKey } from '../crypto/derivedKeys.js';
import {
  collectionNames,
  collectionsWithDocuments,
  createCollectionIfMissing,
  createIndexes,
  dropAllCollections,
  indexesOf,
  insertDocuments,
  readDocuments,
  storedNumber,
  type HeadRecord,
  type IndexSpec,
  type Store,
  type StoredDocument,
} from '../store/index.js';
import { ArchiveWriter, parseDocument, readArchive, verifyArchive, type LogHeadLine, type Manifest } from './archive.js';

/** What a backup needs of a log (a SequencedLog). */
export interface LogForBackup {
  readonly headId: string;
  holdsCollection(name: string): boolean;
  headCovering(seq: number, waitMs: number): Promise<HeadRecord | null>;
  restoreHead(recorded: HeadRecord): Promise<void>;
}

export interface BackupLog {
  /** The log's own collection: its name in the plan's order (`log:<name>`) and in the archive. */
  name: string;
  log: LogForBackup;
  /** The recorded head must cover the highest value of this field among the documents of this
   * collection copied before the log (an alert's `changeSeq`). */
  reach?: { collection: string; field: string };
}

/** Sees each restored document of one collection, then finishes (state derived from them, such as reference hints). */
export interface RestoredObserver {
  collection: string;
  see(doc: StoredDocument): void;
  finish(): Promise<void>;
}

export interface BackupPlan {
  /** The store backed up, or restored into. */
  store: Store;
  /** Collections deliberately left out of the archive, and why (written into the archive's header). */
  leftOut: Record<string, string>;
  /** The copy's order: collection names, `log:<name>` for a log, and `*` for every collection not named. */
  order: string[];
  logs: BackupLog[];
  restored?: RestoredObserver[];
}

export type Progress = (line: string) => void;

/** How long a backup waits for a log's head to pass the changes it copied before computing it. */
const HEAD_WAIT_MS = 10_000;
const PROGRESS_EVERY_MS = 5000;
/** Documents (and bytes of their lines) inserted at once by a restore. */
const INSERT_BATCH = 1000;
const INSERT_BATCH_BYTES = 8_000_000;

/** A short fingerprint of DATA_ENCRYPTION_KEY: a restore under another key is refused (nothing sealed, signed or digested would read). */
export function keyCheckOf(secret: Buffer): string {
  return deriveKey(secret, 'puente:backup-key-check').toString('hex').slice(0, 16);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const count = (n: number) => n.toLocaleString('en');

/** A document's `_id` as a string to tell repeats by (a scan may meet an updated document twice on some backends). */
function idKey(id: unknown): string {
  if (typeof id === 'string') return `s${id}`;
  const hex = (id as { toHexString?: () => string } | null)?.toHexString?.();
  return hex ? `o${hex}` : mongoose.mongo.BSON.EJSON.stringify(id as StoredDocument, { relaxed: false });
}

/** The collections in the order the plan copies them, without those left out or held by a log. */
function copyOrder(plan: BackupPlan, names: string[]): string[] {
  const logHeld = (name: string) => plan.logs.some((l) => l.log.holdsCollection(name));
  const named = new Set(plan.order.filter((s) => !s.startsWith('log:') && s !== '*'));
  const unnamed = names.filter((n) => !named.has(n) && !(n in plan.leftOut) && !logHeld(n));
  return plan.order.flatMap((step) => {
    if (step === '*') return unnamed;
    if (step.startsWith('log:')) return [step];
    return names.includes(step) && !(step in plan.leftOut) ? [step] : [];
  });
}

export interface CollectionReport {
  name: string;
  documents: number;
  ms: number;
}

export interface BackupReport {
  file: string;
  manifest: Manifest;
  collections: CollectionReport[];
  /** The heads recorded, by log. */
  logs: Array<{ name: string; seq: number; entries: number }>;
  /** Uncompressed bytes of the archive's content. */
  contentBytes: number;
}

class Copier {
  readonly collections: CollectionReport[] = [];
  /** Highest value seen of each `reach` field, by `collection.field`. */
  readonly reached = new Map<string, number>();

  constructor(
    private readonly writer: ArchiveWriter,
    private readonly plan: BackupPlan,
    private readonly progress: Progress,
  ) {}

  async collection(
    name: string,
    opts: { log?: string; keep?: (doc: StoredDocument) => boolean; filter?: StoredDocument } = {},
  ): Promise<number> {
    const started = performance.now();
    await this.writer.section({
      collection: name,
      indexes: await indexesOf(this.plan.store, name),
      ...(opts.log ? { log: opts.log } : {}),
    });
    const reach = this.plan.logs.flatMap((l) => (l.reach?.collection === name ? [l.reach.field] : []));
    // Log entries are never updated: only the other collections can show a document twice.
    const seen = opts.log ? null : new Set<string>();
    let n = 0;
    let reported = started;
    for await (const doc of readDocuments(this.plan.store, name, opts.filter)) {
      if (opts.keep && !opts.keep(doc)) continue;
      if (seen) {
        const key = idKey(doc._id);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      for (const field of reach) {
        const value = storedNumber(doc[field]) ?? 0;
        const at = `${name}.${field}`;
        if (value > (this.reached.get(at) ?? 0)) this.reached.set(at, value);
      }
      await this.writer.document(doc);
      n++;
      if (performance.now() - reported >= PROGRESS_EVERY_MS) {
        reported = performance.now();
        this.progress(`  ${name}: ${count(n)} documents so far…`);
      }
    }
    const ms = performance.now() - started;
    this.collections.push({ name, documents: n, ms });
    if (!opts.log) this.progress(`${name}: ${count(n)} documents (${seconds(ms)})`);
    return n;
  }

  /** A log's entries up to the head recorded for them, then that head. */
  async log(spec: BackupLog, names: string[]): Promise<{ name: string; seq: number; entries: number } | null> {
    const started = performance.now();
    const reachTo = spec.reach ? (this.reached.get(`${spec.reach.collection}.${spec.reach.field}`) ?? 0) : 0;
    let head = await spec.log.headCovering(reachTo, HEAD_WAIT_MS);
    if (!head) {
      if (reachTo > 0) throw new Error(`${spec.name}: documents name change ${reachTo}, but the log has no head`);
      return null;
    }
    const first = Math.max(1, head.compactedBelow ?? 0);
    const upTo = head.seq;
    const held = new Uint8Array(Math.max(0, upTo - first + 1));
    let entries = 0;
    for (const name of names.filter((n) => spec.log.holdsCollection(n))) {
      // Filtered here rather than in the query: a document that is no numbered entry (tampering
      // with the audit trail) is kept, so that the restored trail shows it as the store did.
      entries += await this.collection(name, {
        log: spec.name,
        keep: (doc) => {
          const seq = storedNumber(doc._id);
          if (seq === undefined || !Number.isInteger(seq)) return true;
          if (seq < first || seq > upTo) return false;
          held[seq - first] = 1;
          return true;
        },
      });
    }
    const missing = held.lastIndexOf(0);
    if (missing !== -1) {
      const ring = head.ringFrom !== undefined || head.compactedBelow !== undefined;
      if (ring) {
        // The ring compacted entries while they were copied (thousands of changes during the
        // copy): the restored log starts after the last one missing, as if compacted there.
        head = { ...head, compactedBelow: first + missing + 1 };
        this.progress(`${spec.name}: entries before ${first + missing + 1} were compacted during the copy; the restored log starts there`);
      } else {
        this.progress(
          `${spec.name}: the store lacks ${count(held.filter((h) => !h).length)} of entries ${first}…${upTo}: ` +
            'the log was damaged before the backup, and its verification will say so after a restore',
        );
      }
    }
    await this.writer.logHead({ log: spec.name, head });
    this.progress(`${spec.name}: ${count(entries)} log entries up to ${count(upTo)} (${seconds(performance.now() - started)})`);
    return { name: spec.name, seq: upTo, entries };
  }
}

/**
 * Writes the archive FILE of the connected store (it must not exist; it appears only when
 * complete). Progress goes to `progress`, one line per collection and every 5 s on long ones.
 */
export async function takeBackup(
  file: string,
  plan: BackupPlan,
  opts: { database: string; secret: Buffer; progress?: Progress },
): Promise<BackupReport> {
  const progress = opts.progress ?? (() => undefined);
  const writer = await ArchiveWriter.create(file, {
    startedAt: new Date().toISOString(),
    database: opts.database,
    keyCheck: keyCheckOf(opts.secret),
    leftOut: plan.leftOut,
  });
  try {
    const copier = new Copier(writer, plan, progress);
    const names = await collectionNames(plan.store);
    const heads = plan.logs.map((l) => l.log.headId);
    const logs: BackupReport['logs'] = [];
    for (const step of copyOrder(plan, names)) {
      if (step.startsWith('log:')) {
        const spec = plan.logs.find((l) => `log:${l.name}` === step);
        if (!spec) throw new Error(`the backup plan names ${step}, which is no log of it`);
        const copied = await copier.log(spec, names);
        if (copied) logs.push(copied);
      } else if (step === 'counters') {
        // The logs' heads are recorded with their entries, not as the counters held them earlier.
        await copier.collection(step, { keep: (doc) => !heads.includes(String(doc._id)) });
      } else await copier.collection(step);
    }
    const contentBytes = writer.size;
    const manifest = await writer.finish();
    return { file, manifest, collections: copier.collections, logs, contentBytes };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/** The store is not one a restore may write to (not empty, or another key): nothing was changed. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreReport {
  collections: CollectionReport[];
  logs: Array<{ name: string; seq: number }>;
  /** Collections dropped first (`replace`). */
  dropped: string[];
}

/**
 * Loads archive FILE into the connected store. The whole archive is read and checked first
 * (checksum, counts, format, the DATA_ENCRYPTION_KEY it was written under); then the store must
 * hold no documents outside the collections a backup leaves out, unless `replace`, which drops
 * every collection first. Throws ArchiveInvalid or RestoreRefused before touching the store.
 */
export async function restoreBackup(
  file: string,
  plan: BackupPlan,
  opts: { replace: boolean; secret: Buffer; progress?: Progress },
): Promise<RestoreReport> {
  const progress = opts.progress ?? (() => undefined);
  const checked = performance.now();
  const verified = await verifyArchive(file);
  const total = Object.values(verified.manifest.collections).reduce((sum, c) => sum + c.documents, 0);
  progress(
    `archive checked: ${count(total)} documents in ${Object.keys(verified.manifest.collections).length} collections, ` +
      `taken ${verified.header.startedAt}, checksum matches (${seconds(performance.now() - checked)})`,
  );
  if (verified.header.keyCheck !== keyCheckOf(opts.secret))
    throw new RestoreRefused(
      'El archivo se escribió con otra DATA_ENCRYPTION_KEY: restaure con la clave de la instalación respaldada.\n' +
        'The archive was written under another DATA_ENCRYPTION_KEY: restore with the key of the backed-up installation ' +
        '(sealed secrets, cursors and link digests depend on it).',
    );
  const unknownLogs = verified.logHeads.filter((h) => !plan.logs.some((l) => l.name === h.log)).map((h) => h.log);
  if (unknownLogs.length) throw new RestoreRefused(`the archive holds logs this version does not keep: ${unknownLogs.join(', ')}`);
  const held = (await collectionsWithDocuments(plan.store)).filter((name) => !(name in plan.leftOut));
  if (held.length && !opts.replace)
    throw new RestoreRefused(
      `El almacén no está vacío / The store is not empty: ${held.join(', ')} hold documents.\n` +
        'Restaure en un almacén vacío, o agregue --replace para borrar antes lo que contiene. / ' +
        'Restore into an empty store, or add --replace to drop what it holds first.',
    );
  const dropped = opts.replace ? await dropAllCollections(plan.store) : [];
  if (dropped.length) progress(`--replace: dropped ${dropped.length} collections`);

  const collections: CollectionReport[] = [];
  const indexes = new Map<string, IndexSpec[]>();
  const heads: LogHeadLine[] = [];
  const observers = plan.restored ?? [];
  let current: CollectionReport | null = null;
  let started = 0;
  let reported = 0;
  let batch: StoredDocument[] = [];
  let batchBytes = 0;
  // One insert in flight while the next batch is parsed: the store and this process work at once.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const docs = batch;
    const into = current!.name;
    batch = [];
    batchBytes = 0;
    await inFlight;
    inFlight = insertDocuments(plan.store, into, docs);
    inFlight.catch(() => undefined); // awaited by the next flush or at the section's end
  };
  const endSection = async () => {
    if (!current) return;
    await flush();
    await inFlight;
    current.ms = performance.now() - started;
    progress(`${current.name}: ${count(current.documents)} documents restored (${seconds(current.ms)})`);
    current = null;
  };
  try {
    for await (const record of readArchive(file)) {
      if (record.kind === 'section') {
        await endSection();
        const { collection, indexes: specs } = record.section;
        await createCollectionIfMissing(plan.store, collection);
        indexes.set(collection, specs);
        current = { name: collection, documents: 0, ms: 0 };
        collections.push(current);
        started = reported = performance.now();
      } else if (record.kind === 'document') {
        const doc = parseDocument(record.line);
        for (const o of observers) if (o.collection === record.collection) o.see(doc);
        batch.push(doc);
        batchBytes += record.line.length;
        current!.documents++;
        if (batch.length >= INSERT_BATCH || batchBytes >= INSERT_BATCH_BYTES) await flush();
        if (performance.now() - reported >= PROGRESS_EVERY_MS) {
          reported = performance.now();
          const of = verified.manifest.collections[record.collection]?.documents ?? 0;
          progress(`  ${record.collection}: ${count(current!.documents)} / ${count(of)}…`);
        }
      } else if (record.kind === 'logHead') {
        await endSection();
        heads.push(record.logHead);
      }
    }
    await endSection();
  } catch (err) {
    await inFlight.catch(() => undefined);
    // The first pass read the same file to its end: it changed since, or the store refused a write.
    throw new Error(
      `la restauración se detuvo a medias / the restore stopped part-way (${(err as Error).message}): ` +
        'the store holds part of the archive; restore again with --replace',
      { cause: err },
    );
  }
  const indexing = performance.now();
  let made = 0;
  for (const [name, specs] of indexes) {
    await createIndexes(plan.store, name, specs);
    made += specs.length;
  }
  progress(`indexes: ${made} made again (${seconds(performance.now() - indexing)})`);
  const logs: RestoreReport['logs'] = [];
  for (const { log, head } of heads) {
    await plan.logs.find((l) => l.name === log)!.log.restoreHead(head);
    logs.push({ name: log, seq: head.seq });
  }
  for (const o of observers) await o.finish();
  return { collections, logs, dropped };
}
