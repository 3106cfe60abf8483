/**
 * Alerts created through the API (issue 13, item 8): 4 officers post alerts, each with a name, a
 * DNI, a phone and a plate, first at a steady rate and then in a burst of BENCH_BURST (default
 * 2,000) as fast as they can, against one Puente process on the embedded store (FerretDB on
 * SQLite). The baseline, measured in the same run with the same 4-way concurrency, is
 * `GET /auth/me` (a session read and nothing else).
 *
 * Goals: post p95 ≤ 200 ms during the burst; the last alert's match (a DNI it shares with an alert
 * posted before the burst) and watch hit (its phone, watched written another way) reach a
 * watching officer's socket within 10 s of its post.
 */
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { hashPassword } from '../server/platform/crypto/passwordHash.js';
import { connectMongoose, ensureIndexes } from '../server/platform/store/mongoose.js';
import { spawnPuente, startBenchStore, type BenchServer } from './lib/environment.js';
import { benchLogin, benchRequest, type BenchSession } from './lib/session.js';
import { printComparison, summarize } from './lib/stats.js';
import { Agency, User } from '../test/helpers/models.js';
import { storeInstance } from '../test/helpers/instance.js';

const BURST = Number(process.env.BENCH_BURST ?? 2000);
const STEADY = Number(process.env.BENCH_STEADY ?? 200);
/** Steady phase: one post every this many ms, spread over the officers. */
const STEADY_INTERVAL_MS = 50;
const POSTERS = 4;
const PASSWORD = 'Banco-de-pruebas-fronterizo-2026';
const GOAL_POST_P95_MS = 200;
const GOAL_DELIVERY_MS = 10_000;

// Common names, so name postings grow long as they do in real data.
const GIVEN = ['María', 'José', 'Juan', 'Ana', 'Carlos', 'Rosa', 'Luis', 'Carmen', 'Jorge', 'Lucía', 'Pedro', 'Elena', 'Ramón', 'Silvia'];
const FAMILY = [
  'González',
  'Benítez',
  'Martínez',
  'López',
  'Giménez',
  'Fernández',
  'Rodríguez',
  'Vera',
  'Duarte',
  'Acosta',
  'Romero',
  'Ortiz',
];

let serial = 0;
function alertBody(opts: { dni?: string; phone?: string } = {}) {
  serial++;
  const n = serial;
  return {
    kind: 'possible_victim',
    priority: 'urgent',
    title: `Ráfaga ${n}`,
    summary: 'Banco de pruebas de alta de alertas',
    subjects: [
      {
        role: 'victim',
        givenNames: GIVEN[n % GIVEN.length],
        familyNames: `${FAMILY[n % FAMILY.length]} ${FAMILY[(n * 7) % FAMILY.length]}`,
        approxAge: 15 + (n % 10),
        documents: [{ type: 'DNI', country: 'AR', number: opts.dni ?? String(20_000_000 + n * 13) }],
      },
    ],
    phones: [opts.phone ?? `+54 370 4${String(100000 + n).padStart(6, '0')}`],
    vehicles: [{ plate: `AB ${String(100 + (n % 900))} C${String.fromCharCode(65 + (n % 26))}`, country: 'AR' }],
    distribution: { scope: 'bilateral' },
  };
}

async function timed(run: () => Promise<unknown>, into: number[]): Promise<void> {
  const t = performance.now();
  await run();
  into.push(performance.now() - t);
}

/** Runs `count` calls over `workers` concurrent loops. */
async function concurrently(count: number, workers: number, call: (i: number, worker: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = next++; i < count; i = next++) await call(i, w);
    }),
  );
}

