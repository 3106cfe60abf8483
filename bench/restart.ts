/**
 * A restarted server at BENCH_ALERTS (default 100,000) alerts (issue 13): how long a Puente process
 * takes from its spawn until `/readyz` answers 200 — its alert copy loaded from the snapshot its
 * previous run left, plus the log since — and what the first list and search then cost. Baseline,
 * same run: the first start, which loads the copy by scanning the store. The store (FerretDB on
 * SQLite) keeps running between the two starts, so its own start (about a second) is not counted.
 * Goal: ready, and serving full lists and searches, within 10 s. The restart is measured
 * BENCH_RESTARTS times (default 3). Also prints the store's footprint at that many alerts
 * (collections, sizes), and the CPU time the server process had used when it was ready (from
 * /proc), which tells the work done from the wait for a loaded machine.
 *
 * BENCH_RESTART_DIR=<dir>: keep the store and the snapshot there, and reuse them on the next run
 * (the seed takes minutes). The first start is then measured only when the directory has no
 * snapshot yet; BENCH_FIRST_START=1 deletes it to measure the first start again.
 * BENCH_SERVER_NODE_ARGS: options for node running each server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { progressBar } from '../server/cli/seedBulk.command.js';
import { hashPassword } from '../server/platform/crypto/passwordHash.js';
import { seedBulkAlerts } from '../server/seed/bulkAlerts.service.js';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import { spawnServer, type SpawnedServer } from '../test/helpers/spawnServer.js';
import { startBenchStore, type BenchStore } from './lib/environment.js';
import { summarize } from './lib/stats.js';
import { printFootprint, storeFootprint } from './lib/footprint.js';
import { benchLogin, benchRequest } from './lib/session.js';
import { Agency, User } from '../test/helpers/models.js';
import { storeInstance } from '../test/helpers/instance.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 100_000);
const PASSWORD = 'Banco-de-pruebas-fronterizo-2026';
const GOAL_MS = 10_000;
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);
const NODE_ARGS = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
const KEPT_DIR = process.env.BENCH_RESTART_DIR ? path.resolve(process.env.BENCH_RESTART_DIR) : null;

/** What a kept directory holds besides the store: enough to use it without seeding again. */
interface SeedRecord {
  dbName: string;
  alerts: number;
  document: string;
}

