/**
 * Backup and restore at BENCH_ALERTS (default 100,000) alerts (issue 28): the figures behind the
 * RPO and RTO in docs/operations.md "Backup and restore". Run on request: `npm run bench -- backup`.
 *
 * A throwaway FerretDB/SQLite store is filled with `seed-bulk`'s alerts and an audit trail of
 * BENCH_AUDIT_EVENTS (default one per alert, chained as `recordAudit` chains them, written in
 * batches: one by one they would take half an hour). Then, each as its own process, as an
 * operator runs them: `puente backup FILE` (no load beside it), `puente restore FILE` into a new
 * empty database of the same store (checks the archive, loads it, makes the indexes, verifies the
 * audit chain), and a Puente server started on the restored database, timed until `/readyz` 200
 * (its alert copy loads by scanning the store: a restored store has no snapshot). RTO = restore +
 * that start. Prints the archive's size (and uncompressed), each time, the store's footprint, and
 * the restore's own per-collection lines.
 *
 * BENCH_BACKUP_DIR=<dir>: keep the seeded store there and reuse it on the next run.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { progressBar } from '../server/cli/seedBulk.command.js';
import { seedBulkAlerts } from '../server/seed/bulkAlerts.service.js';
import { createAuditTrailLog } from '../server/platform/auditTrail/auditTrail.js';
import { auditHash, ZERO_HASH, type HashedAuditFields } from '../server/platform/auditTrail/canonical.js';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import { runCliWithEnv, type CliResult } from '../test/helpers/cli.js';
import { spawnServer, type SpawnedServer } from '../test/helpers/spawnServer.js';
import { startBenchStore } from './lib/environment.js';
import { printFootprint, storeFootprint } from './lib/footprint.js';
import { Alert, AuditEvent } from '../test/helpers/models.js';
import { storeInstance } from '../test/helpers/instance.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 100_000);
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? ALERTS);
const KEPT_DIR = process.env.BENCH_BACKUP_DIR ? path.resolve(process.env.BENCH_BACKUP_DIR) : null;
const SOURCE_DB = 'puente_bench_backup';
const RESTORED_DB = `puente_bench_restored_${Date.now()}`;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** One `alert.create` event per bulk alert, chained from the trail's head, in batches of 2,000. */
async function writeAuditTrail(n: number): Promise<void> {
  const alertIds = (await Alert.find({}, { _id: 1, originAgencyId: 1 }).limit(n).lean()).map((a) => ({
    id: String(a._id),
    agency: String((a as { originAgencyId?: unknown }).originAgencyId ?? ''),
  }));
  const auditTrailLog = createAuditTrailLog(storeInstance().store);
  const head = await auditTrailLog.recordedHead();
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? ZERO_HASH;
  const bar = progressBar('audit');
  const started = Date.now();
  for (let i = 0; i < n;) {
    const docs: Record<string, unknown>[] = [];
    for (; i < n && docs.length < 2000; i++) {
      const target = alertIds[i % alertIds.length]!;
      const at = new Date(started + i);
      const fields: HashedAuditFields = {
        seq: ++seq,
        at: at.toISOString(),
        actorId: `bench-user-${i % 50}`,
        actorAgencyId: target.agency,
        action: 'alert.create',
        targetType: 'alert',
        targetId: target.id,
        outcome: 'success',
        ip: '192.0.2.10',
        requestId: randomUUID(),
        details: { reference: `bench-${i}` },
        prevHash,
      };
      const hash = auditHash(fields);
      const { seq: id, ...stored } = fields;
      docs.push({ ...stored, _id: id, at, hash });
      prevHash = hash;
    }
    await AuditEvent.collection.insertMany(docs as never[], { ordered: true });
    bar(i, n, 'events');
  }
  process.stderr.write('\n');
  const counters = mongoose.connection.db!.collection<{ _id: string; seq: number; hash: string; epoch: string }>('counters');
  if (head) await counters.updateOne({ _id: auditTrailLog.headId }, { $set: { seq, hash: prevHash } });
  else await counters.insertOne({ _id: auditTrailLog.headId, seq, hash: prevHash, epoch: randomUUID() });
}

