/**
 * The store's footprint as the database reports it (`dbStats`, `collStats`): how many collections,
 * the documents and bytes of each, grouped as the alerts, the alert change log (all its
 * collections: at most 64 in its ring, plus an older layout's until compacted) and the rest; and,
 * when the store's directory is given, the bytes its files take on disk.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';

interface Part {
  collections: number;
  documents: number;
  bytes: number;
}

export interface CollectionFootprint {
  name: string;
  documents: number;
  /** collStats' size: the documents' data. */
  bytes: number;
  /** collStats' totalSize (data and indexes as stored), or its size when it has none. */
  storedBytes: number;
}

export interface Footprint {
  collections: number;
  alerts: Part;
  changeLog: Part;
  other: Part;
  each: CollectionFootprint[];
  /** dbStats' totalSize (data and indexes, as stored), or its storageSize when it has none. */
  storedBytes: number;
  /** Bytes of the files in the store's directory (the embedded store), if it was given. */
  diskBytes: number | null;
}

const LOG = /^alertchanges(_[rs]\d+)?$/;

async function directoryBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const at = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await directoryBytes(at);
    else if (entry.isFile()) total += (await fs.stat(at)).size;
  }
  return total;
}

export async function storeFootprint(storeDir?: string): Promise<Footprint> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const empty = (): Part => ({ collections: 0, documents: 0, bytes: 0 });
  const parts = { alerts: empty(), changeLog: empty(), other: empty() };
  const each: CollectionFootprint[] = [];
  for (const name of names) {
    const stats = (await db.command({ collStats: name })) as { count?: number; size?: number; totalSize?: number };
    const part = name === 'alerts' ? parts.alerts : LOG.test(name) ? parts.changeLog : parts.other;
    const documents = Number(stats.count ?? 0);
    const bytes = Number(stats.size ?? 0);
    part.collections++;
    part.documents += documents;
    part.bytes += bytes;
    each.push({ name, documents, bytes, storedBytes: Number(stats.totalSize ?? bytes) });
  }
  const db2 = (await db.command({ dbStats: 1 })) as { totalSize?: number; storageSize?: number };
  return {
    collections: names.length,
    ...parts,
    each,
    storedBytes: Number(db2.totalSize ?? db2.storageSize ?? 0),
    diskBytes: storeDir ? await directoryBytes(storeDir) : null,
  };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Prints the footprint; `alerts`: also per 100,000 alerts, scaled from that many. */
export function printFootprint(f: Footprint, alerts?: number): void {
  const disk = f.diskBytes === null ? '' : `, ${mb(f.diskBytes)} on disk (the store's files)`;
  console.log(`  store footprint: ${f.collections} collections, ${mb(f.storedBytes)} stored (dbStats)${disk}`);
  if (alerts)
    console.log(
      `    per 100,000 alerts: ${mb((f.storedBytes / alerts) * 1e5)} stored${f.diskBytes === null ? '' : `, ${mb((f.diskBytes / alerts) * 1e5)} on disk`}`,
    );
  for (const [label, p] of [
    ['alerts', f.alerts],
    ['alert change log', f.changeLog],
    ['everything else', f.other],
  ] as const)
    console.log(
      `    ${label.padEnd(20)} ${String(p.collections).padStart(4)} collections ${String(p.documents).padStart(9)} documents ${mb(p.bytes).padStart(10)}`,
    );
  // The change log's collections (up to 64) are summed up above.
  const shown = f.each.filter((c) => c.documents > 0 && !LOG.test(c.name));
  const emptyOnes = f.each.filter((c) => c.documents === 0 && !LOG.test(c.name)).length;
  console.log(`    each other collection with documents (data; with indexes, as stored); ${emptyOnes} empty:`);
  for (const c of shown)
    console.log(
      `      ${c.name.padEnd(28)} ${String(c.documents).padStart(9)} documents ${mb(c.bytes).padStart(10)} ${mb(c.storedBytes).padStart(10)}`,
    );
}
