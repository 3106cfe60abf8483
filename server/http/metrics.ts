/** Prometheus metrics; served only with METRICS_TOKEN or, outside production, to a direct loopback request. */
import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import client from 'prom-client';

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

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