/** CPU time (user + system) the process has used so far, from /proc (Linux); null elsewhere. */
async function cpuMsOf(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (!stat) return null;
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
  // utime and stime are the 14th and 15th fields, in clock ticks (100 a second on Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** How the spawned server says its copy loaded ('alert copy loaded', logged at info). */
function loadOf(output: string): { source?: string; phases?: Record<string, number> } {
  const line = output.split('\n').find((l) => l.includes('"alert copy loaded"'));
  if (!line) return {};
  try {
    return JSON.parse(line) as { source?: string; phases?: Record<string, number> };
  } catch {
    return {};
  }
}

interface TimedStart {
  server: SpawnedServer;
  listeningMs: number;
  readyMs: number;
  /** CPU time of the server process when `/readyz` first answered 200. */
  cpuMs: number | null;
  /** Where the copy came from ('snapshot' or 'store') and the time of each phase of the load. */
  source: string;
  phases: Record<string, number>;
}

/** Spawns a server and returns it with the ms from spawn to listening and to `/readyz` 200. */
async function startTimed(env: Record<string, string>): Promise<TimedStart> {
  const t0 = performance.now();
  const server = await spawnServer({ LOG_LEVEL: 'info', ...env }, 20 * 60_000, NODE_ARGS);
  const listeningMs = performance.now() - t0;
  for (;;) {
    const res = await fetch(`${server.url}/readyz`).catch(() => null);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const readyMs = performance.now() - t0;
  const cpuMs = await cpuMsOf(server.child.pid);
  // The 'loaded' line is written just before the copy can serve: give it a moment to arrive.
  let load = loadOf(server.output());
  for (let i = 0; i < 20 && !load.source; i++) {
    await new Promise((r) => setTimeout(r, 50));
    load = loadOf(server.output());
  }
  return { server, listeningMs, readyMs, cpuMs, source: load.source ?? '?', phases: load.phases ?? {} };
}

async function stop(server: SpawnedServer): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cpu = (ms: number | null) => (ms === null ? 'n/a' : s(ms));

/** The seeded store: a new one, or the one a kept directory holds. */
async function seededStore(bench: BenchStore): Promise<SeedRecord> {
  const record = KEPT_DIR ? path.join(KEPT_DIR, 'seed.json') : null;
  if (record) {
    const kept = await fs
      .readFile(record, 'utf8')
      .then((t) => JSON.parse(t) as SeedRecord)
      .catch(() => null);
    if (kept && kept.alerts === ALERTS) return kept;
    if (kept) throw new Error(`${KEPT_DIR} holds ${kept.alerts} alerts, not ${ALERTS}: use another directory`);
  }
  const dbName = `puente_bench_${Date.now()}`;
  await connectMongoose(storeInstance().store, bench.store.uri, dbName);
  await ensureIndexes(storeInstance().store);
  await bench.store.indexIdPaths?.();
  const seeded = await seedBulkAlerts(storeInstance(), ALERTS, { onProgress: progressBar('seed') });
  const agency = await Agency.findById(seeded.agencyIds[0]).lean();
  await User.create({
    email: 'restart@example.org',
    displayName: 'Banco de reinicio',
    agencyId: agency!._id,
    country: agency!.country,
    roles: ['officer'],
    status: 'active',
    passwordHash: await hashPassword(PASSWORD),
  });
  const seed = { dbName, alerts: ALERTS, document: seeded.samples.documents[0]! };
  // Written last: a directory whose seed was interrupted is not reused.
  if (record) await fs.writeFile(record, JSON.stringify(seed));
  return seed;
}

export async function runRestartBenchmark(): Promise<void> {
  if (KEPT_DIR) await fs.mkdir(KEPT_DIR, { recursive: true });
  const bench = await startBenchStore({ dbName: 'puente_bench', handler: 'sqlite', ...(KEPT_DIR ? { keptDir: KEPT_DIR } : {}) });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-bench-restart-'));
  let server: SpawnedServer | null = null;
  try {
    const seed = await seededStore(bench);
    if (mongoose.connection.readyState !== 1) await connectMongoose(storeInstance().store, bench.store.uri, seed.dbName);
    const snapshot = path.join(KEPT_DIR ?? tmp, 'alert-copy.snapshot');
    if (process.env.BENCH_FIRST_START === '1') await fs.rm(snapshot, { force: true });
    const env = {
      MONGODB_URI: bench.store.uri,
      MONGODB_DB: seed.dbName,
      ALERT_COPY_SNAPSHOT: snapshot,
      JOBS_ENABLED: 'false',
      MFA_REQUIRED_ROLES: 'system_admin',
      LOGIN_RATE_LIMIT_PER_15_MIN: '100000',
    };

    let first: TimedStart | null = null;
    const hasSnapshot = await fs.stat(snapshot).then(
      () => true,
      () => false,
    );
    if (!hasSnapshot) {
      console.error('restart: first start (the copy loads by scanning the store)…');
      first = await startTimed(env);
      server = first.server;
      await stop(server);
      server = null;
    } else console.error(`restart: reusing ${KEPT_DIR} (its snapshot is there: no first start; BENCH_FIRST_START=1 measures one)`);
    const snapshotBytes = (await fs.stat(snapshot)).size;

    const footprint = await storeFootprint(bench.dataDir);
    // Measured RESTARTS times; the list and search below run on the last one.
    const restarts: Array<Awaited<ReturnType<typeof startTimed>>> = [];
    for (let i = 0; i < RESTARTS; i++) {
      if (server) await stop(server);
      restarts.push(await startTimed(env));
      server = restarts[i]!.server;
    }
    const again = restarts[restarts.length - 1]!;
    const session = await benchLogin(again.server.url, 'restart@example.org', PASSWORD);
    let t = performance.now();
    const list = await benchRequest<{ items: unknown[] }>(again.server.url, session, 'GET', '/alerts?limit=20');
    const listMs = performance.now() - t;
    t = performance.now();
    const found = await benchRequest<{ items: unknown[] }>(
      again.server.url,
      session,
      'GET',
      `/search?q=${encodeURIComponent(seed.document)}`,
    );
    const searchMs = performance.now() - t;

    console.log(
      `\nRestart at ${ALERTS.toLocaleString('en')} alerts — FerretDB on SQLite (snapshot ${(snapshotBytes / 1e6).toFixed(0)} MB)`,
    );
    console.log(`  ${'measure'.padEnd(56)} ${'value'.padStart(10)}`);
    const row = (label: string, value: string) => console.log(`  ${label.padEnd(56)} ${value.padStart(10)}`);
    if (first) {
      row('baseline: first start, spawn → /readyz 200 (store scan)', s(first.readyMs));
      row('  its CPU time by then', cpu(first.cpuMs));
    }
    restarts.forEach((r, i) => {
      row(`restart ${i + 1}: spawn → listening`, s(r.listeningMs));
      row(
        `restart ${i + 1}: spawn → /readyz 200 (${r.source === 'snapshot' ? 'snapshot + log since' : `copy from: ${r.source}`})`,
        s(r.readyMs),
      );
      row(`restart ${i + 1}: CPU time of the server by then`, cpu(r.cpuMs));
      const phases = Object.entries(r.phases).map(([name, ms]) => `${name} ${s(ms)}`);
      if (phases.length) console.log(`    load phases: ${phases.join(', ')}`);
    });
    const ready = summarize(restarts.map((r) => r.readyMs));
    const cpus = restarts.flatMap((r) => (r.cpuMs === null ? [] : [r.cpuMs]));
    row(`restart → /readyz 200, p50 of ${restarts.length}`, s(ready.p50));
    if (cpus.length) row(`restart CPU time, p50 of ${cpus.length}`, cpu(summarize(cpus).p50));
    const slowest = Math.max(...restarts.map((r) => r.readyMs));
    if (first) row('ratio (slowest restart / first start)', (slowest / first.readyMs).toFixed(2));
    console.log(
      `  load average when done: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (${os.cpus().length} cores)`,
    );
    console.log(
      `  then GET /alerts (20 of ${list.items.length}) ${listMs.toFixed(1)} ms; a document search (${found.items.length} found) ${searchMs.toFixed(1)} ms`,
    );
    printFootprint(footprint, ALERTS);
    const met = slowest <= GOAL_MS && list.items.length === 20 && found.items.length > 0 && restarts.every((r) => r.source === 'snapshot');
    console.log(`  goal: ready and serving within ${s(GOAL_MS)} of the spawn → ${met ? 'met' : 'NOT met'}`);
  } finally {
    if (server) await stop(server);
    if (!KEPT_DIR) await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
