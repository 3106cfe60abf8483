/**
 * Boots a whole Puente process: store → Mongoose → Redis → HTTP app → Socket.IO → jobs,
 * and stops it gracefully in the reverse order. Used by index.ts, tests and benchmarks.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import mongoose from 'mongoose';
import { createClient } from 'redis';
import type { Config } from './config/env.js';
import type { Logger } from './config/logger.js';
import type { Express } from 'express';
import { createApp } from './app.js';
import { trackInFlight } from './http/inFlight.js';
import { createRateLimiters } from './http/rateLimits.js';
import { registerAlertHandlers } from './realtime/alertHandlers.js';
import { wireAlertPublisher } from './realtime/alertPublisher.js';
import { wireSearchPublisher } from './realtime/searchPublisher.js';
import { wireInboxPublisher } from './realtime/inboxPublisher.js';
import { wireInboxListeners } from './services/inbox/inboxListeners.js';
import { matchWorkerResets, startMatchWorker } from './services/search/matchWorker.js';
import { useLinkDigestKey } from './services/search/linkDigests.js';
import { useCatchUpCursorKey } from './services/alerts/catchUpCursors.js';
import { alertCopy } from './services/alerts/alertCopy.js';
import { loadProgressFigures, loadProgressLine } from './services/alerts/loadProgress.js';
import { domainEvents } from './services/domainEvents.js';
import { authenticateSockets } from './realtime/handshake.js';
import { createIo, type PuenteIo } from './realtime/io.js';
import { limitConnections } from './realtime/connectionLimits.js';
import { limitSocketEvents } from './realtime/eventLimits.js';
import { enforceSessionExpiry } from './realtime/sessionExpiry.js';
import { wireSessionRevocation } from './realtime/sessionRevocation.js';
import { buildApi } from './routes/index.js';
import { createPushSender } from './services/push/pushSender.js';
import { wirePushPublisher, type PushPublisher } from './services/push/pushPublisher.js';
import { resolveVapidKeys } from './services/push/vapidKeys.js';
import { coreJobs, startJobs } from './jobs/scheduler.js';
import { startAlertCopyRepair } from './jobs/alertCopyRepair.js';
import { markStoreProduction } from './models/DeploymentMark.js';
import { indexIdPathsLogged, openStore, type RunningStore } from './store/openStore.js';
import { connectMongoose, disconnectMongoose, ensureIndexes } from './store/mongoose.js';
import { storeAnswers } from './store/storeReachability.js';

/** How often the alert copy's snapshot is rewritten while running (also at shutdown). */
const SNAPSHOT_EVERY_MS = 10 * 60_000;

export type RedisClient = ReturnType<typeof createClient>;

