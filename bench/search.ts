/**
 * Search latency at BENCH_ALERTS (default 100,000) alerts, on the embedded store (FerretDB on
 * SQLite) and on FerretDB with PostgreSQL: p50/p95 for identifier and for name queries, each
 * beside a primary-key read of one alert measured in the same run. Goal (issue #5): p95 ≤ 50 ms.
 * Also the alert list, and single-alert views (issue 13: p95 ≤ 20 ms on both backends). On
 * PostgreSQL, `puente store-indexes` runs first, once the alerts are stored, as after an upgrade
 * (issue 28: primary-key read p95 ≤ 10 ms). BENCH_SEARCH_STORES=postgresql (or sqlite) runs one store.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import type { Actor } from '../server/platform/actor.js';
import { seedBulkAlerts } from '../server/seed/bulkAlerts.service.js';
import type { ListAlertsQuery } from '../shared/schemas/alerts.js';
import { listAlerts, listAlertsFromStore } from '../server/alerts/alertList.js';
import { searchAlerts } from '../server/search/search.service.js';
import { getAlert } from '../server/alerts/alerts.service.js';
import { loadAlertFor } from '../server/alerts/alertReads.js';
import { recordAlertView } from '../server/alerts/alertViews.js';
import { recordAudit } from '../server/platform/auditTrail/auditTrail.js';
import { canSeeAlert } from '../server/alerts/alert.policy.js';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import { progressBar } from '../server/cli/seedBulk.command.js';
import { startBenchStore } from './lib/environment.js';
import { printComparison, summarize, type Summary } from './lib/stats.js';
import { Alert } from '../test/helpers/models.js';
import { instanceOnTestStore, storeInstance } from '../test/helpers/instance.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 150);
/** The store's list query takes tens of seconds at 100,000 alerts on FerretDB: a few runs suffice. */
const LIST_STORE_RUNS = Number(process.env.BENCH_LIST_STORE_RUNS ?? 3);
const PG = process.env.BENCH_POSTGRES ?? 'postgres://root@127.0.0.1:5432';
const STORES = (process.env.BENCH_SEARCH_STORES ?? 'sqlite,postgresql').split(',');
/** Issue 28's goal for a primary-key read on FerretDB/PostgreSQL once its `_id` indexes exist. */
const PG_PK_P95_GOAL_MS = 10;
/** Reads before the indexes: each scans the alerts, about half a second at 100,000. */
const PK_BASELINE_READS = Number(process.env.BENCH_PK_BASELINE_READS ?? 30);

