/**
 * createApp(deps): the Express application, with no listening socket of its own so tests
 * can drive it in-process. Order: security headers → ids/logs → parsers → input checks →
 * session/auth (deps.mount) → routes → 404 → error mapping.
 */
import path from 'node:path';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from './platform/config/env.js';
import type { Logger } from './platform/config/logger.js';
import { CLIENT_DIR } from './platform/config/paths.js';
import { compressJson } from './platform/http/compressJson.js';
import { preferredEncoding } from './platform/http/contentEncoding.js';
import { requestDeadline } from './platform/http/requestDeadline.js';
import { errorHandler, notFoundHandler } from './platform/http/errorHandler.js';
import { measureRequests, metricsHandler, type Metrics } from './platform/http/metrics.js';
import { noStore, requestId, requireJsonBody } from './platform/http/requestContext.js';
import { rejectUnsafeInput } from './platform/http/validation.js';
import type { Instance } from './platform/instance.js';

export const JSON_BODY_LIMIT = '256kb';

/** Built file names carry an esbuild content hash (`app-57ANTC5H.js`): safe to cache for a year. */
const HASHED_NAME = /-[A-Z0-9]{8}\.(?:js|css|map)$/;
/** Client-side routes answered with the app's index.html (the browser router takes over). */
const CLIENT_ROUTE =
  /^\/(?:sign-in|invitation|reset|mfa-setup|alerts(?:\/[^/.]+)*|search|directory|admin|account|inbox|statistics)(?:\/[^.]*)?$/;

/** Scripts, stylesheets and pages: the build writes each also as `.br` and `.gz` (scripts/build-client.ts). */
const COMPRESSED_TYPES = /\.(?:js|css|html)$/;
const ENCODED_SUFFIX = { br: '.br', gzip: '.gz' } as const;

/**
 * Sends a built file, compressed ahead of time in the best encoding the browser accepts
 * (`Vary: Accept-Encoding`, so caches keep the encodings apart); `next()` when it does not exist.
 */
function sendClientFile(req: express.Request, res: express.Response, next: express.NextFunction, rel: string, cacheControl: string): void {
  const file = path.join(CLIENT_DIR, rel);
  res.setHeader('Cache-Control', cacheControl);
  const send = (encoding: keyof typeof ENCODED_SUFFIX | null) => {
    if (encoding) {
      res.setHeader('Content-Encoding', encoding);
      res.type(path.extname(rel));
    }
    res.sendFile(encoding ? file + ENCODED_SUFFIX[encoding] : file, (err?: NodeJS.ErrnoException & { status?: number }) => {
      if (!err || res.headersSent) return;
      const missing = err.code === 'ENOENT' || err.code === 'EISDIR';
      if (encoding && missing) {
        // Built without its compressed copy (an older build): the plain file.
        res.removeHeader('Content-Encoding');
        res.removeHeader('Content-Type');
        send(null);
      } else if (!missing && err.status && err.status < 500) {
        // A refusal of the request itself (a failed If-Match or If-Unmodified-Since: 412; a Range
        // beyond the file: 416) is answered with its status, not passed on as an error (500).
        res.removeHeader('Content-Encoding');
        res.status(err.status).end();
      } else next(missing ? undefined : err);
    });
  };
  if (!COMPRESSED_TYPES.test(rel)) return send(null);
  res.vary('Accept-Encoding');
  send(preferredEncoding(req));
}

/**
 * The built client: hashed assets cached immutably, index.html and the service worker never
 * cached, deep links to the app; scripts, stylesheets and pages compressed.
 */
function clientFiles(): Router {
  const r = express.Router();
  const sendIndex: express.RequestHandler = (req, res, next) => sendClientFile(req, res, next, 'index.html', 'no-store');
  r.get('/', sendIndex);
  r.get('/index.html', sendIndex);
  // The service worker (client/src/sw.ts) names this build's files: always fetched fresh.
  r.get('/sw.js', (req, res, next) => sendClientFile(req, res, next, 'sw.js', 'no-store'));
  // Hashed scripts and stylesheets (a name esbuild gave, nothing else: no path outside the build).
  r.get(/^\/(?:chunks\/)?[A-Za-z0-9_]+-[A-Z0-9]{8}\.(?:js|css)$/, (req, res, next) =>
    sendClientFile(req, res, next, req.path.slice(1), 'public, max-age=31536000, immutable'),
  );
  r.use(
    express.static(CLIENT_DIR, {
      index: false,
      setHeaders: (res, file) => {
        res.setHeader('Cache-Control', HASHED_NAME.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  r.get(CLIENT_ROUTE, sendIndex);
  return r;
}

export interface Readiness {
  /** Each named dependency and whether it answers now. */
  check(): Promise<Record<string, boolean>>;
}

export interface AppDeps {
  config: Pick<Config, 'isProduction' | 'secureCookies' | 'trustProxy' | 'metricsToken' | 'publicUrl' | 'requestTimeoutMs'>;
  logger: Logger;
  /** The Puente's metrics: its requests are counted there, and /metrics serves them. */
  metrics: Metrics;
  readiness: Readiness;
  /** Mounted on /api/v1 ahead of everything else (the session read's start). */
  startApi?: express.RequestHandler[];
  /** Middleware that must run before API routes (session, passport, CSRF). */
  beforeApi?: express.RequestHandler[];
  /** The /api/v1 router. */
  api?: Router;
}

export function createApp(instance: Instance, deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('query parser', 'simple');

  if (deps.startApi?.length) app.use('/api/v1', ...deps.startApi);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          manifestSrc: ["'self'"],
          workerSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          ...(deps.config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: deps.config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(requestId(Boolean(deps.config.trustProxy)));
  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req) => req.id,
      customProps: (req) => (req.proxyRequestId ? { proxyRequestId: req.proxyRequestId } : {}),
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(measureRequests(deps.metrics));
  app.use(requestDeadline(instance, deps.config.requestTimeoutMs));

  app.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await deps.readiness.check();
    const ready = Object.values(checks).every(Boolean);
    res.setHeader('Cache-Control', 'no-store');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  app.get(
    '/metrics',
    metricsHandler(deps.metrics, {
      token: deps.config.metricsToken,
      behindProxy: Boolean(deps.config.trustProxy),
      isProduction: deps.config.isProduction,
    }),
  );

  const api = express.Router();
  api.use(noStore);
  api.use(compressJson);
  api.use(requireJsonBody);
  api.use(express.json({ limit: JSON_BODY_LIMIT, strict: true }));
  api.use(rejectUnsafeInput);
  for (const mw of deps.beforeApi ?? []) api.use(mw);
  if (deps.api) api.use(deps.api);
  api.use(notFoundHandler);
  app.use('/api/v1', api);
  app.use('/api', notFoundHandler);

  app.use(clientFiles());
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}
