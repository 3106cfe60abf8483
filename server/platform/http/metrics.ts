/** Prometheus metrics; served only with METRICS_TOKEN or, outside production, to a direct loopback request. */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import client from 'prom-client';

/**
 * What belongs to the process, whichever Puentes it runs: its own metrics (CPU, memory, event-loop
 * lag, GC), and the store door's document locks, shared by every Puente of the process until each
 * has a store connection of its own (docs/architecture.md, "The instance, and what is still per
 * process"). Every Puente's /metrics serves these beside its own (`Metrics`).
 */
export const processRegistry = new client.Registry();

let collectingProcessMetrics = false;
/** The process's own metrics in `processRegistry` from now on: started by the composition root,
 * not on import; once per process, as prom-client cannot stop them. */
export function collectProcessMetrics(): void {
  if (collectingProcessMetrics) return;
  collectingProcessMetrics = true;
  client.collectDefaultMetrics({ register: processRegistry });
}

/** The per-document write locks (platform/store/docLock.ts). */
export const docLockWait = new client.Histogram({
  name: 'puente_doc_lock_wait_seconds',
  help: 'Time to acquire a document write lock across processes (waiting for other holders included)',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 30],
  registers: [processRegistry],
});
export const docLockProblems = new client.Counter({
  name: 'puente_doc_lock_problems_total',
  help: 'Document locks not acquired in time (wait_limit), leases lost while held (lease_lost), stale locks taken over (takeover)',
  labelNames: ['kind'] as const,
  registers: [processRegistry],
});
// Every known label value from the start, at 0: a rate() or an alert rule over one that has not
// happened yet then reads 0 instead of nothing (deploy/prometheus/puente-alerts.yml).
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

/** A counter registered in `registry`. */
function counter<L extends string = never>(
  registry: client.Registry,
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): client.Counter<L> {
  return new client.Counter({ name, help, labelNames, registers: [registry] });
}

/**
 * One Puente's metrics (`instance.metrics`), in a registry of its own: two Puentes in one process
 * count their own requests, sockets and deliveries, and each scrape reads its own alert copy, store
 * and Redis.
 */
export class Metrics {
  readonly registry = new client.Registry();
  private sources: ScrapeSources | null = null;
  /** A scrape reads the copy once for its three gauges (prom-client collects each on its own). */
  private copyFigures: { at: number; value: Promise<Awaited<ReturnType<ScrapeSources['alertCopy']>> | null> } | null = null;

  readonly httpRequests = counter(this.registry, 'puente_http_requests_total', 'HTTP requests by method, route and status', [
    'method',
    'route',
    'status',
  ]);
  readonly httpDuration = new client.Histogram({
    name: 'puente_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly connectedSockets = new client.Gauge({
    name: 'puente_connected_sockets',
    help: 'Socket.IO connections open on this process',
    registers: [this.registry],
  });
  readonly alertsDelivered = counter(this.registry, 'puente_alerts_delivered_total', 'Alert events emitted to sockets', ['event']);
  readonly alertCopyRepairs = counter(
    this.registry,
    'puente_alert_copy_repairs_total',
    'Alerts the in-process copy took from the store after having given up on their change (repair walk)',
  );
  readonly alertCopyResets = counter(
    this.registry,
    'puente_alert_copy_resets_total',
    'Times the alert copy fell a whole change-log ring behind and was reloaded from the store',
  );
  /** Catch-ups (`alerts:since`): what a device gets after it was away, and how the call ended. */
  readonly catchUpAlerts = new client.Histogram({
    name: 'puente_catch_up_alerts',
    help: 'Alerts returned by one alerts:since answer',
    buckets: [0, 1, 5, 10, 25, 50, 100],
    registers: [this.registry],
  });
  readonly catchUps = counter(
    this.registry,
    'puente_catch_ups_total',
    'alerts:since calls by outcome: ok, reset (device told to reload), busy (no free slot; retried), error',
    ['outcome'],
  );

  constructor() {
    // Every known label value from the start, at 0 (see docLockProblems).
    for (const event of ['alert:new', 'alert:changed', 'alert:update']) this.alertsDelivered.inc({ event }, 0);
    for (const outcome of ['ok', 'reset', 'busy', 'error']) this.catchUps.inc({ outcome }, 0);
    this.registerScrapedGauges();
  }

