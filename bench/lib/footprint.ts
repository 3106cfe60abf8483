/**
 * The store's footprint as the database reports it (`dbStats`, `collStats`): how many collections,
 * and the documents and bytes of the alerts, the alert change log (all its collections) and the rest.
 */
import mongoose from 'mongoose';

interface Part {
  collections: number;
  documents: number;
  bytes: number;
}

export interface Footprint {
  collections: number;
  alerts: Part;
  changeLog: Part;
  other: Part;
  /** dbStats' totalSize (data and indexes, as stored), or its storageSize when it has none. */
  storedBytes: number;
}

const LOG = /^alertchanges(_[rs]\d+)?$/;

export async function storeFootprint(): Promise<Footprint> {
  const db = mongoose.connection.db!;
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const empty = (): Part => ({ collections: 0, documents: 0, bytes: 0 });
  const parts = { alerts: empty(), changeLog: empty(), other: empty() };
  for (const name of names) {
    const stats = (await db.command({ collStats: name })) as { count?: number; size?: number };
    const part = name === 'alerts' ? parts.alerts : LOG.test(name) ? parts.changeLog : parts.other;
    part.collections++;
    part.documents += Number(stats.count ?? 0);
    part.bytes += Number(stats.size ?? 0);
  }
  const db2 = (await db.command({ dbStats: 1 })) as { totalSize?: number; storageSize?: number };
  return { collections: names.length, ...parts, storedBytes: Number(db2.totalSize ?? db2.storageSize ?? 0) };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

export function printFootprint(f: Footprint): void {
  console.log(`  store footprint: ${f.collections} collections, ${mb(f.storedBytes)} stored (dbStats)`);
  for (const [label, p] of [
    ['alerts', f.alerts],
    ['alert change log', f.changeLog],
    ['everything else', f.other],
  ] as const)
    console.log(
      `    ${label.padEnd(20)} ${String(p.collections).padStart(4)} collections ${String(p.documents).padStart(9)} documents ${mb(p.bytes).padStart(10)}`,
    );
}
