/**
 * The in-process alert copy at BENCH_ALERTS (default 100,000) alerts on the embedded store
 * (FerretDB on SQLite), issue 13:
 * - memory: heap held by a loaded copy, per alert, beside the heap held by the same alerts as
 *   plain documents in an array (the baseline). Goal: ≤ 3 KB per alert.
 * - start-up: loading the copy from its snapshot plus the log since, beside a full scan of the
 *   store (the baseline). Goal: ≤ 10 s.
 * The heap is measured after a forced garbage collection, in this process.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import mongoose from 'mongoose';
import { type AlertDoc } from '../server/alerts/Alert.js';
import { AlertCopy } from '../server/alerts/copy/alertCopy.js';
import { createAlertChangeLog } from '../server/alerts/changeLog/alertChanges.js';
import { seedBulkAlerts } from '../server/seed/bulkAlerts.service.js';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import { progressBar } from '../server/cli/seedBulk.command.js';
import { startBenchStore } from './lib/environment.js';
import { Alert } from '../test/helpers/models.js';
import { storeInstance } from '../test/helpers/instance.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 100_000);
const GOAL_BYTES_PER_ALERT = 3 * 1024;
const GOAL_START_MS = 10_000;

v8.setFlagsFromString('--expose-gc');
/** The collector, reachable once --expose-gc is set (a fresh context sees the flag). */
const gc = vm.runInNewContext('gc') as () => void;

/** The JS heap plus the bytes of buffers outside it (the copy keeps each alert as BSON bytes). */
function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function runCopyBenchmark(): Promise<void> {
  const dbName = `puente_bench_${Date.now()}`;
  const bench = await startBenchStore({ dbName, handler: 'sqlite' });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-bench-snapshot-'));
  try {
    await connectMongoose(storeInstance().store, bench.store.uri, dbName);
    await ensureIndexes(storeInstance().store);
    await bench.store.indexIdPaths?.();
    await seedBulkAlerts(storeInstance(), ALERTS, { onProgress: progressBar('seed') });

    // Baseline: the same alerts as plain documents.
    let before = heapUsed();
    let docs: AlertDoc[] | null = [];
    for await (const d of Alert.find({}).lean<AlertDoc>().cursor({ batchSize: 1000 })) docs.push(d);
    const docsBytes = (heapUsed() - before) / docs.length;
    docs = null;

    before = heapUsed();
    const file = path.join(tmp, 'alert-copy.snapshot');
    let copy: AlertCopy | null = new AlertCopy(createAlertChangeLog(storeInstance().store), Alert);
    copy.useSnapshot({ file, database: dbName });
    let t = performance.now();
    await copy.sync(0);
    const scanMs = performance.now() - t;
    const copyBytes = (heapUsed() - before) / ALERTS;
    await copy.saveSnapshot();
    copy = null;

    const restarted = new AlertCopy(createAlertChangeLog(storeInstance().store), Alert);
    restarted.useSnapshot({ file, database: dbName });
    t = performance.now();
    await restarted.sync(0);
    const snapshotMs = performance.now() - t;
    if (restarted.lastLoad?.source !== 'snapshot') throw new Error('the snapshot was not used');
    const snapshotBytes = (await fs.stat(file)).size;

    console.log(`\nAlert copy at ${ALERTS.toLocaleString('en')} alerts — FerretDB on SQLite`);
    console.log(`  ${'measure'.padEnd(52)} ${'value'.padStart(12)}`);
    console.log(`  ${'baseline: memory of the alerts as plain documents'.padEnd(52)} ${`${kb(docsBytes)}/alert`.padStart(12)}`);
    console.log(`  ${'memory of the loaded copy (heap + buffers)'.padEnd(52)} ${`${kb(copyBytes)}/alert`.padStart(12)}`);
    console.log(`  ${'ratio (copy / documents)'.padEnd(52)} ${(copyBytes / docsBytes).toFixed(2).padStart(12)}`);
    console.log(
      `  goal ≤ ${kb(GOAL_BYTES_PER_ALERT)}/alert: ${copyBytes <= GOAL_BYTES_PER_ALERT ? 'met' : 'NOT met'}; snapshot file ${kb(snapshotBytes / ALERTS)}/alert`,
    );
    console.log(`  ${'baseline: load by scanning the store'.padEnd(52)} ${`${(scanMs / 1000).toFixed(1)} s`.padStart(12)}`);
    console.log(`  ${'load from the snapshot plus the log since'.padEnd(52)} ${`${(snapshotMs / 1000).toFixed(1)} s`.padStart(12)}`);
    console.log(`  ${'ratio (snapshot / scan)'.padEnd(52)} ${(snapshotMs / scanMs).toFixed(2).padStart(12)}`);
    console.log(`  goal ≤ ${GOAL_START_MS / 1000} s: ${snapshotMs <= GOAL_START_MS ? 'met' : 'NOT met'}`);
  } finally {
    await mongoose.disconnect();
    await bench.cleanup();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
