/**
 * A restarted server at BENCH_ALERTS (default 100,000) alerts (issue 13): how long a Puente process
 * takes from its spawn until `/readyz` answers 200 — its alert copy loaded from the snapshot its
 * previous run left, plus the log since — and what the first list and search then cost. Baseline,
 * same run: the first start, which loads the copy by scanning the store. The store (FerretDB on
 * SQLite) keeps running between the two starts, so its own start (about a second) is not counted.
 * Goal: ready, and serving full lists and searches, within 10 s. The restart is measured
 * BENCH_RESTARTS times (default 3). Also prints the store's footprint at that many alerts
 * (collections, sizes).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { Agency } from '../server/models/Agency.js';
import { User } from '../server/models/User.js';
import { progressBar } from '../server/cli/seedBulk.command.js';
import { hashPassword } from '../server/services/crypto/passwordHash.js';
import { seedBulkAlerts } from '../server/services/seed/bulkAlerts.service.js';
import { connectMongoose, ensureIndexes } from '../server/store/mongoose.js';
import { spawnServer, type SpawnedServer } from '../test/helpers/spawnServer.js';
import { startBenchStore } from './lib/environment.js';
import { printFootprint, storeFootprint } from './lib/footprint.js';
import { benchLogin, benchRequest } from './lib/session.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 100_000);
const PASSWORD = 'Banco-de-pruebas-fronterizo-2026';
const GOAL_MS = 10_000;
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);

/** Spawns a server and returns it with the ms from spawn to listening and to `/readyz` 200. */
async function startTimed(env: Record<string, string>): Promise<{ server: SpawnedServer; listeningMs: number; readyMs: number }> {
  const t0 = performance.now();
  const server = await spawnServer(env, 20 * 60_000);
  const listeningMs = performance.now() - t0;
  for (;;) {
    const res = await fetch(`${server.url}/readyz`).catch(() => null);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { server, listeningMs, readyMs: performance.now() - t0 };
}

async function stop(server: SpawnedServer): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export async function runRestartBenchmark(): Promise<void> {
  const dbName = `puente_bench_${Date.now()}`;
  const bench = await startBenchStore({ dbName, handler: 'sqlite' });
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-bench-restart-'));
  let server: SpawnedServer | null = null;
  try {
    await connectMongoose(bench.store.uri, dbName);
    await ensureIndexes();
    await bench.store.indexIdPaths?.();
    const seeded = await seedBulkAlerts(ALERTS, { onProgress: progressBar('seed') });
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
    const snapshot = path.join(tmp, 'alert-copy.snapshot');
    const env = {
      MONGODB_URI: bench.store.uri,
      MONGODB_DB: dbName,
      ALERT_COPY_SNAPSHOT: snapshot,
      JOBS_ENABLED: 'false',
      MFA_REQUIRED_ROLES: 'system_admin',
      LOGIN_RATE_LIMIT_PER_15_MIN: '100000',
    };

    console.error('restart: first start (the copy loads by scanning the store)…');
    const first = await startTimed(env);
    server = first.server;
    await stop(server);
    server = null;
    const snapshotBytes = (await fs.stat(snapshot)).size;

    const footprint = await storeFootprint();
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
      `/search?q=${encodeURIComponent(seeded.samples.documents[0]!)}`,
    );
    const searchMs = performance.now() - t;

    console.log(
      `\nRestart at ${ALERTS.toLocaleString('en')} alerts — FerretDB on SQLite (snapshot ${(snapshotBytes / 1e6).toFixed(0)} MB)`,
    );
    console.log(`  ${'measure'.padEnd(56)} ${'value'.padStart(10)}`);
    console.log(`  ${'baseline: first start, spawn → /readyz 200 (store scan)'.padEnd(56)} ${s(first.readyMs).padStart(10)}`);
    restarts.forEach((r, i) => {
      console.log(`  ${`restart ${i + 1}: spawn → listening`.padEnd(56)} ${s(r.listeningMs).padStart(10)}`);
      console.log(`  ${`restart ${i + 1}: spawn → /readyz 200 (snapshot + log since)`.padEnd(56)} ${s(r.readyMs).padStart(10)}`);
    });
    const slowest = Math.max(...restarts.map((r) => r.readyMs));
    console.log(`  ${'ratio (slowest restart / first start)'.padEnd(56)} ${(slowest / first.readyMs).toFixed(2).padStart(10)}`);
    console.log(
      `  then GET /alerts (20 of ${list.items.length}) ${listMs.toFixed(1)} ms; a document search (${found.items.length} found) ${searchMs.toFixed(1)} ms`,
    );
    printFootprint(footprint);
    const met = slowest <= GOAL_MS && list.items.length === 20 && found.items.length > 0;
    console.log(`  goal: ready and serving within ${s(GOAL_MS)} of the spawn → ${met ? 'met' : 'NOT met'}`);
  } finally {
    if (server) await stop(server);
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
