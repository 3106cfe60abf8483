/**
 * Each server's memory as its own /metrics reports it (prom-client's default metrics), sampled on
 * an interval, and the least-squares slope of the samples in the last window.
 * /metrics answers a direct loopback request outside production without a token (server/platform/http/metrics.ts).
 */

export interface MemorySample {
  /** Minutes since the soak's traffic began. */
  minute: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** Memory of JavaScript objects held outside the heap (Buffers, ArrayBuffers): grows where RSS does if buffers are kept. */
  externalBytes: number;
  cpuSeconds: number;
  sockets: number;
  /** puente_http_requests_total with a 5xx status, summed. */
  server5xx: number;
  /** What V8 has committed for each space of its heap (new, old, code, large objects, …), in bytes:
   * tells the heap's own reserve growing (a space sized to the traffic) from objects kept. */
  heapSpaceBytes: Record<string, number>;
}

/** Each series of a metric in the exposition text: its labels (`{…}`, or '' without) and value. */
function* metricSeries(text: string, name: string): Generator<{ labels: string; value: number }> {
  const re = new RegExp(`^${name}(\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'gm');
  for (const m of text.matchAll(re)) yield { labels: m[1] ?? '', value: Number(m[2]) };
}

/** The value of a metric without labels, or the sum of its labelled series that `keep` accepts. */
function metricValue(text: string, name: string, keep: (labels: string) => boolean = () => true): number {
  let total = 0;
  for (const { labels, value } of metricSeries(text, name)) if (keep(labels)) total += value;
  return total;
}

/** Each labelled series of a metric by the value of one label. */
function metricByLabel(text: string, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { labels, value } of metricSeries(text, name)) {
    const key = new RegExp(`${label}="([^"]+)"`).exec(labels)?.[1];
    if (key !== undefined) out[key] = value;
  }
  return out;
}

export async function sampleMemory(url: string, minute: number): Promise<MemorySample> {
  const res = await fetch(`${url}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics: ${res.status} (is NODE_ENV production, or METRICS_TOKEN needed?)`);
  const text = await res.text();
  return {
    minute,
    rssBytes: metricValue(text, 'process_resident_memory_bytes'),
    heapUsedBytes: metricValue(text, 'nodejs_heap_size_used_bytes'),
    externalBytes: metricValue(text, 'nodejs_external_memory_bytes'),
    cpuSeconds: metricValue(text, 'process_cpu_seconds_total'),
    sockets: metricValue(text, 'puente_connected_sockets'),
    server5xx: metricValue(text, 'puente_http_requests_total', (labels) => /status="5\d\d"/.test(labels)),
    heapSpaceBytes: metricByLabel(text, 'nodejs_heap_space_size_total_bytes', 'space'),
  };
}

/** The heap after a full collection, as `node --trace-gc` prints it, at the minute the line was read. */
export interface FullCollection {
  minute: number;
  /** Live objects left (V8's MB, 2^20 bytes). */
  heapAfterMb: number;
  /** Memory V8 keeps for its heap after the collection (the figure in brackets; V8's MB). */
  committedAfterMb?: number;
}

/** V8's trace prints MB of 2^20 bytes; /metrics, and so the soak, counts MB of 10^6. */
export const V8_MB = 1.048576;

/**
 * The heap left after each Mark-Compact in complete lines of `--trace-gc` output, and what V8
 * keeps committed for it, e.g. `[123:0x5d]   61012 ms: Mark-Compact 210.3 (240.1) -> 95.2 (238.0) MB, …`.
 * What a full collection leaves is what stays reachable: its trend is growth, the sawtooth between is garbage.
 */
export function fullCollectionFigures(text: string): { heapAfterMb: number; committedAfterMb: number }[] {
  return [...text.matchAll(/Mark-Compact(?: \(reduce\))? [\d.]+ \([\d.]+\) -> ([\d.]+) \(([\d.]+)\) MB/g)].map((m) => ({
    heapAfterMb: Number(m[1]),
    committedAfterMb: Number(m[2]),
  }));
}

