/**
 * A file holding the alert copy as of one log position, so a restarted process loads it from
 * local disk (seconds) and then applies the log since, instead of scanning the store (about 50 s
 * at 100,000 alerts on FerretDB). A snapshot is only used for the database and log epoch it was
 * taken from; anything else (another database, a restore, seed-bulk) means a full load.
 *
 * Format (6; 5, whose heads had no retention facts, is still read): a BSON header document; then for each alert, in slot order, a BSON record with its head
 * followed by the alert as the copy keeps it (compressed BSON, alertHead.ts) with a 4-byte length
 * before it (counting itself, as BSON does); then the copy's search index as it is held
 * (postings.ts), so a restart does not derive and insert 60-odd keys per alert again (what took
 * most of a restart): the keys, joined by newlines, and one block of little-endian int32s (each
 * alert's key count, the slots oldest first, then per key its holder count and its postings), each block led by its
 * length; last, a CRC-32 of everything before it. Written to a temporary file, then renamed: a
 * reader never sees half a snapshot. Mode 0600: it holds the same data as the store.
 *
 * A file that does not check out (CRC, lengths, a posting past the last alert or out of order) is
 * refused: the copy then loads from the store. An index whose keys differ, on a sample, from the
 * keys this version derives is not used: the keys are derived again from the alerts.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { BSON } from 'mongodb';
import type { AlertChangeDoc } from '../changeLog/AlertChange.js';
import { keysOfAlert } from './indexKeys.js';
import { decodeAlert, makeHead, ownBytes, type AlertHead } from './alertHead.js';
import { retentionFactsOf } from '../retention/retentionRule.js';
import { encodePosting, PostingList, postingCount, postingOfSlot, postingsOf, type PostingValue } from './postings.js';

const FORMAT = 'puente-alert-copy/6';
/** The format before heads carried retention facts (issue 29): still read, the facts derived from
 * each closed alert once (active ones have none). */
export const FORMAT_WITHOUT_RETENTION = 'puente-alert-copy/5';
/** Alerts whose keys in the stored index are compared with keys computed now: a snapshot from a
 * version that derived keys differently is not trusted for keys. */
const KEY_CHECKS = 50;
/** Alerts serialised between two yields to the event loop while writing. */
const BATCH = 2000;

export interface SnapshotHeader {
  format: typeof FORMAT | typeof FORMAT_WITHOUT_RETENTION;
  database: string;
  epoch: string;
  position: number;
  pending: AlertChangeDoc[];
  count: number;
  /** Distinct keys in the index. */
  keys: number;
}

/** The copy's search index: key → holders (postings.ts), how many keys each slot carries, and the
 * slots oldest first (the copy's order; checked when read, sorted again if it is not in order). */
export interface SnapshotIndex {
  postings: Map<string, PostingValue>;
  keyCounts: ArrayLike<number>;
  order: ArrayLike<number>;
}

/** The index as bytes, taken at once (the copy goes on changing while the rest is written). */
export interface EncodedIndex {
  keys: Buffer;
  ints: Buffer;
  count: number;
}

export interface SnapshotAlert {
  head: AlertHead;
  /** The alert as the copy keeps it (compressed BSON). */
  raw: Buffer;
}

