/**
 * Soak (issue 26): two Puente processes sharing a private Redis and the embedded store, 1,000
 * sockets (SOAK_SOCKETS) driven from two child processes, mixed traffic for SOAK_MINUTES (default
 * 10): officers and prosecutors of both countries posting alerts of every distribution, adding
 * notes, editing, searching and reading lists, devices dropping and catching up with alerts:since.
 * Printed: the 5xx count (must be 0), the delivery check per device (bench/soak/verify.ts),
 * throughput per second, and each server's heap and RSS every ~5 s with the slope over the last
 * 5 minutes (the last half when shorter) and a verdict.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { hashPassword } from '../server/platform/crypto/passwordHash.js';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import type { Role } from '../shared/schemas/common.js';
import { PrivateRedis } from '../test/helpers/privateRedis.js';
import { spawnPuente, startBenchStore, type BenchServer } from './lib/environment.js';
import {
  floorMbPerMinute,
  fullCollectionFigures,
  heapSpaceTrends,
  rssAfterFullCollections,
  mbPerMinute,
  sampleMemory,
  slope,
  V8_MB,
  type FullCollection,
  type MemorySample,
} from './soak/memory.js';
import type { DeliveryCheck, DriverSetup, FromDriver, PostedAlert, PostedUpdate, SoakRates, SoakUser, ToDriver } from './soak/protocol.js';
import { printSoakReport } from './soak/report.js';
import { summarizeServerLog } from './soak/serverLog.js';
import { Agency, User } from '../test/helpers/models.js';
import { storeInstance } from '../test/helpers/instance.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const SOCKETS = Number(process.env.SOAK_SOCKETS ?? 1000);
const DEVICES_PER_USER = 5;
const DRIVERS = 2;
/** Every 5 s: the heap's floor per minute (soak/memory.ts) needs samples near each collection's low. */
const SAMPLE_EVERY_MS = 5_000;
const PASSWORD = 'Banco-de-pruebas-fronterizo-2026';
const RATES: SoakRates = { posts: 1, updates: 1, edits: 0.2, searches: 2, lists: 2, drops: 1 };
/**
 * The client also asks alerts:since 2–5 s after a live event (client/src/live/catchUpCursor.ts):
 * with 1,000 devices hearing an alert a second, ~300 calls a second. SOAK_LIVE_CATCH_UP_MS=<ms>
 * makes the soak's devices do so after <ms> plus up to as much again at random; by default they
 * catch up only when they reconnect, and once at the end.
 */
const LIVE_DELAY_MS = Number(process.env.SOAK_LIVE_CATCH_UP_MS ?? 0);
const LIVE_JITTER_MS = LIVE_DELAY_MS;
/**
 * SOAK_HEAP_SNAPSHOTS_AT=5,20: server 1 writes a V8 heap snapshot at each of these minutes (to
 * SOAK_SNAPSHOT_DIR), for bench/diagnostics/heapSnapshotDiff.mjs to compare what each holds.
 */
const SNAPSHOT_MINUTES = (process.env.SOAK_HEAP_SNAPSHOTS_AT ?? '').split(',').filter(Boolean).map(Number);
const SNAPSHOT_DIR = process.env.SOAK_SNAPSHOT_DIR ?? path.join(os.tmpdir(), 'puente-soak-snapshots');
/** The limits the soak's single address and 200 users would hit; every other limit is the default. */
export const SOAK_LIMIT_OVERRIDES = {
  MFA_REQUIRED_ROLES: 'system_admin',
  LOGIN_RATE_LIMIT_PER_15_MIN: '100000',
  SOCKETS_PER_IP: '100000',
};

const AGENCIES = [
  { name: 'Policía de Formosa (soak)', shortName: 'PF', country: 'AR', kind: 'police' },
  { name: 'Gendarmería Nacional (soak)', shortName: 'GN', country: 'AR', kind: 'gendarmerie' },
  { name: 'Fiscalía Federal de Formosa (soak)', shortName: 'FF', country: 'AR', kind: 'prosecutor' },
  { name: 'Policía Nacional (soak)', shortName: 'PN', country: 'PY', kind: 'police' },
  { name: 'Dirección de Migraciones (soak)', shortName: 'DM', country: 'PY', kind: 'migration' },
  { name: 'Ministerio Público (soak)', shortName: 'MP', country: 'PY', kind: 'prosecutor' },
] as const;

/** Six agencies, and users spread over them: prosecutors in the prosecution services, officers elsewhere. */
async function seedUsers(count: number): Promise<{ users: SoakUser[]; agencyIdsByCountry: Record<string, string[]> }> {
  const agencies = [];
  for (const a of AGENCIES) agencies.push(await Agency.create(a));
  const agencyIdsByCountry: Record<string, string[]> = { AR: [], PY: [] };
  for (const a of agencies) agencyIdsByCountry[a.country]!.push(String(a._id));
  const passwordHash = await hashPassword(PASSWORD);
  const users: SoakUser[] = [];
  for (let index = 0; index < count; index++) {
    const agency = agencies[index % agencies.length]!;
    const roles: Role[] = [agency.kind === 'prosecutor' ? 'prosecutor' : 'officer'];
    const email = `soak${index}@example.org`;
    await User.create({ email, displayName: email, agencyId: agency._id, country: agency.country, roles, status: 'active', passwordHash });
    users.push({ index, email, viewer: { agencyId: String(agency._id), country: agency.country, roles, agencyKind: agency.kind } });
  }
  return { users, agencyIdsByCountry };
}

