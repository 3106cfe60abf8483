/**
 * Fan-out latency: from the POST of an alert to its receipt on 1,000 sockets spread over two
 * Puente processes sharing Redis, beside a raw Socket.IO broadcast of the same payload to the
 * same sockets (published with @socket.io/redis-emitter straight into the adapter), measured
 * in the same run, iterations interleaved. Goals: issue #4, p50 ratio ≤ 2 and p99 ≤ 250 ms at 1,000
 * sockets; issue 13, p50 ratio ≤ 1.5 at 1,000 sockets and ≤ 2 at 5,000.
 */
import { performance } from 'node:perf_hooks';
import { Emitter } from '@socket.io/redis-emitter';
import mongoose from 'mongoose';
import { createClient } from 'redis';
import { io as connect, type Socket } from 'socket.io-client';
import { hashPassword } from '../server/platform/crypto/passwordHash.js';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import { spawnPuente, startBenchStore, type BenchServer } from './lib/environment.js';
import { benchLogin } from './lib/session.js';
import { printComparison, summarize } from './lib/stats.js';
import { Agency, User } from '../test/helpers/models.js';
import { storeInstance } from '../test/helpers/instance.js';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 1000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 100);
const USERS_PER_COUNTRY = 10;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'Banco-de-pruebas-fronterizo-2026';

let serial = 0;
/** Each alert is distinct (its own phone and names), so the run measures delivery, not matching. */
function alertPayload(marker: string) {
  serial++;
  return {
    kind: 'possible_victim',
    priority: 'urgent',
    title: marker,
    summary: 'Banco de pruebas de difusión',
    subjects: [{ role: 'victim', givenNames: `Prueba${serial}`, familyNames: `Difusión${serial}`, approxAge: 16 }],
    phones: [`0981 ${String(100000 + serial).slice(0, 3)} ${String(100000 + serial).slice(3)}`],
    distribution: { scope: 'bilateral' },
    sensitivity: 'restricted',
  };
}

