/**
 * The backup archive's format (docs/operations.md "Backup and restore"): one gzip stream of lines.
 *
 * - Documents are one line each, in MongoDB Extended JSON, canonical mode (`{"$numberInt": "5"}`,
 *   `{"$binary": …}`, `{"$date": …}`): every BSON type comes back as it was stored, and
 *   `zcat FILE | head` shows what a backup holds.
 * - Every other line starts with `!` and is plain JSON: the header first, then a section line
 *   before each collection's documents (its name and indexes), a log's recorded head after its
 *   entries, and last the manifest: per-collection counts and the SHA-256 of every line before it
 *   (uncompressed bytes). An archive whose manifest is missing (cut short), whose checksum or counts
 *   do not match, or whose gzip stream does not decode, is refused before a restore touches the store.
 *
 * Written to a temporary file beside FILE (mode 0600: it holds everything the store holds), synced
 * and renamed into place only when complete, so FILE is never a partial archive.
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import mongoose from 'mongoose';
import type { HeadRecord, IndexSpec, StoredDocument } from '../store/index.js';

export const ARCHIVE_FORMAT = 'puente-backup';
export const ARCHIVE_VERSION = 1;

const { EJSON } = mongoose.mongo.BSON;

export interface ArchiveHeader {
  format: typeof ARCHIVE_FORMAT;
  version: number;
  startedAt: string;
  /** The database backed up (informative: a restore may go to any database). */
  database: string;
  /** Tells whether the restoring process has the DATA_ENCRYPTION_KEY the data was written under (keyCheck.ts). */
  keyCheck: string;
  /** Collections deliberately not in the archive, and why. */
  leftOut: Record<string, string>;
}

export interface SectionLine {
  collection: string;
  indexes: IndexSpec[];
  /** Set when the collection holds a log's entries (only those up to its recorded head are copied). */
  log?: string;
}

export interface LogHeadLine {
  log: string;
  head: HeadRecord;
}

export interface Manifest {
  finishedAt: string;
  durationMs: number;
  collections: Record<string, { documents: number }>;
  /** Every byte before the manifest's line, uncompressed. */
  sha256: string;
}

/** The archive is unusable: a restore refuses it and leaves the store as it is. */
export class ArchiveInvalid extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ArchiveInvalid';
  }
}

const control = (value: object) => `!${JSON.stringify(value)}\n`;

export class ArchiveWriter {
  private readonly hash = createHash('sha256');
  private readonly gzip = zlib.createGzip({ level: 6 });
  private readonly done: Promise<void>;
  private readonly counts: Record<string, { documents: number }> = {};
  private current: string | null = null;
  private bytes = 0;

  private constructor(
    readonly file: string,
    private readonly temporary: string,
    private readonly out: fs.WriteStream,
    private readonly started: number,
  ) {
    this.done = pipeline(this.gzip, out);
    // Observed by finish() or abort(); an early failure must not go unhandled meanwhile.
    this.done.catch(() => undefined);
  }