/** A driver child process and the messages it sends, awaited by type. */
class DriverProcess {
  private readonly waiting = new Map<string, (m: FromDriver) => void>();
  private readonly child: ChildProcess;
  constructor() {
    this.child = fork(path.join(import.meta.dirname, 'soak', 'driver.ts'), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    this.child.on('message', (m: FromDriver) => {
      if (m.type === 'failed') {
        console.error(`soak driver failed: ${m.message}`);
        process.exitCode = 1;
      }
      this.waiting.get(m.type)?.(m);
    });
  }
  send(m: ToDriver): void {
    this.child.send(m);
  }
  next<T extends FromDriver['type']>(type: T): Promise<Extract<FromDriver, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiting.set(type, (m) => resolve(m as Extract<FromDriver, { type: T }>));
      this.child.once('exit', (code) => reject(new Error(`soak driver exited (${code}) before '${type}'`)));
    });
  }
  stop(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoakBenchmark(): Promise<void> {
  const dbName = `puente_soak_${Date.now()}`;
  const bench = await startBenchStore({ dbName });
  const redis = await PrivateRedis.start();
  const servers: BenchServer[] = [];
  const drivers: DriverProcess[] = [];
  try {
    await connectMongoose(storeInstance().store, bench.store.uri, dbName);
    await ensureIndexes(storeInstance().store);
    await bench.store.indexIdPaths?.();
    const { users, agencyIdsByCountry } = await seedUsers(Math.ceil(SOCKETS / DEVICES_PER_USER));
    const env = { MONGODB_URI: bench.store.uri, MONGODB_DB: dbName, REDIS_URL: redis.url, ...SOAK_LIMIT_OVERRIDES };
    // --trace-gc: each full collection prints the heap it leaves (soak/memory.ts heapAfterFullCollections).
    // SOAK_SERVER1_ENV (KEY=VALUE …) for the first server alone: an A/B of a runtime setting (e.g.
    // MALLOC_ARENA_MAX=2) under the same traffic as the second server.
    const server1Env = Object.fromEntries(
      (process.env.SOAK_SERVER1_ENV ?? '')
        .split(/\s+/)
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
    );
    if (Object.keys(server1Env).length) console.error(`soak: server 1 also runs with ${process.env.SOAK_SERVER1_ENV}`);
    const server1Args = SNAPSHOT_MINUTES.length ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${SNAPSHOT_DIR}`] : [];
    if (SNAPSHOT_MINUTES.length) {
      fs.mkdirSync(SNAPSHOT_DIR, { recursive: true });
      console.error(`soak: server 1 writes heap snapshots to ${SNAPSHOT_DIR} at minutes ${SNAPSHOT_MINUTES.join(', ')}`);
    }
    servers.push(await spawnPuente({ ...env, ...server1Env }, ['--trace-gc', ...server1Args]), await spawnPuente(env, ['--trace-gc']));
    const t0 = Date.now();
    for (let k = 0; k < DRIVERS; k++) drivers.push(new DriverProcess());
    const setupOf = (driver: number): DriverSetup => ({
      driver,
      servers: servers.map((s) => s.url),
      users: users.filter((u) => u.index % DRIVERS === driver),
      agencyIdsByCountry,
      devicesPerUser: DEVICES_PER_USER,
      password: PASSWORD,
      churnShare: 0.4,
      rates: RATES,
      liveDelayMs: LIVE_DELAY_MS,
      liveJitterMs: LIVE_JITTER_MS,
    });
    const ready = drivers.map((d) => d.next('ready'));
    drivers.forEach((d, k) => d.send({ type: 'setup', setup: setupOf(k) }));
    const devices = (await Promise.all(ready)).reduce((n, m) => n + m.devices, 0);
    console.error(`soak: ${users.length} users signed in, ${devices} sockets open in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

    const memory: MemorySample[][] = servers.map(() => []);
    const fullCollections: FullCollection[][] = servers.map(() => []);
    /** How far each server's output has been read for --trace-gc lines (whole lines only). */
    const gcRead = servers.map((s) => s.output().length);
    const startAt = Date.now();
    const sampleAll = async () => {
      const minute = (Date.now() - startAt) / 60_000;
      const got = await Promise.all(servers.map((s) => sampleMemory(s.url, minute)));
      got.forEach((g, i) => memory[i]!.push(g));
      servers.forEach((s, i) => {
        const out = s.output();
        const end = out.lastIndexOf('\n') + 1;
        if (end <= gcRead[i]!) return;
        for (const figures of fullCollectionFigures(out.slice(gcRead[i], end))) fullCollections[i]!.push({ minute, ...figures });
        gcRead[i] = end;
      });
      // As they come, so that a run cut short still leaves its figures.
      const cells = got.map(
        (g) => `heap ${(g.heapUsedBytes / 1e6).toFixed(1)} MB, RSS ${(g.rssBytes / 1e6).toFixed(1)} MB, 5xx ${g.server5xx}`,
      );
      console.error(`soak: ${minute.toFixed(2)} min: ${cells.join(' | ')}`);
    };
    drivers.forEach((d) => d.send({ type: 'start', at: startAt }));
    await sampleAll();
    const sampler = setInterval(
      () => void sampleAll().catch((e: unknown) => console.error(`soak: /metrics: ${String(e)}`)),
      SAMPLE_EVERY_MS,
    );
    const progress = setInterval(() => console.error(`soak: ${((Date.now() - startAt) / 60_000).toFixed(1)} of ${MINUTES} min`), 60_000);
    const snapshots = SNAPSHOT_MINUTES.map((minute) =>
      setTimeout(() => {
        console.error(`soak: ${minute} min: heap snapshot of server 1 asked for (its process stops while it writes)`);
        servers[0]!.child.kill('SIGUSR2');
      }, minute * 60_000),
    );
    await sleep(MINUTES * 60_000);
    clearInterval(progress);
    clearInterval(sampler);
    snapshots.forEach(clearTimeout);
    await sampleAll();

    const phase = (what: string) => console.error(`soak: ${what} (${((Date.now() - startAt) / 60_000).toFixed(1)} min)`);
    phase('traffic stopped; waiting for requests in flight and devices away');
    const stopped = drivers.map((d) => d.next('stopped'));
    drivers.forEach((d) => d.send({ type: 'stop' }));
    await Promise.all(stopped);
    // Fan-out of the last writes, and the catch-up of what devices missed while away.
    await sleep(10_000);
    phase('final catch-up of every device');
    const finals = drivers.map((d) => d.next('final'));
    drivers.forEach((d) => d.send({ type: 'final' }));
    const reports = await Promise.all(finals);
    const alerts: PostedAlert[] = reports.flatMap((r) => r.alerts);
    const updates: PostedUpdate[] = reports.flatMap((r) => r.updates);
    phase('checking delivery');
    const verdicts = drivers.map((d) => d.next('verdict'));
    drivers.forEach((d) => d.send({ type: 'verify', alerts, updates }));
    const checks: DeliveryCheck[] = (await Promise.all(verdicts)).map((v) => v.check);
    // SOAK_FIT_FROM_MINUTE widens the window the memory slopes are fitted over (default: the last 5 minutes).
    const windowFrom = Number(process.env.SOAK_FIT_FROM_MINUTE ?? (MINUTES >= 10 ? MINUTES - 5 : MINUTES / 2));
    printSoakReport({
      minutes: MINUTES,
      users: users.length,
      devicesPerUser: DEVICES_PER_USER,
      rates: RATES,
      liveDelayMs: LIVE_DELAY_MS,
      liveJitterMs: LIVE_JITTER_MS,
      overrides: SOAK_LIMIT_OVERRIDES,
      alerts: alerts.length,
      updates: updates.length,
      drivers: reports,
      checks,
      memory,
      windowFrom,
      slopes: memory.map((m) => ({
        heap: mbPerMinute(m, 'heapUsedBytes', windowFrom),
        rss: mbPerMinute(m, 'rssBytes', windowFrom),
        heapFloor: floorMbPerMinute(m, 'heapUsedBytes', windowFrom),
        rssFloor: floorMbPerMinute(m, 'rssBytes', windowFrom),
        externalFloor: floorMbPerMinute(m, 'externalBytes', windowFrom),
      })),
      fullCollections: fullCollections.map((c, i) => {
        const inWindow = c.filter((f) => f.minute >= windowFrom);
        const rssAfter = rssAfterFullCollections(memory[i]!, inWindow);
        const outsideHeap = rssAfter.flatMap((p) => (p.outsideHeapMb === undefined ? [] : [{ x: p.minute, y: p.outsideHeapMb }]));
        return {
          count: inWindow.length,
          mbPerMinute: slope(inWindow.map((f) => ({ x: f.minute, y: f.heapAfterMb }))),
          heapsAfter: inWindow.map((f) => f.heapAfterMb),
          rssAfter: rssAfter.map((p) => p.rssMb),
          rssAfterMbPerMinute: slope(rssAfter.map((p) => ({ x: p.minute, y: p.rssMb }))),
          committedAfterMbPerMinute: slope(inWindow.map((f) => ({ x: f.minute, y: (f.committedAfterMb ?? NaN) * V8_MB }))),
          outsideHeapAfter: outsideHeap.map((p) => p.y),
          outsideHeapAfterMbPerMinute: slope(outsideHeap),
        };
      }),
      heapSpaces: memory.map((m) => heapSpaceTrends(m, windowFrom)),
      serverLogs: servers.map((s) => summarizeServerLog(s.output())),
    });
  } finally {
    for (const d of drivers) d.stop();
    await Promise.all(servers.map((s) => s.stop()));
    await redis.stop();
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
  }
}
