/**
 * The alert change log's footprint in the store (issue 26, item 11): BENCH_CHANGES (default 17,000:
 * past one full turn of the ring of 64 × 256 entries) edits of BENCH_ALERTS (default 1,000) seeded
 * alerts are logged as the service logs them (with the digests of each alert's link keys), on the
 * embedded store (FerretDB on SQLite). Prints the log's collections, entries and bytes before and
 * after, and the whole store's footprint. Past one turn the log no longer grows: its collections
 * stay at most 64 and its entries at most 64 × 256, however many alerts and changes there are.
 */
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { type AlertDoc } from '../server/alerts/Alert.js';
import { progressBar } from '../server/cli/seedBulk.command.js';
import { CHANGE_LOG_GEOMETRY, logAlertChange } from '../server/alerts/changeLog/alertChanges.js';
import { seedBulkAlerts } from '../server/seed/bulkAlerts.service.js';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import { startBenchStore } from './lib/environment.js';
import { printFootprint, storeFootprint } from './lib/footprint.js';
import { Alert } from '../test/helpers/models.js';
import { instanceOnTestStore, storeInstance } from '../test/helpers/instance.js';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 17_000);
const ALERTS = Number(process.env.BENCH_ALERTS ?? 1_000);

export async function runChangeLogBenchmark(): Promise<void> {
  const dbName = `puente_bench_${Date.now()}`;
  const bench = await startBenchStore({ dbName, handler: 'sqlite' });
  try {
    await connectMongoose(storeInstance().store, bench.store.uri, dbName);
    await ensureIndexes(storeInstance().store);
    await seedBulkAlerts(storeInstance(), ALERTS, { onProgress: progressBar('seed') });
    const alerts = await Alert.find({}).lean<AlertDoc[]>();
    const instance = instanceOnTestStore(); // on the bench's connection, logging as a process with nothing listening
    const started = performance.now();
    const bar = progressBar('changes');
    for (let i = 0; i < CHANGES; i++) {
      const alert = alerts[i % alerts.length]!;
      await logAlertChange(instance, String(alert._id), 'changed', alert);
      if ((i + 1) % 500 === 0) bar(i + 1, CHANGES, 'changes');
    }
    await instance.alertChangeLog.head();
    await instance.alertChangeLog.compacted();
    const ms = performance.now() - started;
    const head = await instance.alertChangeLog.head();
    const f = await storeFootprint();
    const { segmentSize, ringSegments } = CHANGE_LOG_GEOMETRY;
    console.log(
      `\nAlert change log after ${CHANGES.toLocaleString('en')} changes — FerretDB on SQLite (ring of ${ringSegments} × ${segmentSize})`,
    );
    console.log(`  appended in ${(ms / 1000).toFixed(1)} s (${(ms / CHANGES).toFixed(1)} ms a change, one at a time)`);
    console.log(`  head ${head.seq}, entries below ${head.compactedBelow ?? 1} compacted`);
    console.log(
      `  log: ${f.changeLog.collections} collections (bound ${ringSegments}), ${f.changeLog.documents} entries (bound ${ringSegments * segmentSize}), ${(f.changeLog.bytes / 1e6).toFixed(2)} MB (${(f.changeLog.bytes / Math.max(1, f.changeLog.documents)).toFixed(0)} bytes an entry)`,
    );
    const perEntry = f.changeLog.bytes / Math.max(1, f.changeLog.documents);
    console.log(
      `  the log at its bound (${ringSegments * segmentSize} entries at ${perEntry.toFixed(0)} bytes): ${((ringSegments * segmentSize * perEntry) / 1e6).toFixed(1)} MB, whatever the number of alerts`,
    );
    printFootprint(f);
  } finally {
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
  }
}