/** `npx puente store-indexes` on the benchmark's database, as an operator runs it; prints its summary. */
function runStoreIndexes(postgresqlUrl: string, database: string): void {
  const started = performance.now();
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'server/cli/main.ts', 'store-indexes', '--postgresql', postgresqlUrl, '--database', database],
    { cwd: path.resolve(import.meta.dirname, '..'), encoding: 'utf8', env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const alerts = out.split('\n').find((l) => l.startsWith('alerts\t')) ?? '';
  console.log(
    `\nnpx puente store-indexes (${((performance.now() - started) / 1000).toFixed(1)} s): ${out.trim().split('\n').pop()}\n  ${alerts.replace(/\t/g, '  ')}`,
  );
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** One-letter typo in the surname, as officers make them. */
function withTypo(name: string, i: number): string {
  const parts = name.split(' ');
  const last = parts[parts.length - 1]!;
  const at = 1 + (i % Math.max(1, last.length - 2));
  parts[parts.length - 1] = last.slice(0, at) + last.slice(at + 1);
  return parts.join(' ');
}

async function runOn(label: string, store: { handler: 'sqlite' | 'postgresql'; postgresqlUrl?: string }): Promise<void> {
  const dbName = `puente_bench_${Date.now()}`;
  const bench = await startBenchStore({
    dbName,
    handler: store.handler,
    ...(store.postgresqlUrl ? { postgresqlUrl: store.postgresqlUrl } : {}),
  });
  try {
    await connectMongoose(storeInstance().store, bench.store.uri, dbName);
    await ensureIndexes(storeInstance().store);
    await bench.store.indexIdPaths?.();
    const seeded = await seedBulkAlerts(storeInstance(), ALERTS, { onProgress: progressBar(`seed ${label}`) });
    const someIds = async () => (await Alert.find({}, { _id: 1 }).limit(500).lean()).map((d) => String(d._id));
    let pkBefore: Summary | null = null;
    if (store.postgresqlUrl) {
      // Primary-key reads as FerretDB alone serves them (a scan each), then its indexes, as after an upgrade.
      const before: number[] = [];
      const sample = await someIds();
      for (let i = 0; i < PK_BASELINE_READS; i++) before.push(await time(() => Alert.findById(sample[(i * 7) % sample.length]).lean()));
      pkBefore = summarize(before);
      runStoreIndexes(store.postgresqlUrl, dbName);
      // FerretDB's connections keep the scan plans they cached above; restarted, it plans afresh (docs/operations.md).
      await mongoose.disconnect();
      await bench.restart!();
      await connectMongoose(storeInstance().store, bench.store.uri, dbName);
    }
    // A prosecutor of the bulk load's prosecution service (a prosecutor elsewhere opens no restricted data).
    const instance = instanceOnTestStore(); // on the bench's connection; a protected hit is announced to no one
    const actor: Actor = { id: 'bench', agencyId: seeded.agencyIds[3]!, country: 'PY', roles: ['prosecutor'], agencyKind: 'prosecutor' };
    const ids = await someIds();
    const pick = <T>(xs: T[], i: number) => xs[i % xs.length]!;
    const pk: number[] = [];
    const identifier: number[] = [];
    const names: number[] = [];
    const identifiers = [...seeded.samples.documents, ...seeded.samples.phones, ...seeded.samples.plates];
    // A server loads its search copy at start-up; searches wait for it (503 search_preparing meanwhile).
    const loadMs = await time(() => instance.alertCopy.sync());
    console.log(`\n${label}: search copy loaded in ${(loadMs / 1000).toFixed(1)} s (${ALERTS.toLocaleString('en')} alerts)`);
    // Warm-up, then interleave the three measures so they share the machine's state.
    for (let i = 0; i < 10; i++) await searchAlerts(instance, actor, { q: pick(identifiers, i), limit: 20 });
    for (let i = 0; i < QUERIES; i++) {
      pk.push(await time(() => Alert.findById(pick(ids, i * 7)).lean()));
      identifier.push(await time(() => searchAlerts(instance, actor, { q: pick(identifiers, i), limit: 20 })));
      const name = pick(seeded.samples.names, i);
      names.push(await time(() => searchAlerts(instance, actor, { q: i % 3 === 0 ? withTypo(name, i) : name, limit: 20 })));
    }
    const base = summarize(pk);
    if (pkBefore) {
      printComparison(
        `Primary-key read of one alert at ${ALERTS.toLocaleString('en')} alerts — ${label}: with the indexes of puente store-indexes`,
        ['with the _id indexes', base],
        [`baseline: before the indexes (${PK_BASELINE_READS} reads)`, pkBefore],
      );
      console.log(
        `  goal (issue 28): p95 ≤ ${PG_PK_P95_GOAL_MS} ms (${base.p95.toFixed(1)} ms) → ${base.p95 <= PG_PK_P95_GOAL_MS ? 'met' : 'NOT met'}`,
      );
    }
    printComparison(
      `Search at ${ALERTS.toLocaleString('en')} alerts — ${label}: identifier queries (documents, phones, plates)`,
      ['search: identifier', summarize(identifier)],
      ['baseline: primary-key read of one alert', base],
    );
    printComparison(
      `Search at ${ALERTS.toLocaleString('en')} alerts — ${label}: name queries (a third with one typo)`,
      ['search: name', summarize(names)],
      ['baseline: primary-key read of one alert', base],
    );
    const idP95 = summarize(identifier).p95;
    const nameP95 = summarize(names).p95;
    console.log(
      `  goal: p95 ≤ 50 ms — identifier ${idP95.toFixed(1)} ms, name ${nameP95.toFixed(1)} ms → ${idP95 <= 50 && nameP95 <= 50 ? 'met' : 'NOT met'}`,
    );
    // The alert list (GET /alerts) reads the same copy; its baseline is the same query on the store.
    const listQueries: ListAlertsQuery[] = [
      { limit: 20 },
      { limit: 20, status: 'resolved', country: 'AR' },
      { limit: 20, kind: 'vehicle', priority: 'urgent' },
    ];
    const fromCopy: number[] = [];
    for (let i = 0; i < QUERIES; i++) fromCopy.push(await time(() => listAlerts(instance, actor, pick(listQueries, i))));
    const fromStore: number[] = [];
    for (let i = 0; i < LIST_STORE_RUNS; i++) fromStore.push(await time(() => listAlertsFromStore(instance, actor, pick(listQueries, i))));
    printComparison(
      `Alert list at ${ALERTS.toLocaleString('en')} alerts — ${label}: one page of 20, with and without filters`,
      ['list: from the in-process copy', summarize(fromCopy)],
      [`baseline: the same query on the store (${LIST_STORE_RUNS} runs)`, summarize(fromStore)],
    );
    // A plain view of one alert (GET /alerts/:id): the read from the copy, its audit event and its view entry.
    const visible = ids.filter((id) => {
      const head = instance.alertCopy.head(id);
      return !!head && canSeeAlert(actor, head);
    });
    const views: number[] = [];
    for (let i = 0; i < QUERIES; i++) views.push(await time(() => getAlert(instance, actor, pick(visible, i * 3))));
    const v = summarize(views);
    printComparison(
      `Single-alert view at ${ALERTS.toLocaleString('en')} alerts — ${label}: read, audit event and view entry`,
      ['view: GET /alerts/:id (service)', v],
      ['baseline: primary-key read of one alert', base],
    );
    console.log(`  goal: p95 ≤ 20 ms (${v.p95.toFixed(1)} ms) → ${v.p95 <= 20 ? 'met' : 'NOT met'}`);
    // The view's three steps timed apart, each beside the same primary-key read: which one a slow view spends its time in.
    const parts: [string, (id: string) => Promise<unknown>][] = [
      ['part: the read (loadAlertFor)', (id) => loadAlertFor(instance, actor, id, 'view')],
      [
        'part: its audit event (recordAudit)',
        (id) => recordAudit(storeInstance(), { actor, action: 'alert.view', targetType: 'alert', targetId: id }),
      ],
      ['part: its view entry (recordAlertView)', (id) => recordAlertView(storeInstance(), id, actor, 'view', 0)],
    ];
    for (const [name, step] of parts) {
      const times: number[] = [];
      for (let i = 0; i < QUERIES; i++) times.push(await time(() => step(pick(visible, i * 3 + 1))));
      printComparison(
        `View step at ${ALERTS.toLocaleString('en')} alerts — ${label}`,
        [name, summarize(times)],
        ['baseline: primary-key read of one alert', base],
      );
    }
  } finally {
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
  }
}

export async function runSearchBenchmark(): Promise<void> {
  if (STORES.includes('sqlite')) await runOn('embedded (FerretDB on SQLite)', { handler: 'sqlite' });
  if (!STORES.includes('postgresql')) return;
  const pgDb = `puente_bench_${Date.now()}`;
  try {
    execFileSync('createdb', ['-h', '127.0.0.1', '-U', 'root', pgDb], { stdio: 'ignore' });
  } catch {
    console.log(`\nFerretDB on PostgreSQL: skipped — cannot create a database at ${PG} (is PostgreSQL running?)`);
    return;
  }
  try {
    await runOn('FerretDB on PostgreSQL', { handler: 'postgresql', postgresqlUrl: `${PG}/${pgDb}` });
  } finally {
    try {
      execFileSync('dropdb', ['-h', '127.0.0.1', '-U', 'root', '--if-exists', pgDb], { stdio: 'ignore' });
    } catch {
      // best effort
    }
  }
}