export interface PuenteServer {
  url: string;
  http: http.Server;
  /** The Express app answering on `http` (tests walk its routes). */
  app: Express;
  io: PuenteIo;
  store: RunningStore;
  redis: RedisClient | null;
  /** Push messages of this process: `settled()` waits until those of every event so far are sent. */
  push: Pick<PushPublisher, 'settled'>;
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

/** Whether Redis answers now. Not connected is a quick no: a command sent then waits in the
 * client's queue until Redis is back, which held /readyz for the whole outage (issue 26,
 * test/integration/redisOutage.test.ts). */
async function redisAnswers(client: RedisClient | null, timeoutMs = 1000): Promise<boolean> {
  if (!client) return true;
  if (!client.isReady) return false;
  try {
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    return (await Promise.race([client.ping(), timeout])) === 'PONG';
  } catch {
    return false;
  }
}

/** Closes a Redis client; one that is not connected is dropped (its quit would wait for Redis). */
async function closeRedis(client: RedisClient): Promise<void> {
  if (client.isReady) await client.quit().catch(() => undefined);
  else client.destroy();
}

export async function startServer(config: Config, logger: Logger, opts: StartOptions = {}): Promise<PuenteServer> {
  const ownsStore = !opts.store;
  const store = opts.store ?? (await openStore(config, logger));
  if (ownsStore) {
    try {
      await connectMongoose(store.uri, config.mongoDb, config.storePoolWaitMs);
      for (const skipped of await ensureIndexes()) logger.warn({ store: 'indexes' }, `index not created: ${skipped}`);
      await indexIdPathsLogged(store, logger);
    } catch (err) {
      await store.stop();
      throw err;
    }
  }
  // Tools that reach this store later (seed commands) then know it holds production data, whatever their NODE_ENV.
  if (config.isProduction) await markStoreProduction();
  const redis = config.redisUrl ? await connectRedis(config.redisUrl, logger) : null;

  const limits = createRateLimiters({
    loginPer15Min: config.loginRateLimitPer15Min,
    csrfPer15Min: config.csrfRateLimitPer15Min,
    alertUpdatesPer10Min: config.alertUpdatesPer10Min,
    alertStatusChangesPer10Min: config.alertStatusChangesPer10Min,
    photoUploadsPer10Min: config.photoUploadsPer10Min,
    searchesPer10Min: config.searchesPer10Min,
    redis,
  });
  const vapidKeys = await resolveVapidKeys(config, logger);
  const apiParts = buildApi(config, limits, { publicKey: vapidKeys.publicKey, allowInsecureEndpoints: config.push.allowInsecureEndpoints });
  const app = createApp({
    config,
    logger,
    startApi: apiParts.startApi,
    beforeApi: apiParts.beforeApi,
    api: apiParts.api,
    readiness: {
      // Not ready until the alert copy has loaded: lists and searches answer 503 until then.
      check: async () => ({
        store: await storeAnswers(),
        // A short wait, so a probe just after a start on a small store does not see a load in progress.
        alertCopy: await alertCopy.loadedWithin(2000),
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
  authenticateSockets(io, apiParts.sessionChain, config.mfaRequiredRoles, config);
  limitConnections(io, config);
  // First of the per-event middlewares: the session re-check after it reads the store.
  const releaseEventLimits = limitSocketEvents(io, { perMinute: config.socketEventsPerMinute, redis });
  enforceSessionExpiry(io, config);
  const unwireRevocation = wireSessionRevocation(io);
  const unwireAlerts = wireAlertPublisher(io);
  const unwireSearch = wireSearchPublisher(io, logger);
  const pushSender = createPushSender({
    keys: vapidKeys,
    subject: config.push.subject,
    allowInsecure: config.push.allowInsecureEndpoints,
    logger,
  });
  const pushPublisher = wirePushPublisher(pushSender, logger);
  const unwireInbox = wireInboxPublisher(io, logger);
  const unwireInboxListeners = wireInboxListeners();
  useLinkDigestKey(config.dataEncryptionKey);
  useCatchUpCursorKey(config.dataEncryptionKey);
  const matchWorker = startMatchWorker((err) => logger.error({ err }, 'match worker failed'));
  matchWorkerResets.onReset = ({ position, announced }) =>
    logger.warn(
      { position, announced },
      'match worker fell behind the compacted change log; announced the alerts changed since from the copy',
    );
  // After the alert write has landed (not when the change is logged, when it would be pending).
  const nudgeMatchWorker = () => matchWorker.nudge();
  // Load the in-process alert copy now rather than on the first read; until it has loaded,
  // /readyz answers 503 and lists and searches answer 503 alerts_preparing / search_preparing.
  // A snapshot on local disk (docs/architecture.md) makes that seconds instead of a store scan.
  const database = mongoose.connection.db?.databaseName ?? config.mongoDb;
  alertCopy.useSnapshot(config.alertCopySnapshot ? { file: config.alertCopySnapshot, database } : null);
  // A first start scans the whole store (minutes at 100,000 alerts): say how far it has got.
  alertCopy.reportLoadProgress({
    everyMs: config.alertCopyProgressMs,
    report: (p) => logger.info({ ...p, ...loadProgressFigures(p) }, loadProgressLine(p)),
  });
  alertCopy.onReset = ({ position, firstKept }) =>
    logger.warn({ position, firstKept }, 'alert copy fell behind the compacted change log; reloading it from the store');
  const saveSnapshot = () => alertCopy.saveSnapshot().catch((err: unknown) => logger.warn({ err }, 'alert copy snapshot not written'));
  alertCopy.sync().then(
    () => {
      // CPU time of the process so far: a slow start on a loaded machine is told from one doing more work.
      const cpu = process.cpuUsage();
      logger.info({ ...alertCopy.lastLoad, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }, 'alert copy loaded');
      if (alertCopy.lastLoad?.source === 'store') void saveSnapshot();
    },
    (err: unknown) => logger.error({ err }, 'alert copy failed to load; the next read retries'),
  );
  const snapshotTimer = config.alertCopySnapshot ? setInterval(() => void saveSnapshot(), SNAPSHOT_EVERY_MS) : null;
  snapshotTimer?.unref();
  const stopCopyRepair = startAlertCopyRepair(alertCopy, logger);
  domainEvents.on('alert.stored', nudgeMatchWorker);
  const logMaintenanceFailure = ({ task, err, details }: { task: string; err: unknown; details: Record<string, unknown> }) =>
    logger.error({ err, task, ...details }, 'maintenance after a change failed');
  domainEvents.on('maintenance.failed', logMaintenanceFailure);
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
      stopCopyRepair();
      unwireRevocation();
      unwireAlerts();
      unwireSearch();
      pushPublisher.unwire();
      unwireInbox();
      unwireInboxListeners();
      domainEvents.off('alert.stored', nudgeMatchWorker);
      domainEvents.off('maintenance.failed', logMaintenanceFailure);
      await matchWorker.stop();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await inFlight.drained(config.shutdownTimeoutMs);
      if (!drained) logger.warn({ inFlight: inFlight.count() }, 'shutdown timeout: abandoning requests in progress');
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await pushPublisher.settled();
      releaseEventLimits();
      server.closeAllConnections();
      await closed;
      if (snapshotTimer) {
        clearInterval(snapshotTimer);
        await saveSnapshot(); // the next start then only applies what is logged after this
      }
      for (const c of adapterClients) await closeRedis(c);
      if (redis) await closeRedis(redis);
      if (ownsStore) {
        await disconnectMongoose();
        await store.stop();
      }
      logger.info('stopped');
    })());

  return { url, http: server, app, io, store, redis, push: pushPublisher, stop };
}

/** Human line printed once the server is up. */
export function readyBanner(url: string, publicUrl: string, store: RunningStore): string {
  return `Puente listo / ready: ${publicUrl} (listening on ${url}; store: ${store.kind})`;
}