async function seeded(): Promise<boolean> {
  const record = KEPT_DIR ? path.join(KEPT_DIR, 'seed.json') : null;
  const kept = record
    ? await fs
        .readFile(record, 'utf8')
        .then((t) => JSON.parse(t) as { alerts: number; audit: number })
        .catch(() => null)
    : null;
  if (kept && (kept.alerts !== ALERTS || kept.audit !== AUDIT_EVENTS))
    throw new Error(`${KEPT_DIR} holds ${kept.alerts} alerts and ${kept.audit} audit events: use another directory`);
  if (kept) return true;
  await ensureIndexes(storeInstance().store);
  await seedBulkAlerts(storeInstance(), ALERTS, { onProgress: progressBar('seed') });
  process.stderr.write('\n');
  await writeAuditTrail(AUDIT_EVENTS);
  if (record) await fs.writeFile(record, JSON.stringify({ alerts: ALERTS, audit: AUDIT_EVENTS }));
  return false;
}

async function timed(label: string, run: () => Promise<CliResult>): Promise<{ ms: number; result: CliResult }> {
  console.error(`${label}…`);
  const t = performance.now();
  const result = await run();
  const ms = performance.now() - t;
  if (result.code !== 0) throw new Error(`${label} failed (${result.code}):\n${result.out}`);
  return { ms, result };
}

export async function runBackupBenchmark(): Promise<void> {
  if (KEPT_DIR) await fs.mkdir(KEPT_DIR, { recursive: true });
  const bench = await startBenchStore({ dbName: SOURCE_DB, handler: 'sqlite', ...(KEPT_DIR ? { keptDir: KEPT_DIR } : {}) });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-bench-backup-'));
  let server: SpawnedServer | null = null;
  try {
    await connectMongoose(storeInstance().store, bench.store.uri, SOURCE_DB);
    const reused = await seeded();
    const footprint = await storeFootprint(bench.dataDir);
    const store = (db: string) => ({ NODE_ENV: 'test', MONGODB_URI: bench.store.uri, MONGODB_DB: db });

    const archive = path.join(tmp, 'puente.pbk');
    const backup = await timed('backup', () => runCliWithEnv(['backup', archive], store(SOURCE_DB)));
    const archiveBytes = (await fs.stat(archive)).size;
    const uncompressed = /\(([\d.]+) MB uncompressed\)/.exec(backup.result.stdout)?.[1];

    const restore = await timed('restore', () => runCliWithEnv(['restore', archive], store(RESTORED_DB)));
    console.error('first start on the restored store…');
    const t = performance.now();
    server = await spawnServer(
      { ...store(RESTORED_DB), JOBS_ENABLED: 'false', ALERT_COPY_SNAPSHOT: path.join(tmp, 'snapshot') },
      30 * 60_000,
    );
    while ((await fetch(`${server.url}/readyz`).catch(() => null))?.status !== 200) await new Promise((r) => setTimeout(r, 200));
    const startMs = performance.now() - t;

    console.log(
      `\nBackup and restore at ${ALERTS.toLocaleString('en')} alerts and ${AUDIT_EVENTS.toLocaleString('en')} audit events — FerretDB 1.24 on SQLite` +
        `${reused ? ` (store reused from ${KEPT_DIR})` : ''}`,
    );
    // The commands' own time, from their action's start (what the process spends loading its modules aside).
    const own = (result: CliResult, pattern: RegExp) => {
      const m = pattern.exec(result.stdout);
      return m ? `${m[1]} s` : '?';
    };
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(72)} ${value.padStart(10)}`);
    row('archive (gzip of canonical Extended JSON lines)', mb(archiveBytes));
    row('  uncompressed', uncompressed ? `${uncompressed} MB` : '?');
    row('backup: `puente backup FILE`, spawn → exit (no load beside it)', s(backup.ms));
    row('  of which the command itself (as it reports)', own(backup.result, /, ([\d.]+) s, sha256/));
    row('restore: `puente restore FILE` into an empty database, spawn → exit', s(restore.ms));
    row('  of which the command itself (as it reports)', own(restore.result, / in ([\d.]+) s; logs/));
    row('first start on the restored store: spawn → /readyz 200 (scan)', s(startMs));
    row('RTO measured: restore + first start', s(restore.ms + startMs));
    for (const [label, result] of [
      ['backup', backup.result],
      ['restore', restore.result],
    ] as const) {
      console.log(`  the ${label} said (collections with documents):`);
      for (const line of result.out.split('\n').filter((l) => l && !l.startsWith('  ') && !/: 0 documents/.test(l)))
        console.log(`    ${line.length > 150 ? `${line.slice(0, 147)}…` : line}`);
    }
    console.log(
      `  load average when done: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (${os.cpus().length} cores)`,
    );
    console.log('  source store:');
    printFootprint(footprint, ALERTS);
  } finally {
    if (server) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    await mongoose.connection
      .useDb(RESTORED_DB)
      .dropDatabase()
      .catch(() => undefined);
    if (!KEPT_DIR) await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
