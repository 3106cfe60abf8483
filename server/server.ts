/**
 * Boots a whole Puente process: store → Mongoose → Redis → HTTP app → Socket.IO → jobs,
 * and stops it gracefully in the reverse order. Used by index.ts, tests and benchmarks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Config } from './config/env.js';
import type { Logger } from './config/logger.js';
import { createApp } from './app.js';
import { trackInFlight } from './http/inFlight.js';
import { createRateLimiters } from './http/rateLimits.js';
import { registerAlertHandlers } from './realtime/alertHandlers.js';
import { wireAlertPublisher } from './realtime/alertPublisher.js';
import { wireSearchPublisher } from './realtime/searchPublisher.js';
import { startIndexer } from './services/search/indexWorker.js';
import { alertCopy } from './services/alerts/alertCopy.js';
import { domainEvents } from './services/domainEvents.js';
import { authenticateSockets } from './realtime/handshake.js';
import { createIo, type PuenteIo } from './realtime/io.js';
import { wireSessionRevocation } from './realtime/sessionRevocation.js';
import { buildApi } from './routes/index.js';
import { coreJobs, startJobs } from './jobs/scheduler.js';
import { openStore, type RunningStore } from './store/openStore.js';
import { connectMongoose, disconnectMongoose, ensureIndexes, storeAnswers } from './store/mongoose.js';

export type RedisClient = ReturnType<typeof createClient>;

export interface PuenteServer {
  url: string;
  http: http.Server;
  io: PuenteIo;
  store: RunningStore;
  redis: RedisClient | null;
  /** Stop accepting, finish in-flight requests, close sockets, then stop the store. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Use this running store, already connected through Mongoose by the caller, who owns both
   * (tests share one store per run). */
  store?: RunningStore;
}

async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = createClient({ url, socket: { reconnectStrategy: (n) => Math.min(n * 200, 5000) } });
  client.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis error'));
  await client.connect();
  return client;
}

async function redisAnswers(client: RedisClient | null): Promise<boolean> {
  if (!client) return true;
  try {
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  }
}

export async function startServer(config: Config, logger: Logger, opts: StartOptions = {}): Promise<PuenteServer> {
  const ownsStore = !opts.store;
  const store = opts.store ?? (await openStore(config, logger));
  if (ownsStore) {
    try {
      await connectMongoose(store.uri, config.mongoDb);
      for (const skipped of await ensureIndexes()) logger.warn({ store: 'indexes' }, `index not created: ${skipped}`);
    } catch (err) {
      await store.stop();
      throw err;
    }
  }
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;

  const limits = createRateLimiters({ loginPer15Min: config.loginRateLimitPer15Min, redis });
  const apiParts = buildApi(config, limits);
  const app = createApp({
    config,
    logger,
    beforeApi: apiParts.beforeApi,
    api: apiParts.api,
    readiness: {
      check: async () => ({
        store: await storeAnswers(),
        ...(redis ? { redis: await redisAnswers(redis) } : {}),
      }),
    },
  });
  const server = http.createServer(app);
  server.requestTimeout = config.requestTimeoutMs + 5000;
  const inFlight = trackInFlight(server);
  const io = createIo(server, { allowedOrigins: config.allowedOrigins });
  // With Redis, an event emitted on any process reaches the sockets of every process.
  const adapterClients = redis ? [redis.duplicate(), redis.duplicate()] : [];
  if (adapterClients.length === 2) {
    await Promise.all(adapterClients.map((c) => c.connect()));
    io.adapter(createAdapter(adapterClients[0], adapterClients[1]));
  }
  authenticateSockets(io, apiParts.sessionChain, config.mfaRequiredRoles);
  const unwireRevocation = wireSessionRevocation(io);
  const unwireAlerts = wireAlertPublisher(io);
  const unwireSearch = wireSearchPublisher(io);
  const indexer = startIndexer((err) => logger.error({ err }, 'search indexer failed'));
  const nudgeIndexer = () => indexer.nudge();
  // Load the in-process alert copy now rather than on the first read: tens of seconds at 100,000
  // alerts, during which searches answer 503 search_preparing and lists read the store.
  const copyLoadStarted = Date.now();
  alertCopy.sync().then(
    () => logger.info({ ms: Date.now() - copyLoadStarted }, 'alert copy loaded'),
    (err: unknown) => logger.error({ err }, 'alert copy failed to load; the next read retries'),
  );
  domainEvents.on('alert.logged', nudgeIndexer);
  registerAlertHandlers(io);
  const jobs = config.jobsEnabled ? startJobs(logger, coreJobs({ inactiveAccountDays: config.inactiveAccountDays })) : null;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down: no new connections; finishing requests in progress');
      jobs?.stop();
      unwireRevocation();
      unwireAlerts();
      unwireSearch();
      domainEvents.off('alert.logged', nudgeIndexer);
      await indexer.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await inFlight.drained(config.shutdownTimeoutMs);
      if (!drained) logger.warn({ inFlight: inFlight.count() }, 'shutdown timeout: abandoning requests in progress');
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      for (const c of adapterClients) await c.quit().catch(() => undefined);
      if (redis) await redis.quit().catch(() => undefined);
      if (ownsStore) {
        await disconnectMongoose();
        await store.stop();
      }
      logger.info('stopped');
    })());

  return { url, http: server, io, store, redis, stop };
}

/** Human line printed once the server is up. */
export function readyBanner(url: string, publicUrl: string, store: RunningStore): string {
  return `Puente listo / ready: ${publicUrl} (listening on ${url}; store: ${store.kind})`;
}