  static async create(file: string, header: Omit<ArchiveHeader, 'format' | 'version'>): Promise<ArchiveWriter> {
    // Refused now rather than after the copy: an archive is never overwritten (finish() checks again).
    if (
      await fs.promises.stat(file).then(
        () => true,
        () => false,
      )
    )
      throw Object.assign(new Error(`${file} exists`), { code: 'EEXIST' });
    const temporary = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.partial`);
    const out = fs.createWriteStream(temporary, { mode: 0o600, flags: 'wx' });
    await once(out, 'open');
    const writer = new ArchiveWriter(file, temporary, out, Date.parse(header.startedAt) || Date.now());
    await writer.write(control({ format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, ...header }));
    return writer;
  }

  /** Uncompressed bytes written so far. */
  get size(): number {
    return this.bytes;
  }

  private async write(line: string): Promise<void> {
    const buf = Buffer.from(line, 'utf8');
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.gzip.write(buf)) await once(this.gzip, 'drain');
  }

  async section(line: SectionLine): Promise<void> {
    if (this.counts[line.collection]) throw new Error(`${line.collection} is already in the archive`);
    this.counts[line.collection] = { documents: 0 };
    this.current = line.collection;
    await this.write(control(line));
  }

  async document(doc: StoredDocument): Promise<void> {
    if (!this.current) throw new Error('a document before any section');
    this.counts[this.current]!.documents++;
    await this.write(`${EJSON.stringify(doc, { relaxed: false })}\n`);
  }

  async logHead(line: LogHeadLine): Promise<void> {
    this.current = null;
    await this.write(control(line));
  }

  /** Writes the manifest, then makes the archive FILE (synced, renamed into place). */
  async finish(): Promise<Manifest> {
    const manifest: Manifest = {
      finishedAt: new Date().toISOString(),
      durationMs: Date.now() - this.started,
      collections: this.counts,
      sha256: this.hash.digest('hex'),
    };
    this.gzip.end(Buffer.from(control({ manifest }), 'utf8'));
    await this.done;
    const fd = await fs.promises.open(this.temporary, 'r');
    await fd.sync().finally(() => fd.close());
    // A hard link fails if FILE appeared meanwhile, where a rename would replace it.
    await fs.promises.link(this.temporary, this.file).then(
      () => fs.promises.unlink(this.temporary),
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') throw err;
        return fs.promises.rename(this.temporary, this.file); // a file system without hard links
      },
    );
    return manifest;
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => undefined);
    await fs.promises.rm(this.temporary, { force: true });
  }
}

export type ArchiveRecord =
  | { kind: 'header'; header: ArchiveHeader }
  | { kind: 'section'; section: SectionLine }
  /** A document's line, parsed only if the reader wants it (`parseDocument`). */
  | { kind: 'document'; collection: string; line: string }
  | { kind: 'logHead'; logHead: LogHeadLine }
  | { kind: 'manifest'; manifest: Manifest };

export function parseDocument(line: string): StoredDocument {
  return EJSON.parse(line, { relaxed: false }) as StoredDocument;
}

/** The uncompressed lines of `file`, each with its bytes (for the checksum); gzip errors become ArchiveInvalid. */
async function* linesOf(file: string): AsyncGenerator<Buffer> {
  const source = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let nl: number;
      while ((nl = data.indexOf(0x0a)) !== -1) {
        yield data.subarray(0, nl + 1);
        data = data.subarray(nl + 1);
      }
      rest = data;
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new ArchiveInvalid(file, (err as Error).message);
    throw new ArchiveInvalid(file, `the compressed data is damaged (${(err as Error).message})`);
  } finally {
    source.destroy();
  }
  if (rest.length) yield rest;
}

function controlLine(file: string, text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text.slice(1));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new ArchiveInvalid(file, `a control line is not JSON: ${text.slice(0, 80)}`);
}

/**
 * The archive's records in order. Throws ArchiveInvalid, at the point it is found, for anything
 * out of place; the checksum and the counts are checked at the manifest, so a reader acting on the
 * records must read to the end before trusting what it did (a restore verifies a whole pass first).
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveRecord> {
  const hash: Hash = createHash('sha256');
  const counts: Record<string, number> = {};
  let current: string | null = null;
  let first = true;
  let manifest: Manifest | null = null;
  for await (const bytes of linesOf(file)) {
    if (manifest) throw new ArchiveInvalid(file, 'there is data after the manifest');
    const text = bytes.toString('utf8', 0, bytes[bytes.length - 1] === 0x0a ? bytes.length - 1 : bytes.length);
    if (first) {
      first = false;
      const header = text.startsWith('!') ? controlLine(file, text) : null;
      if (header?.format !== ARCHIVE_FORMAT) throw new ArchiveInvalid(file, 'this is not a Puente backup');
      if (header.version !== ARCHIVE_VERSION)
        throw new ArchiveInvalid(file, `format version ${String(header.version)} is not one this version reads (${ARCHIVE_VERSION})`);
      hash.update(bytes);
      yield { kind: 'header', header: header as unknown as ArchiveHeader };
      continue;
    }
    if (!text.startsWith('!')) {
      if (!current) throw new ArchiveInvalid(file, 'a document outside any collection');
      counts[current]!++;
      hash.update(bytes);
      yield { kind: 'document', collection: current, line: text };
      continue;
    }
    const value = controlLine(file, text);
    if ('manifest' in value) {
      manifest = value.manifest as Manifest;
      continue;
    }
    hash.update(bytes);
    if (typeof value.collection === 'string') {
      if (value.collection in counts) throw new ArchiveInvalid(file, `${value.collection} occurs twice`);
      current = value.collection;
      counts[current] = 0;
      yield { kind: 'section', section: value as unknown as SectionLine };
    } else if (typeof value.log === 'string' && value.head && typeof value.head === 'object') {
      current = null;
      yield { kind: 'logHead', logHead: value as unknown as LogHeadLine };
    } else throw new ArchiveInvalid(file, `an unknown control line: ${text.slice(0, 80)}`);
  }
  if (first) throw new ArchiveInvalid(file, 'the archive is empty');
  if (!manifest) throw new ArchiveInvalid(file, 'the archive ends without its manifest (cut short?)');
  if (hash.digest('hex') !== manifest.sha256)
    throw new ArchiveInvalid(file, 'the checksum (SHA-256) does not match: the archive was altered or damaged');
  const expected = manifest.collections ?? {};
  for (const name of new Set([...Object.keys(expected), ...Object.keys(counts)])) {
    if (expected[name]?.documents !== counts[name])
      throw new ArchiveInvalid(
        file,
        `${name}: the manifest counts ${expected[name]?.documents ?? 'no'} documents, the archive holds ${counts[name] ?? 0}`,
      );
  }
  yield { kind: 'manifest', manifest };
}

export interface VerifiedArchive {
  header: ArchiveHeader;
  manifest: Manifest;
  logHeads: LogHeadLine[];
}

/** Reads the whole archive once without parsing its documents: header, checksum and counts. */
export async function verifyArchive(file: string): Promise<VerifiedArchive> {
  let header: ArchiveHeader | null = null;
  const logHeads: LogHeadLine[] = [];
  for await (const record of readArchive(file)) {
    if (record.kind === 'header') header = record.header;
    else if (record.kind === 'logHead') logHeads.push(record.logHead);
    else if (record.kind === 'manifest') return { header: header!, manifest: record.manifest, logHeads };
  }
  throw new ArchiveInvalid(file, 'the archive ends without its manifest');
}