class DamagedSnapshot extends Error {
  constructor(what: string) {
    super(`damaged snapshot: ${what}`);
  }
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A block of bytes led by its length (counting the 4 bytes of the length, as BSON does). */
function lengthLed(bytes: Uint8Array): Uint8Array[] {
  const length = Buffer.allocUnsafe(4);
  length.writeInt32LE(bytes.length + 4);
  return [length, bytes];
}

/** Encodes the index synchronously: call it in the same tick as the alerts are taken. */
export function encodeIndex(index: SnapshotIndex, count: number): EncodedIndex {
  let total = 2 * count;
  for (const v of index.postings.values()) total += 1 + postingCount(v);
  const ints = new Int32Array(total);
  for (let slot = 0; slot < count; slot++) ints[slot] = index.keyCounts[slot]!;
  for (let i = 0; i < count; i++) ints[count + i] = index.order[i]!;
  let at = 2 * count;
  const keys: string[] = [];
  for (const [k, v] of index.postings) {
    keys.push(k);
    ints[at++] = postingCount(v);
    for (const p of postingsOf(v)) ints[at++] = p;
  }
  if (os.endianness() !== 'LE') throw new Error('snapshots are written on little-endian machines only');
  return {
    keys: Buffer.from(keys.join('\n'), 'utf8'),
    ints: Buffer.from(ints.buffer, ints.byteOffset, ints.byteLength),
    count: keys.length,
  };
}

/** Writes the alerts (in slot order) and the index as of `header.position`. */
export async function writeSnapshot(
  file: string,
  header: Omit<SnapshotHeader, 'format' | 'count' | 'keys'>,
  alerts: ReadonlyArray<{ head: AlertHead; raw: Uint8Array }>,
  index: EncodedIndex,
  /** The previous format only in the test that proves it is still read (its heads then carry no retention facts). */
  format: SnapshotHeader['format'] = FORMAT,
): Promise<void> {
  const chunks: Uint8Array[] = [BSON.serialize({ ...header, format, count: alerts.length, keys: index.count })];
  for (let from = 0; from < alerts.length; from += BATCH) {
    // One buffer per batch: far fewer pieces to checksum and write than three per alert.
    const batch: Uint8Array[] = [];
    for (const { head, raw } of alerts.slice(from, from + BATCH)) batch.push(BSON.serialize({ h: head }), ...lengthLed(raw));
    chunks.push(Buffer.concat(batch));
    await nextTick();
  }
  chunks.push(...lengthLed(index.keys), ...lengthLed(index.ints));
  let crc = 0;
  for (const c of chunks) crc = crc32(c, crc);
  const trailer = Buffer.allocUnsafe(4);
  trailer.writeUInt32LE(crc);
  chunks.push(trailer);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.writeFile(tmp, chunks, { mode: 0o600 });
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Reads the index blocks back into postings; throws DamagedSnapshot if they do not check out. */
function decodeIndex(keysBlock: Buffer, intsBlock: Buffer, header: SnapshotHeader): SnapshotIndex {
  const { count } = header;
  if (intsBlock.length % 4) throw new DamagedSnapshot('index length');
  // Copied into its own memory: the postings are views of it, and the file's buffer can go.
  const ints = new Int32Array(intsBlock.length / 4);
  Buffer.from(ints.buffer).set(intsBlock);
  const keys = header.keys ? keysBlock.toString('utf8').split('\n') : [];
  if (keys.length !== header.keys || ints.length < 2 * count) throw new DamagedSnapshot('index size');
  const postings = new Map<string, PostingValue>();
  let at = 2 * count;
  for (const k of keys) {
    const n = ints[at++]!;
    if (!(n >= 1) || at + n > ints.length) throw new DamagedSnapshot('postings length');
    let previous = -1;
    for (let i = at; i < at + n; i++) {
      const slot = ints[i]! >>> 1;
      if (ints[i]! < 0 || slot <= previous || slot >= count) throw new DamagedSnapshot('posting out of order or range');
      previous = slot;
    }
    postings.set(k, n === 1 ? ints[at]! : PostingList.over(ints.subarray(at, at + n)));
    at += n;
  }
  if (at !== ints.length || postings.size !== keys.length) throw new DamagedSnapshot('index size');
  return { postings, keyCounts: ints.subarray(0, count), order: ints.subarray(count, 2 * count) };
}

/** Whether the index holds, for sampled alerts, exactly the keys (and field classes) derived now. */
function keysDerivedAlike(index: SnapshotIndex, alerts: SnapshotAlert[]): boolean {
  const step = Math.max(1, Math.floor(alerts.length / KEY_CHECKS));
  for (let slot = 0; slot < alerts.length; slot += step) {
    const keys = keysOfAlert(decodeAlert(alerts[slot]!.raw));
    if (keys.size !== index.keyCounts[slot]) return false;
    for (const [k, f] of keys) if (postingOfSlot(index.postings.get(k), slot) !== encodePosting(slot, f)) return false;
  }
  return true;
}

/** A head of the format before retention facts: a closed alert's are derived from the alert. */
function withRetentionFacts(h: AlertHead, raw: Buffer): AlertHead {
  return makeHead({ ...h, retention: h.status === 'active' ? null : retentionFactsOf(decodeAlert(raw)) });
}

/**
 * The snapshot in `file` if there is a complete one for `database`, else null; throws if the file
 * is damaged. `index` is null when its keys were derived differently: compute them again.
 */
export async function readSnapshot(
  file: string,
  database: string,
): Promise<{ header: SnapshotHeader; alerts: SnapshotAlert[]; index: SnapshotIndex | null } | null> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const bytesAt = (offset: number) => {
    if (offset + 4 > buf.length) throw new DamagedSnapshot('truncated');
    const length = buf.readInt32LE(offset);
    if (length < 4 || offset + length > buf.length) throw new DamagedSnapshot('truncated');
    return buf.subarray(offset, offset + length);
  };
  let bytes = bytesAt(0);
  let end = bytes.length;
  const header = BSON.deserialize(bytes) as SnapshotHeader;
  if ((header.format !== FORMAT && header.format !== FORMAT_WITHOUT_RETENTION) || header.database !== database) return null;
  const withoutRetention = header.format === FORMAT_WITHOUT_RETENTION;
  if (buf.length < 4 || crc32(buf.subarray(0, buf.length - 4)) !== buf.readUInt32LE(buf.length - 4)) throw new DamagedSnapshot('checksum');
  const alerts: SnapshotAlert[] = [];
  for (let i = 0; i < header.count; i++) {
    bytes = bytesAt(end);
    end += bytes.length;
    const record = BSON.deserialize(bytes) as { h: AlertHead };
    bytes = bytesAt(end);
    end += bytes.length;
    const raw = ownBytes(bytes.subarray(4), true);
    alerts.push({ head: withoutRetention ? withRetentionFacts(record.h, raw) : makeHead(record.h), raw });
  }
  const keysBlock = bytesAt(end).subarray(4);
  end += keysBlock.length + 4;
  const intsBlock = bytesAt(end).subarray(4);
  end += intsBlock.length + 4;
  if (end !== buf.length - 4) throw new DamagedSnapshot('trailing bytes');
  const index = decodeIndex(keysBlock, intsBlock, header);
  return { header, alerts, index: keysDerivedAlike(index, alerts) ? index : null };
}
