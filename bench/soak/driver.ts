/**
 * A soak driver (a child process of bench/soak.ts): signs its users in, opens their devices'
 * sockets, makes their HTTP traffic and drops and reconnects devices on schedule, then checks what
 * each device received. Run as its own process so the sockets' work does not share the
 * benchmark's event loop (its p99 delay is reported).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { benchLogin } from '../lib/session.js';
import { Device } from './device.js';
import type { DriverSetup, FromDriver, SoakUser, ToDriver } from './protocol.js';
import { Traffic, type Actor } from './traffic.js';
import { checkDelivery } from './verify.js';

const send = (m: FromDriver) => process.send!(m);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CONNECT_BATCH = 100;
const LOGIN_BATCH = 4;
const RETRY_BATCH = 10;
const RETRY_FOR_MS = 180_000;

let setup: DriverSetup;
const devices: Device[] = [];
let actors: Actor[] = [];
let traffic: Traffic;
let startAt = 0;
const requests: number[] = [];
const events: number[] = [];
const second = () => Math.max(0, Math.floor((Date.now() - startAt) / 1000));
const bump = (series: number[]) => {
  if (!startAt) return;
  const s = second();
  series[s] = (series[s] ?? 0) + 1;
};
/** Devices away on purpose (dropped by the churn), which the reconnect sweep leaves alone. */
const away = new Set<Device>();
const timers: NodeJS.Timeout[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

async function prepare(s: DriverSetup): Promise<void> {
  setup = s;
  // A few sign-ins at a time: each is a scrypt on the server.
  actors = [];
  const signIn = async (user: SoakUser): Promise<Actor> => {
    const url = s.servers[user.index % s.servers.length]!;
    return { user, url, session: await benchLogin(url, user.email, s.password), seen: [], own: [] };
  };
  for (let from = 0; from < s.users.length; from += LOGIN_BATCH)
    actors.push(...(await Promise.all(s.users.slice(from, from + LOGIN_BATCH).map(signIn))));
  const seenSets = actors.map(() => new Set<string>());
  actors.forEach((a, ai) => {
    for (let j = 0; j < s.devicesPerUser; j++) {
      devices.push(
        new Device({
          url: s.servers[(a.user.index + j) % s.servers.length]!,
          cookie: a.session.cookie,
          user: a.user,
          // The same share of every user's devices churns.
          steady: j >= Math.round(s.devicesPerUser * s.churnShare),
          liveDelayMs: s.liveDelayMs,
          liveJitterMs: s.liveJitterMs,
          onEvent: () => bump(events),
          onAlertNew: (id) => {
            if (seenSets[ai]!.has(id)) return;
            seenSets[ai]!.add(id);
            a.seen.push(id);
          },
        }),
      );
    }
  });
  for (let from = 0; from < devices.length; from += CONNECT_BATCH)
    await Promise.all(devices.slice(from, from + CONNECT_BATCH).map((d) => d.connect()));
  traffic = new Traffic(actors, s.driver, s.agencyIdsByCountry, () => bump(requests));
  send({ type: 'ready', devices: devices.length });
}

/** Drops a churning device for 5–20 s, then reconnects it (it catches up from its cursor). */
function dropOne(): void {
  const candidates = devices.filter((d) => !d.opts.steady && d.connected && !away.has(d));
  const d = candidates[Math.floor(Math.random() * candidates.length)];
  if (!d) return;
  away.add(d);
  d.disconnect();
  setTimeout(
    () =>
      void d
        .connect()
        .catch(() => undefined)
        .finally(() => away.delete(d)),
    5000 + Math.random() * 15_000,
  );
}

/** A device whose socket dropped on its own (not by the churn) reconnects, as the client does. */
async function reconnectDropped(): Promise<void> {
  await Promise.all(devices.filter((d) => !d.connected && !away.has(d)).map((d) => d.connect().catch(() => undefined)));
}

function start(at: number): void {
  startAt = at;
  loopDelay.enable();
  const perDriver = (x: number) => x / setup.servers.length;
  const r = setup.rates;
  traffic.start({
    posts: perDriver(r.posts),
    updates: perDriver(r.updates),
    edits: perDriver(r.edits),
    searches: perDriver(r.searches),
    lists: perDriver(r.lists),
    drops: 0,
  });
  if (r.drops > 0) timers.push(setInterval(dropOne, 1000 / perDriver(r.drops)));
  timers.push(setInterval(() => void reconnectDropped(), 5000));
}

async function stop(): Promise<void> {
  for (const t of timers) clearInterval(t);
  await traffic.stop();
  // Devices away come back within 20 s, and their connect and catch-up give up within 2 minutes.
  const deadline = Date.now() + 150_000;
  while (away.size && Date.now() < deadline) await sleep(200);
  await reconnectDropped();
  loopDelay.disable();
  send({ type: 'stopped' });
}

/** Every device catches up to the end of the log, then the driver says what it posted and measured. */
async function final(): Promise<void> {
  await reconnectDropped();
  // All at once, as after a server restart; then, a few at a time, those refused in that storm.
  let failed: Device[] = [];
  for (let from = 0; from < devices.length; from += CONNECT_BATCH) {
    const batch = devices.slice(from, from + CONNECT_BATCH);
    const ok = await Promise.all(batch.map((d) => d.catchUp(30_000)));
    failed.push(...batch.filter((_, i) => !ok[i]));
  }
  const stormFailures = failed.length;
  // Bounded: a device still refused after RETRY_FOR_MS is left as it is (its missing alerts show).
  const retryUntil = Date.now() + RETRY_FOR_MS;
  for (let from = 0; from < failed.length && Date.now() < retryUntil; from += RETRY_BATCH)
    await Promise.all(failed.slice(from, from + RETRY_BATCH).map((d) => d.catchUp(15_000)));
  failed = [];
  send({
    type: 'final',
    alerts: traffic.record.alerts,
    updates: traffic.record.updates,
    statuses: Object.fromEntries(traffic.record.statuses),
    throughput: { requests: Array.from(requests, (x) => x ?? 0), events: Array.from(events, (x) => x ?? 0) },
    skipped: traffic.record.skipped,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    finalStormFailures: stormFailures,
  });
}

process.on('message', (m: ToDriver) => {
  const run = async () => {
    if (m.type === 'setup') await prepare(m.setup);
    else if (m.type === 'start') start(m.at);
    else if (m.type === 'stop') await stop();
    else if (m.type === 'final') await final();
    else if (m.type === 'verify') {
      send({ type: 'verdict', check: checkDelivery(devices, m.alerts, m.updates) });
      for (const d of devices) d.disconnect();
    }
  };
  run().catch((err: unknown) => send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }));
});
process.on('disconnect', () => process.exit(0));