export function heapAfterFullCollections(text: string): number[] {
  return fullCollectionFigures(text).map((f) => f.heapAfterMb);
}

/**
 * Per heap space, what V8 had committed for it at the window's first and last samples, its highest,
 * and the slope (MB/min) over the window: a space that grows to a size and stays is sized, one that
 * goes on growing holds more.
 */
export function heapSpaceTrends(
  samples: MemorySample[],
  fromMinute: number,
): { space: string; firstMb: number; lastMb: number; maxMb: number; mbPerMinute: number }[] {
  const inWindow = samples.filter((s) => s.minute >= fromMinute);
  const spaces = [...new Set(inWindow.flatMap((s) => Object.keys(s.heapSpaceBytes)))].sort();
  return spaces.map((space) => {
    const points = inWindow.flatMap((s) => {
      const bytes = s.heapSpaceBytes[space];
      return bytes === undefined ? [] : [{ x: s.minute, y: bytes / 1e6 }];
    });
    return {
      space,
      firstMb: points[0]?.y ?? NaN,
      lastMb: points[points.length - 1]?.y ?? NaN,
      maxMb: Math.max(...points.map((p) => p.y)),
      mbPerMinute: slope(points),
    };
  });
}

/** Least-squares slope of y over x (NaN with fewer than two points). */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

/** MB per minute of `field` over the samples from `fromMinute` on. */
export function mbPerMinute(samples: MemorySample[], field: 'rssBytes' | 'heapUsedBytes' | 'externalBytes', fromMinute: number): number {
  return slope(samples.filter((s) => s.minute >= fromMinute).map((s) => ({ x: s.minute, y: s[field] / 1e6 })));
}

/**
 * MB per minute of the heap's floor: the lowest sample of each whole minute from `fromMinute` on,
 * fitted by least squares. The heap is a sawtooth of garbage between collections; its floor is what
 * stays reachable, so growth shows there while a burst's garbage does not.
 */
export function floorMbPerMinute(
  samples: MemorySample[],
  field: 'rssBytes' | 'heapUsedBytes' | 'externalBytes',
  fromMinute: number,
): number {
  const inWindow = samples.filter((s) => s.minute >= fromMinute);
  // Whole minutes only: a last sample just past the final minute joins that minute.
  const minutes = Math.max(1, Math.floor(Math.max(...inWindow.map((s) => s.minute)) - fromMinute));
  const floors = new Map<number, number>();
  for (const s of inWindow) {
    const minute = Math.min(minutes - 1, Math.floor(s.minute - fromMinute));
    floors.set(minute, Math.min(floors.get(minute) ?? Infinity, s[field] / 1e6));
  }
  return slope([...floors].map(([x, y]) => ({ x, y })));
}

/**
 * RSS (MB) just after each full collection: for each, the first sample taken within `withinMin`
 * minutes after it. RSS saws with the heap's pages, taken and given back around collections; read
 * at the same point of every tooth, its trend is growth (malloc arenas, buffers, native memory).
 */
export function rssAfterFullCollections(
  samples: MemorySample[],
  collections: FullCollection[],
  withinMin = 0.25,
): { minute: number; rssMb: number; outsideHeapMb?: number }[] {
  const points: { minute: number; rssMb: number; outsideHeapMb?: number }[] = [];
  for (const c of collections) {
    const after = samples.find((s) => s.minute >= c.minute && s.minute - c.minute <= withinMin);
    if (!after) continue;
    const rssMb = after.rssBytes / 1e6;
    // RSS beyond what V8 keeps for its heap: buffers, malloc, code, stacks. Growth here is not the heap's.
    const outside = c.committedAfterMb === undefined ? {} : { outsideHeapMb: rssMb - c.committedAfterMb * V8_MB };
    points.push({ minute: c.minute, rssMb, ...outside });
  }
  return points;
}