export async function runFanoutBenchmark(): Promise<void> {
  const dbName = `puente_bench_${Date.now()}`;
  const bench = await startBenchStore({ dbName });
  const servers: BenchServer[] = [];
  const sockets: Socket[] = [];
  const redis = createClient({ url: REDIS_URL });
  try {
    await connectMongoose(storeInstance().store, bench.store.uri, dbName);
    await ensureIndexes(storeInstance().store);
    await bench.store.indexIdPaths?.();
    const ar = await Agency.create({ name: 'Policía de Formosa (banco)', shortName: 'PF', country: 'AR', kind: 'police' });
    const py = await Agency.create({ name: 'Policía Nacional (banco)', shortName: 'PN', country: 'PY', kind: 'police' });
    const passwordHash = await hashPassword(PASSWORD);
    const emails: string[] = [];
    for (const agency of [ar, py]) {
      for (let i = 0; i < USERS_PER_COUNTRY; i++) {
        const email = `bench${agency.country}${i}@example.org`;
        await User.create({
          email,
          displayName: email,
          agencyId: agency._id,
          country: agency.country,
          roles: ['officer'],
          status: 'active',
          passwordHash,
        });
        emails.push(email);
      }
    }
    const env = {
      MONGODB_URI: bench.store.uri,
      MONGODB_DB: dbName,
      REDIS_URL,
      JOBS_ENABLED: 'false',
      // Fan-out is measured, not sign-in: officers skip TOTP enrolment here.
      MFA_REQUIRED_ROLES: 'system_admin',
      LOGIN_RATE_LIMIT_PER_15_MIN: '100000',
      // Every benchmark socket comes from one address and twenty users.
      SOCKETS_PER_USER: '1000',
      SOCKETS_PER_IP: '100000',
      // e.g. --import=<a module that records a CPU profile>, to see where the time goes.
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
    };
    servers.push(await spawnPuente(env), await spawnPuente(env));
    const sessions = await Promise.all(emails.map((e, i) => benchLogin(servers[i % 2]!.url, e, PASSWORD)));
    const poster = sessions[0]!;

    const t0 = new Map<string, number>();
    const samples: Record<'puente' | 'raw', number[]> = { puente: [], raw: [] };
    // Diagnostics: when each alert's first socket heard of it, and when its POST was answered.
    const firstReceipt: Record<'puente' | 'raw', number[]> = { puente: [], raw: [] };
    const postAnswered: number[] = [];
    const shape: Record<'puente' | 'raw', number[][]> = { puente: [], raw: [] };
    const pending = new Map<string, number>();
    let resolveIteration: (() => void) | null = null;
    const onAlert = (p: { alert: { title?: string } }) => {
      const marker = p.alert.title ?? '';
      const start = t0.get(marker);
      if (start === undefined) return;
      const kind = marker.startsWith('raw') ? 'raw' : 'puente';
      samples[kind].push(performance.now() - start);
      if (pending.get(marker) === SOCKETS) firstReceipt[kind].push(performance.now() - start);
      if (process.env.BENCH_FANOUT_SHAPE) (shape[kind][SOCKETS - (pending.get(marker) ?? 0)] ??= []).push(performance.now() - start);
      const left = (pending.get(marker) ?? 0) - 1;
      pending.set(marker, left);
      if (left === 0) resolveIteration?.();
    };
    // In batches, so that thousands of handshakes (each a session read) do not time out on a slow machine.
    const CONNECT_BATCH = 250;
    for (let from = 0; from < SOCKETS; from += CONNECT_BATCH) {
      const batch: Socket[] = [];
      for (let i = from; i < Math.min(SOCKETS, from + CONNECT_BATCH); i++) {
        const server = servers[i % 2]!;
        const cookie = sessions[i % sessions.length]!.cookie;
        const s = connect(server.url, {
          transports: ['websocket'],
          extraHeaders: { cookie },
          reconnection: false,
          forceNew: true,
          timeout: 60_000,
        });
        s.on('alert:new', onAlert);
        batch.push(s);
      }
      sockets.push(...batch);
      await Promise.all(
        batch.map((s) =>
          s.connected ? Promise.resolve() : new Promise((r, j) => (s.once('connect', () => r(undefined)), s.once('connect_error', j))),
        ),
      );
    }
    console.error(`fan-out: ${sockets.length} sockets connected over ${servers.length} processes`);

    await redis.connect();
    const emitter = new Emitter(redis);
    let rawPayload: unknown = null;
    const runOne = async (marker: string, send: () => Promise<void>) => {
      pending.set(marker, SOCKETS);
      const done = new Promise<void>((r) => (resolveIteration = r));
      t0.set(marker, performance.now());
      await send();
      await Promise.race([done, new Promise((r) => setTimeout(r, 10_000))]);
      t0.delete(marker);
      await new Promise((r) => setTimeout(r, 30));
    };
    const postAlert = async (marker: string) => {
      const res = await fetch(`${servers[0]!.url}/api/v1/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: poster.cookie, 'x-csrf-token': poster.csrf },
        body: JSON.stringify(alertPayload(marker)),
      });
      if (res.status !== 201) throw new Error(`POST /alerts: ${res.status} ${await res.text()}`);
      const start = t0.get(marker);
      if (start !== undefined) postAnswered.push(performance.now() - start);
      rawPayload ??= await res.json();
    };
    // Warm-up (not measured): JIT, connection pools, and the payload the raw broadcast reuses.
    for (let i = 0; i < 3; i++) await runOne(`warm-${i}`, () => postAlert(`warm-${i}`));
    samples.puente.length = 0;
    firstReceipt.puente.length = 0;
    postAnswered.length = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      await runOne(`raw-${i}`, async () => {
        emitter.to(['country:AR:o', 'country:PY:o']).emit('alert:new', { alert: { ...(rawPayload as object), title: `raw-${i}` } });
      });
      await runOne(`puente-${i}`, () => postAlert(`puente-${i}`));
    }
    const puente = summarize(samples.puente);
    const raw = summarize(samples.raw);
    printComparison(
      `Alert fan-out to ${SOCKETS} sockets on 2 processes with Redis (${ITERATIONS} alerts each; every socket's receipt is a sample)`,
      ['Puente: POST /alerts → alert:new received', puente],
      ['baseline: raw Socket.IO broadcast (redis-emitter)', raw],
    );
    const p50 = (xs: number[]) => summarize(xs).p50.toFixed(1);
    console.log(
      `  first socket's receipt p50: Puente ${p50(firstReceipt.puente)} ms, raw ${p50(firstReceipt.raw)} ms; POST answered p50 ${p50(postAnswered)} ms`,
    );
    if (process.env.BENCH_FANOUT_SHAPE)
      for (const k of ['raw', 'puente'] as const)
        console.log(k, [0, 100, 250, 500, 750, 999].map((i) => `#${i + 1}: ${p50(shape[k][i] ?? [])}`).join('  '));
    const ratio = puente.p50 / raw.p50;
    const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
    if (SOCKETS <= 1000) {
      console.log(
        `  goal (issue #4): p50 ratio ≤ 2 (${ratio.toFixed(2)}), p99 ≤ 250 ms (${puente.p99.toFixed(1)} ms) → ${mark(ratio <= 2 && puente.p99 <= 250)}`,
      );
      if (SOCKETS === 1000)
        console.log(`  goal (issue 13): p50 ratio ≤ 1.5 at 1,000 sockets (${ratio.toFixed(2)}) → ${mark(ratio <= 1.5)}`);
    } else if (SOCKETS === 5000) {
      console.log(`  goal (issue 13): p50 ratio ≤ 2 at 5,000 sockets (${ratio.toFixed(2)}) → ${mark(ratio <= 2)}`);
    }
  } finally {
    for (const s of sockets) s.close();
    await Promise.all(servers.map((s) => s.stop()));
    if (redis.isOpen) await redis.quit();
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
  }
}
