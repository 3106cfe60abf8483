/** Prometheus metrics; served only with METRICS_TOKEN or, outside production, to a direct loopback request. */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import client from 'prom-client';

export const registry = new client.Registry();

let collectingProcessMetrics = false;
/** The process's own metrics (CPU, memory, event-loop lag, GC) in `registry` from now on: started
 * by the composition root, not on import; once per process, as prom-client cannot stop them. */
export function collectProcessMetrics(): void {
  if (collectingProcessMetrics) return;
  collectingProcessMetrics = true;
  client.collectDefaultMetrics({ register: registry });
}

export const httpRequests = new client.Counter({
  name: 'puente_http_requests_total',
  help: 'HTTP requests by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});
export const httpDuration = new client.Histogram({
  name: 'puente_http_request_duration_seconds',
  help: 'HTTP request latency',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});
export const connectedSockets = new client.Gauge({
  name: 'puente_connected_sockets',
  help: 'Socket.IO connections open on this process',
  registers: [registry],
});
export const alertsDelivered = new client.Counter({
  name: 'puente_alerts_delivered_total',
  help: 'Alert events emitted to sockets',
  labelNames: ['event'] as const,
  registers: [registry],
});

export const alertCopyRepairs = new client.Counter({
  name: 'puente_alert_copy_repairs_total',
  help: 'Alerts the in-process copy took from the store after having given up on their change (repair walk)',
  registers: [registry],
});

export const alertCopyResets = new client.Counter({
  name: 'puente_alert_copy_resets_total',
  help: 'Times the alert copy fell a whole change-log ring behind and was reloaded from the store',
  registers: [registry],
});

/** Catch-ups (`alerts:since`): what a device gets after it was away, and how the call ended. */
export const catchUpAlerts = new client.Histogram({
  name: 'puente_catch_up_alerts',
  help: 'Alerts returned by one alerts:since answer',
  buckets: [0, 1, 5, 10, 25, 50, 100],
  registers: [registry],
});
export const catchUps = new client.Counter({
  name: 'puente_catch_ups_total',
  help: 'alerts:since calls by outcome: ok, reset (device told to reload), busy (no free slot; retried), error',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

/** The per-document write locks (platform/store/docLock.ts). */
export const docLockWait = new client.Histogram({
  name: 'puente_doc_lock_wait_seconds',
  help: 'Time to acquire a document write lock across processes (waiting for other holders included)',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 30],
  registers: [registry],
});
export const docLockProblems = new client.Counter({
  name: 'puente_doc_lock_problems_total',
  help: 'Document locks not acquired in time (wait_limit), leases lost while held (lease_lost), stale locks taken over (takeover)',
  labelNames: ['kind'] as const,
  registers: [registry],
});

// Every known label value from the start, at 0: a rate() or an alert rule over one that has not
// happened yet then reads 0 instead of nothing (deploy/prometheus/puente-alerts.yml).
for (const event of ['alert:new', 'alert:changed', 'alert:update']) alertsDelivered.inc({ event }, 0);
for (const outcome of ['ok', 'reset', 'busy', 'error']) catchUps.inc({ outcome }, 0);
for (const kind of ['wait_limit', 'lease_lost', 'takeover']) docLockProblems.inc({ kind }, 0);

/**
 * Figures read when /metrics is scraped, from parts platform code does not know: the composition
 * root hands them over (server/scrapeSources.ts). Each answers within `SCRAPE_READ_MS` or is left out.
 */
export interface ScrapeSources {
  /** The alert copy against the change log's head: changes not yet applied, writes awaited, loaded. */
  alertCopy(): Promise<{ lag: number; pending: number; loaded: boolean }>;
  /** Whether each dependency answers now (store, and redis when configured). */
  dependencies(): Promise<Record<string, boolean>>;
  /** When the newest `puente backup` of this store completed; null: never. */
  lastBackupCompletedAt(): Promise<Date | null>;
}

const SCRAPE_READ_MS = 2000;
let scrapeSources: ScrapeSources | null = null;

/** Reads from `sources` at every scrape until the returned function is called. */
export function useScrapeSources(sources: ScrapeSources): () => void {
  scrapeSources = sources;
  return () => {
    if (scrapeSources === sources) scrapeSources = null;
  };
}

/** `read` from the sources, or null if there are none, it failed or it took too long. */
async function scraped<T>(read: (s: ScrapeSources) => Promise<T>): Promise<T | null> {
  const sources = scrapeSources;
  if (!sources) return null;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SCRAPE_READ_MS)));
  try {
    return await Promise.race([read(sources).catch(() => null), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A scrape reads the copy once for its three gauges (prom-client collects each on its own). */
let copyFigures: { at: number; value: Promise<Awaited<ReturnType<ScrapeSources['alertCopy']>> | null> } | null = null;
function alertCopyFigures() {
  if (!copyFigures || Date.now() - copyFigures.at > 1000) copyFigures = { at: Date.now(), value: scraped((s) => s.alertCopy()) };
  return copyFigures.value;
}

// NaN when it cannot be read now (the store does not answer): no stale figure is reported.
new client.Gauge({
  name: 'puente_alert_copy_lag_changes',
  help: "Change-log entries not yet applied to this process's alert copy (log head minus the copy's position)",
  registers: [registry],
  async collect() {
    this.set((await alertCopyFigures())?.lag ?? NaN);
  },
});
new client.Gauge({
  name: 'puente_alert_copy_pending_changes',
  help: 'Logged changes whose alert write this copy still waits for (given up after 120 s, then repaired)',
  registers: [registry],
  async collect() {
    this.set((await alertCopyFigures())?.pending ?? NaN);
  },
});
new client.Gauge({
  name: 'puente_alert_copy_loaded',
  help: '1 once the alert copy has loaded and can serve lists, searches and catch-ups',
  registers: [registry],
  async collect() {
    const figures = await alertCopyFigures();
    this.set(figures ? Number(figures.loaded) : NaN);
  },
});
new client.Gauge({
  name: 'puente_dependency_up',
  help: 'Whether a dependency answers now (1) or not (0): the store, and Redis when configured',
  labelNames: ['dependency'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    const up = (await scraped((s) => s.dependencies())) ?? { store: false };
    for (const [dependency, answers] of Object.entries(up)) this.set({ dependency }, Number(answers));
  },
});
new client.Gauge({
  name: 'puente_backup_last_completed_timestamp_seconds',
  help: 'When the newest `puente backup` of this store completed (Unix seconds; 0: never). Its age: time() minus this',
  registers: [registry],
  async collect() {
    // Told apart: never backed up (0, so an age alert fires) and not readable now (NaN).
    const read = await scraped(async (s) => ({ at: await s.lastBackupCompletedAt() }));
    this.set(read === null ? NaN : read.at === null ? 0 : read.at.getTime() / 1000);
  },
});

/** Records count and latency per matched route (not raw path, to keep label cardinality low). */
export const measureRequests: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.on('finish', () => {
    const route = (req.route as { path?: string } | undefined)?.path
      ? `${req.baseUrl}${(req.route as { path: string }).path}`
      : 'unmatched';
    httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    end({ method: req.method, route });
  });
  next();
};

function isLoopback(ip: string | undefined): boolean {
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Headers a reverse proxy or CDN adds: any of them means the loopback peer is only relaying.
 * A proxy that sends no client address still says it relayed (Via, X-Forwarded-Proto/Host/…),
 * so every `X-Forwarded-*` / `X-Original-*` header counts, not only the address ones.
 */
const PROXY_MARKER_HEADERS = new Set([
  'forwarded',
  'via',
  'x-real-ip',
  'x-client-ip',
  'client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'fastly-client-ip',
  'x-cluster-client-ip',
  'x-proxyuser-ip',
]);
const PROXY_MARKER_PREFIXES = ['x-forwarded-', 'x-original-'] as const;

function carriesProxyMarker(req: Request): boolean {
  return Object.keys(req.headers).some(
    (name) => PROXY_MARKER_HEADERS.has(name) || PROXY_MARKER_PREFIXES.some((prefix) => name.startsWith(prefix)),
  );
}

export interface MetricsAccess {
  token: string | undefined;
  /** TRUST_PROXY set: a proxy may sit on the same host, so loopback proves nothing. */
  behindProxy: boolean;
  isProduction: boolean;
}

/**
 * Without a token, only a request made directly on this host: TRUST_PROXY off, a loopback
 * peer, and no proxy marker (a same-host reverse proxy also connects from loopback).
 * Production always requires the token.
 */
function directLoopback(req: Request, access: MetricsAccess): boolean {
  if (access.isProduction || access.behindProxy) return false;
  if (carriesProxyMarker(req)) return false;
  return isLoopback(req.socket.remoteAddress);
}

/** GET /metrics handler; 404 (not 403) to others so the endpoint does not advertise itself. */
export function metricsHandler(access: MetricsAccess): RequestHandler {
  return async (req, res, next) => {
    const bearer = req.get('authorization')?.replace(/^Bearer\s+/i, '');
    const allowed = access.token ? tokenMatches(bearer, access.token) : directLoopback(req, access);
    if (!allowed) {
      next();
      return;
    }
    res.setHeader('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  };
}