export async function runBurstBenchmark(): Promise<void> {
  const dbName = `puente_bench_${Date.now()}`;
  const bench = await startBenchStore({ dbName, handler: 'sqlite' });
  let server: BenchServer | null = null;
  let socket: Socket | null = null;
  try {
    await connectMongoose(storeInstance().store, bench.store.uri, dbName);
    await ensureIndexes(storeInstance().store);
    await bench.store.indexIdPaths?.();
    const ar = await Agency.create({ name: 'Policía de Formosa (banco)', shortName: 'PF', country: 'AR', kind: 'police' });
    const passwordHash = await hashPassword(PASSWORD);
    const emails = Array.from({ length: POSTERS + 1 }, (_, i) => `burst${i}@example.org`);
    for (const email of emails)
      await User.create({ email, displayName: email, agencyId: ar._id, country: 'AR', roles: ['officer'], status: 'active', passwordHash });
    server = await spawnPuente({
      MONGODB_URI: bench.store.uri,
      MONGODB_DB: dbName,
      JOBS_ENABLED: 'false',
      MFA_REQUIRED_ROLES: 'system_admin',
      LOGIN_RATE_LIMIT_PER_15_MIN: '100000',
      ...(process.env.BENCH_SERVER_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_SERVER_NODE_OPTIONS } : {}),
    });
    const url = server.url;
    const sessions: BenchSession[] = [];
    for (const e of emails) sessions.push(await benchLogin(url, e, PASSWORD));
    const watcher = sessions[POSTERS]!;
    const post = (w: number, body: unknown) => benchRequest(url, sessions[w]!, 'POST', '/alerts', body, 201);

    // What the last alert of the burst will share: a DNI with an alert posted now, a watched phone.
    const sharedDni = '31.415.926';
    await post(0, alertBody({ dni: sharedDni }));
    await benchRequest(url, watcher, 'POST', '/watches', { kind: 'phone', value: '0370 154 999 888' }, 201);
    socket = connect(url, { transports: ['websocket'], extraHeaders: { cookie: watcher.cookie }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => (socket!.once('connect', () => resolve()), socket!.once('connect_error', reject)));
    let lastId = '';
    const heard: { match?: number; watch?: number } = {};
    socket.on('match:new', (p: { alertId: string }) => {
      if (p.alertId === lastId && heard.match === undefined) heard.match = performance.now();
    });
    socket.on('watch:hit', (p: { alert: { id: string } }) => {
      if (p.alert.id === lastId && heard.watch === undefined) heard.watch = performance.now();
    });

    // Baseline: a session read, same concurrency.
    const baseline: number[] = [];
    await concurrently(400, POSTERS, (_, w) => timed(() => benchRequest(url, sessions[w]!, 'GET', '/auth/me'), baseline));

    // Steady rate.
    const steady: number[] = [];
    await concurrently(STEADY, POSTERS, async (i, w) => {
      await new Promise((r) => setTimeout(r, STEADY_INTERVAL_MS * POSTERS));
      await timed(() => post(w, alertBody()), steady);
      if (i % 50 === 0) console.error(`burst: steady ${i}/${STEADY}`);
    });

    // The burst; the last alert carries the shared DNI and the watched phone written the international way.
    const burst: number[] = [];
    const started = performance.now();
    await concurrently(BURST - 1, POSTERS, async (i, w) => {
      await timed(() => post(w, alertBody()), burst);
      if (i % 250 === 0) console.error(`burst: ${i}/${BURST}`);
    });
    const lastStart = performance.now();
    const last = await post(0, alertBody({ dni: '31415926', phone: '+54 9 370 4999888' }));
    const postedAt = performance.now();
    burst.push(postedAt - lastStart);
    lastId = (last as { id: string }).id;
    const burstSeconds = (postedAt - started) / 1000;
    const deadline = postedAt + 60_000;
    while ((heard.match === undefined || heard.watch === undefined) && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));

    printComparison(
      `Alerts posted through the API by ${POSTERS} officers, steady (${STEADY}, one per ${STEADY_INTERVAL_MS} ms)`,
      ['POST /alerts, steady', summarize(steady)],
      ['baseline: GET /auth/me, same concurrency', summarize(baseline)],
    );
    const b = summarize(burst);
    printComparison(
      `… and in a burst of ${BURST} as fast as they go (${burstSeconds.toFixed(1)} s, ${(BURST / burstSeconds).toFixed(1)} alerts/s)`,
      ['POST /alerts, burst', b],
      ['baseline: GET /auth/me, same concurrency', summarize(baseline)],
    );
    const after = (t: number | undefined) => (t === undefined ? Infinity : t - postedAt);
    const match = after(heard.match);
    const watch = after(heard.watch);
    const fmt = (v: number) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : 'never (60 s)');
    console.log(`  last alert's match:new after its post: ${fmt(match)}; watch:hit: ${fmt(watch)}`);
    const met = b.p95 <= GOAL_POST_P95_MS && match <= GOAL_DELIVERY_MS && watch <= GOAL_DELIVERY_MS;
    console.log(
      `  goal: burst post p95 ≤ ${GOAL_POST_P95_MS} ms (${b.p95.toFixed(1)} ms), match and watch hit ≤ ${GOAL_DELIVERY_MS / 1000} s → ${met ? 'met' : 'NOT met'}`,
    );
  } finally {
    socket?.close();
    await server?.stop();
    await mongoose.connection.db?.dropDatabase().catch(() => undefined);
    await mongoose.disconnect();
    await bench.cleanup();
  }
}
