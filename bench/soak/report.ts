/** The soak's printed report (bench/soak.ts). */
import { percentile } from '../lib/stats.js';
import type { heapSpaceTrends, MemorySample } from './memory.js';
import type { DeliveryCheck, FromDriver, SoakRates } from './protocol.js';

/**
 * "Flat" below 1 MB/min. Why this figure: heap used is a sawtooth (young-generation collections
 * every few seconds, old-generation ones far apart), so a 5-minute fit of 10-second samples moves
 * by a few tenths of a MB/min on a heap that does not grow. Above it a real retention shows: at the
 * soak's ~600 alert deliveries a second, keeping 30 bytes per delivery, 17 KB per alert or 3 KB per
 * HTTP request would each exceed 1 MB/min.
 */
export const FLAT_MB_PER_MIN = 1;

export interface SoakReport {
  minutes: number;
  users: number;
  devicesPerUser: number;
  rates: SoakRates;
  liveDelayMs: number;
  liveJitterMs: number;
  overrides: Record<string, string>;
  alerts: number;
  updates: number;
  drivers: Extract<FromDriver, { type: 'final' }>[];
  checks: DeliveryCheck[];
  memory: MemorySample[][];
  windowFrom: number;
  slopes: { heap: number; rss: number; heapFloor: number; rssFloor: number; externalFloor: number }[];
  /** Per server, the heap left by each full collection in the window (`--trace-gc`) and its slope. */
  fullCollections: {
    count: number;
    mbPerMinute: number;
    heapsAfter: number[];
    rssAfter: number[];
    rssAfterMbPerMinute: number;
    /** What V8 keeps committed for its heap after each (MB of 10^6), and its slope. */
    committedAfterMbPerMinute: number;
    /** RSS just after each minus V8's committed heap: memory outside the JavaScript heap, and its slope. */
    outsideHeapAfter: number[];
    outsideHeapAfterMbPerMinute: number;
  }[];
  /** Per server, what V8 had committed for each heap space over the window (memory.ts heapSpaceTrends). */
  heapSpaces: ReturnType<typeof heapSpaceTrends>[];
  /** Each server's warnings and errors by message (serverLog.ts). */
  serverLogs: [string, number][][];
}

const mb = (b: number) => (b / 1e6).toFixed(1);

function sumChecks(checks: DeliveryCheck[]): DeliveryCheck {
  const total: DeliveryCheck = { ...checks[0]!, examples: [], failureReasons: {} };
  const counts = (Object.keys(total) as (keyof DeliveryCheck)[]).filter((k) => typeof total[k] === 'number');
  for (const k of counts) (total[k] as number) = 0;
  for (const c of checks) {
    for (const k of counts) (total[k] as number) += c[k] as number;
    total.examples.push(...c.examples);
    for (const [reason, n] of Object.entries(c.failureReasons)) total.failureReasons[reason] = (total.failureReasons[reason] ?? 0) + n;
  }
  return total;
}

/** Per-second series summed over the drivers, without the last (partial) second. */
function perSecond(series: number[][]): { mean: number; p5: number; p50: number; max: number } {
  const length = Math.max(0, ...series.map((s) => s.length)) - 1;
  const sums = Array.from({ length }, (_, i) => series.reduce((n, s) => n + (s[i] ?? 0), 0));
  const sorted = [...sums].sort((a, b) => a - b);
  const mean = sums.reduce((a, b) => a + b, 0) / Math.max(1, sums.length);
  return { mean, p5: percentile(sorted, 5), p50: percentile(sorted, 50), max: sorted[sorted.length - 1] ?? 0 };
}

const perMinute = (v: number) => (Number.isNaN(v) ? 'n/a (fewer than two)' : `${v.toFixed(2)} MB/min`);