  /** Reads from `sources` at every scrape until the returned function is called. */
  useScrapeSources(sources: ScrapeSources): () => void {
    this.sources = sources;
    return () => {
      if (this.sources === sources) this.sources = null;
    };
  }

  /** The text a scrape gets: this Puente's metrics and the process's. */
  async text(): Promise<{ contentType: string; body: string }> {
    const [own, shared] = await Promise.all([this.registry.metrics(), processRegistry.metrics()]);
    return { contentType: this.registry.contentType, body: `${own}\n${shared}` };
  }

  /** `read` from the sources, or null if there are none, it failed or it took too long. */
  private async scraped<T>(read: (s: ScrapeSources) => Promise<T>): Promise<T | null> {
    const sources = this.sources;
    if (!sources) return null;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SCRAPE_READ_MS)));
    try {
      return await Promise.race([read(sources).catch(() => null), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private alertCopyFigures() {
    if (!this.copyFigures || Date.now() - this.copyFigures.at > 1000)
      this.copyFigures = { at: Date.now(), value: this.scraped((s) => s.alertCopy()) };
    return this.copyFigures.value;
  }

  /** A gauge set from `value` at each scrape. */
  private scrapedGauge(name: string, help: string, value: () => Promise<number>): void {
    const gauge: client.Gauge = new client.Gauge({ name, help, registers: [this.registry], collect: async () => gauge.set(await value()) });
  }

  /** Gauges read at each scrape; NaN when a figure cannot be read now (the store does not answer): no stale figure is reported. */
  private registerScrapedGauges(): void {
    this.scrapedGauge(
      'puente_alert_copy_lag_changes',
      "Change-log entries not yet applied to this process's alert copy (log head minus the copy's position)",
      async () => (await this.alertCopyFigures())?.lag ?? NaN,
    );
    this.scrapedGauge(
      'puente_alert_copy_pending_changes',
      'Logged changes whose alert write this copy still waits for (given up after 120 s, then repaired)',
      async () => (await this.alertCopyFigures())?.pending ?? NaN,
    );
    this.scrapedGauge(
      'puente_alert_copy_loaded',
      '1 once the alert copy has loaded and can serve lists, searches and catch-ups',
      async () => {
        const figures = await this.alertCopyFigures();
        return figures ? Number(figures.loaded) : NaN;
      },
    );
    const dependencyUp: client.Gauge<'dependency'> = new client.Gauge({
      name: 'puente_dependency_up',
      help: 'Whether a dependency answers now (1) or not (0): the store, and Redis when configured',
      labelNames: ['dependency'] as const,
      registers: [this.registry],
      collect: async () => {
        dependencyUp.reset();
        const up = (await this.scraped((s) => s.dependencies())) ?? { store: false };
        for (const [dependency, answers] of Object.entries(up)) dependencyUp.set({ dependency }, Number(answers));
      },
    });
    this.scrapedGauge(
      'puente_backup_last_completed_timestamp_seconds',
      'When the newest `puente backup` of this store completed (Unix seconds; 0: never). Its age: time() minus this',
      async () => {
        // Told apart: never backed up (0, so an age alert fires) and not readable now (NaN).
        const read = await this.scraped(async (s) => ({ at: await s.lastBackupCompletedAt() }));
        return read === null ? NaN : read.at === null ? 0 : read.at.getTime() / 1000;
      },
    );
  }
}

/** Records count and latency per matched route (not raw path, to keep label cardinality low). */
export function measureRequests(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path
        ? `${req.baseUrl}${(req.route as { path: string }).path}`
        : 'unmatched';
      metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      end({ method: req.method, route });
    });
    next();
  };
}

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
export function metricsHandler(metrics: Metrics, access: MetricsAccess): RequestHandler {
  return async (req, res, next) => {
    const bearer = req.get('authorization')?.replace(/^Bearer\s+/i, '');
    const allowed = access.token ? tokenMatches(bearer, access.token) : directLoopback(req, access);
    if (!allowed) {
      next();
      return;
    }
    const { contentType, body } = await metrics.text();
    res.setHeader('Content-Type', contentType);
    res.send(body);
  };
}
