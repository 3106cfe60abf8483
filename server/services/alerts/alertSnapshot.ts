/**
 * A file holding the alert copy as of one log position, so a restarted process loads it from
 * local disk (seconds) and then applies the log since, instead of scanning the store (about 50 s
 * at 100,000 alerts on FerretDB). A snapshot is only used for the database and log epoch it was
 * taken from; anything else (another database, a restore, seed-bulk) means a full load.
 *
 * Format: a BSON header document, then for each alert a BSON record with its head and its search
 * keys (which cost more to compute than the rest of a load), followed by the alert as the copy keeps
 * it (compressed BSON, alertHead.ts) with a 4-byte length before it (counting itself, as BSON does). Written to a temporary file, then
 * renamed: a reader never sees half a snapshot. Mode 0600: it holds the same data as the store.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BSON } from 'mongodb';
import type { AlertChangeDoc } from '../../models/AlertChange.js';
import { keysOfAlert, type FieldClass } from '../search/indexKeys.js';
import { decodeAlert, makeHead, ownBytes, type AlertHead } from './alertHead.js';

const FORMAT = 'puente-alert-copy/4';
/** Alerts whose stored keys are compared with keys computed now: a snapshot from a version that
 * derived keys differently is not trusted for keys. */
const KEY_CHECKS = 50;
/** Alerts serialised between two yields to the event loop while writing. */
const YIELD_EVERY = 500;

export interface SnapshotHeader {
  format: typeof FORMAT;
  database: string;
  epoch: string;
  position: number;
  pending: AlertChangeDoc[];
  count: number;
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SnapshotAlert {
  head: AlertHead;
  /** The alert as the copy keeps it (compressed BSON). */
  raw: Buffer;
  /** The alert's search keys, or undefined when they must be computed again. */
  keys: Map<string, FieldClass> | undefined;
}

/** Keys as one string and one string of classes: far cheaper to read back than 60 small strings. */
function packKeys(keys: Map<string, FieldClass>): { k: string; f: string } {
  return { k: [...keys.keys()].join('\n'), f: [...keys.values()].join('') };
}

function unpackKeys(k: string, f: string): Map<string, FieldClass> {
  const out = new Map<string, FieldClass>();
  if (!k) return out;
  const keys = k.split('\n');
  for (let i = 0; i < keys.length; i++) out.set(keys[i]!, f[i] === 'v' ? 'v' : 'o');
  return out;
}

const sameKeys = (x: Map<string, FieldClass>, y: Map<string, FieldClass>) => x.size === y.size && [...x].every(([k, f]) => y.get(k) === f);

/** Writes the alerts as of `header.position`; computes keys in slices so requests keep being served. */
export async function writeSnapshot(
  file: string,
  header: Omit<SnapshotHeader, 'format' | 'count'>,
  alerts: Iterable<{ head: AlertHead; raw: Uint8Array }>,
): Promise<void> {
  const records = [...alerts];
  const chunks: Uint8Array[] = [BSON.serialize({ ...header, format: FORMAT, count: records.length })];
  for (let i = 0; i < records.length; i++) {
    const { head, raw } = records[i]!;
    const length = Buffer.allocUnsafe(4);
    length.writeInt32LE(raw.length + 4);
    chunks.push(BSON.serialize({ h: head, ...packKeys(keysOfAlert(decodeAlert(raw))) }), length, raw);
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await nextTick();
  }
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

/** The snapshot in `file` if there is a complete one for `database`, else null. */
export async function readSnapshot(file: string, database: string): Promise<{ header: SnapshotHeader; alerts: SnapshotAlert[] } | null> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  const bytesAt = (offset: number) => {
    if (offset + 4 > buf.length) throw new Error('truncated snapshot');
    const length = buf.readInt32LE(offset);
    if (length < 5 || offset + length > buf.length) throw new Error('truncated snapshot');
    return buf.subarray(offset, offset + length);
  };
  let bytes = bytesAt(0);
  let end = bytes.length;
  const header = BSON.deserialize(bytes) as SnapshotHeader;
  if (header.format !== FORMAT || header.database !== database) return null;
  const alerts: SnapshotAlert[] = [];
  for (let i = 0; i < header.count; i++) {
    bytes = bytesAt(end);
    end += bytes.length;
    const record = BSON.deserialize(bytes) as { h: AlertHead; k: string; f: string };
    bytes = bytesAt(end);
    end += bytes.length;
    alerts.push({ head: makeHead(record.h), raw: ownBytes(bytes.subarray(4)), keys: unpackKeys(record.k, record.f) });
  }
  const step = Math.max(1, Math.floor(alerts.length / KEY_CHECKS));
  for (let i = 0; i < alerts.length; i += step) {
    if (sameKeys(alerts[i]!.keys!, keysOfAlert(decodeAlert(alerts[i]!.raw)))) continue;
    for (const a of alerts) a.keys = undefined; // keys are derived differently now: compute them all
    break;
  }
  return { header, alerts };
}