export function printSoakReport(r: SoakReport): void {
  const devices = r.users * r.devicesPerUser;
  console.log(`\nSoak: ${r.minutes} min, 2 Puente processes + private redis-server + embedded store (FerretDB/SQLite), jobs on`);
  console.log(
    `  ${devices} sockets (${r.users} users × ${r.devicesPerUser} devices, one session per user) from 2 driver processes; ` +
      `requests/s: ${r.rates.posts} alert posts, ${r.rates.updates} notes, ${r.rates.edits} edits, ${r.rates.searches} searches, ` +
      `${r.rates.lists} list reads; ${r.rates.drops} device drop/s (away 5–20 s, then alerts:since)`,
  );
  console.log(
    `  alerts:since on every (re)connection and at the end` +
      (r.liveDelayMs > 0
        ? `, and ${r.liveDelayMs / 1000}–${(r.liveDelayMs + r.liveJitterMs) / 1000} s after a live event`
        : ' (not after live events)') +
      `; limits set for the bench: ` +
      Object.entries(r.overrides)
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
  );

  const statuses = new Map<string, number>();
  for (const d of r.drivers) for (const [k, n] of Object.entries(d.statuses)) statuses.set(k, (statuses.get(k) ?? 0) + n);
  const byKind = new Map<string, string[]>();
  for (const [k, n] of [...statuses].sort()) {
    const [kind, ...status] = k.split(' ');
    byKind.set(kind!, [...(byKind.get(kind!) ?? []), `${status.join(' ')}×${n}`]);
  }
  console.log(`  requests: ${[...byKind].map(([k, v]) => `${k} ${v.join(' ')}`).join('; ')}`);
  const client5xx = [...statuses].filter(([k]) => / (5\d\d|error)\b/.test(k)).reduce((n, [, v]) => n + v, 0);
  const server5xx = r.memory.reduce((n, m) => n + (m[m.length - 1]?.server5xx ?? 0), 0);
  const skipped = r.drivers.reduce((n, d) => n + d.skipped, 0);
  console.log(
    `  5xx: ${client5xx} answered to the drivers (or no answer), ${server5xx} counted by the servers' /metrics → ${client5xx + server5xx === 0 ? 'none (goal met)' : 'NOT met'}; requests skipped (64 in flight): ${skipped}`,
  );

  const req = perSecond(r.drivers.map((d) => d.throughput.requests));
  const ev = perSecond(r.drivers.map((d) => d.throughput.events));
  console.log(
    `  throughput per second: requests mean ${req.mean.toFixed(1)} (p5 ${req.p5}, p50 ${req.p50}, max ${req.max}); ` +
      `socket events received mean ${ev.mean.toFixed(0)} (p5 ${ev.p5}, p50 ${ev.p50}, max ${ev.max})`,
  );
  console.log(`  driver event-loop delay p99: ${r.drivers.map((d) => `${d.loopDelayP99Ms.toFixed(0)} ms`).join(', ')}`);

  const c = sumChecks(r.checks);
  const deliveryOk = c.duplicates + c.unexpected + c.missing + c.updateDuplicates + c.updateUnexpected + c.updateMissing === 0;
  console.log(
    `  delivery: ${r.alerts} alerts, ${r.updates} notes posted; ${c.steadyDevices} devices connected throughout, ${c.churnDevices} reconnected ` +
      `(${c.reconnects} reconnections, ${c.unexpectedDisconnects} not planned)`,
  );
  const reasons = Object.entries(c.failureReasons)
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
  const storm = r.drivers.reduce((n, d) => n + d.finalStormFailures, 0);
  console.log(
    `    alerts:since calls ${c.catchUpCalls}; catch-ups failed ${c.catchUpFailures}${reasons ? ` (${reasons})` : ''}; ` +
      `of them in the final catch-up of every device at once (100 per driver): ${storm}, each retried 10 at a time`,
  );
  console.log(
    `    alert:new received ${c.alertNewReceived}: duplicates ${c.duplicates}, outside the audience ${c.unexpected}, missing ${c.missing}; ` +
      `alert:update on steady devices ${c.updatesReceived}: duplicates ${c.updateDuplicates}, outside ${c.updateUnexpected}, missing ${c.updateMissing}` +
      ` → ${deliveryOk ? 'every alert exactly once to exactly its audience' : 'NOT exact'}`,
  );
  if (c.unansweredAlerts)
    console.log(
      `    alerts received by devices whose POST was not answered 201 (made all the same): ${c.unansweredAlerts} (summed per driver)`,
    );
  for (const e of c.examples.slice(0, 10)) console.log(`      ${e}`);

  console.log(`  memory per server (from /metrics every ~5 s): minute  heap MB / RSS MB …`);
  const rows = Math.max(...r.memory.map((m) => m.length));
  for (let i = 0; i < rows; i++) {
    const cells = r.memory.map((m) => (m[i] ? `${mb(m[i]!.heapUsedBytes).padStart(7)} /${mb(m[i]!.rssBytes).padStart(7)}` : ''));
    console.log(`    ${(r.memory[0]![i]?.minute ?? 0).toFixed(2).padStart(6)}  ${cells.join('   ')}`);
  }
  r.slopes.forEach((s, i) => {
    const m = r.memory[i]!;
    const first = m[0];
    const last = m[m.length - 1];
    const cpu = first && last ? ((last.cpuSeconds - first.cpuSeconds) / ((last.minute - first.minute) * 60)) * 100 : NaN;
    const flat = s.heap < FLAT_MB_PER_MIN && s.rss < FLAT_MB_PER_MIN;
    console.log(
      `  server ${i + 1}: slope over minutes ${r.windowFrom.toFixed(1)}–${r.minutes}: heap ${s.heap.toFixed(2)} MB/min, RSS ${s.rss.toFixed(2)} MB/min ` +
        `(lowest sample of each minute: heap ${s.heapFloor.toFixed(2)}, RSS ${s.rssFloor.toFixed(2)}, external ${s.externalFloor.toFixed(2)} MB/min) ` +
        `→ ${flat ? 'flat' : 'NOT flat'} by a fit of every sample (threshold < ${FLAT_MB_PER_MIN} MB/min; retained memory below); CPU ${cpu.toFixed(0)}% of a core; sockets at the end ${last?.sockets ?? '?'}`,
    );
  });
  r.fullCollections.forEach((c, i) => {
    console.log(
      `  server ${i + 1}: heap after each full collection (--trace-gc) over minutes ${r.windowFrom.toFixed(1)}–${r.minutes}: ` +
        `${c.count} collections, ${c.heapsAfter.map((mb) => mb.toFixed(1)).join(', ') || '—'} MB; ` +
        `slope ${perMinute(c.mbPerMinute)}; RSS just after each: ${c.rssAfter.map((mb) => mb.toFixed(1)).join(', ') || '—'} MB, ` +
        `slope ${perMinute(c.rssAfterMbPerMinute)}`,
    );
    console.log(
      `  server ${i + 1}: of that RSS, V8's committed heap after each collection: slope ${perMinute(c.committedAfterMbPerMinute)}; ` +
        `the rest, outside the JavaScript heap: ${c.outsideHeapAfter.map((mb) => mb.toFixed(1)).join(', ') || '—'} MB, ` +
        `slope ${perMinute(c.outsideHeapAfterMbPerMinute)}`,
    );
  });
  // What stays: the heap a full collection leaves, and RSS outside V8's heap just after it. A fit of
  // every sample follows where the window's ends fall on the old space's teeth (V8 commits up to
  // ~200 MB for garbage between full collections here and gives it back), not what is kept.
  // Every server's copy keeps every alert (docs/architecture.md "Memory"): growth per alert posted
  // beside the copy's own figure tells memory that follows the data from memory that follows time.
  const alertsPerMinute = r.alerts / r.minutes;
  const perAlert = (mbPerMin: number) => (Number.isNaN(mbPerMin) ? 'n/a' : `${((mbPerMin * 1e6) / alertsPerMinute / 1024).toFixed(1)} KB`);
  r.fullCollections.forEach((c, i) => {
    const flat = c.mbPerMinute < FLAT_MB_PER_MIN && c.outsideHeapAfterMbPerMinute < FLAT_MB_PER_MIN;
    console.log(
      `  server ${i + 1}: retained memory over minutes ${r.windowFrom.toFixed(1)}–${r.minutes}: heap after each full collection ` +
        `${perMinute(c.mbPerMinute)}, RSS outside the JavaScript heap after each ${perMinute(c.outsideHeapAfterMbPerMinute)} ` +
        `→ ${flat ? 'flat' : 'NOT flat'} (threshold < ${FLAT_MB_PER_MIN} MB/min)`,
    );
    console.log(
      `  server ${i + 1}: per alert posted (${alertsPerMinute.toFixed(0)}/min, every one held by each server's copy): ` +
        `heap after each full collection ${perAlert(c.mbPerMinute)}, external memory ${perAlert(r.slopes[i]!.externalFloor)}, ` +
        `RSS just after each full collection ${perAlert(c.rssAfterMbPerMinute)} (the copy alone: \`npm run bench -- copy\`, docs/benchmarks.md)`,
    );
  });
  r.heapSpaces.forEach((spaces, i) => {
    const cells = spaces
      .filter((t) => t.maxMb >= 1)
      .map((t) => `${t.space} ${t.firstMb.toFixed(1)} → ${t.lastMb.toFixed(1)} (max ${t.maxMb.toFixed(1)}, ${perMinute(t.mbPerMinute)})`);
    console.log(
      `  server ${i + 1}: V8's committed heap by space over minutes ${r.windowFrom.toFixed(1)}–${r.minutes}, MB: ${cells.join('; ')}`,
    );
  });
  r.serverLogs.forEach((lines, i) => {
    if (!lines.length) return;
    console.log(`  server ${i + 1} warnings and errors (${lines.reduce((n, [, c]) => n + c, 0)}):`);
    for (const [line, n] of lines.slice(0, 8)) console.log(`    ${String(n).padStart(5)} × ${line.slice(0, 200)}`);
  });
}
