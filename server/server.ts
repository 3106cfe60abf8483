/**
 * The composition root: createPuente(config, logger) builds one Puente process and hands each part
 * what it needs. Nothing under server/ connects, listens, schedules, subscribes or registers a model on
 * import (test/integration/noImportEffects.test.ts), so this is the one place where a process starts,
 * in this order:
 *   1. this Puente's instance (createInstance: its store connection, not yet opened, and its models,
 *      its event bus, metrics, alert change-log and audit-trail handles, alert copy, alert keys and
 *      reference claims) and its audit keys (AUDIT_KEY, else outside production the one kept in
 *      DATA_DIR); the process-wide settings from config: retention, process metrics, the dummy
 *      password hash;
 *   2. the store: opened (or the caller's), the instance's connection opened, indexes (with STORE_POSTGRESQL_URL
 *      also FerretDB/PostgreSQL's `_id` indexes), the production mark, the audit trail's rotation
 *      event when the audit key changed;
 *   3. Redis, when configured;
 *   4. HTTP: rate limiters, push keys, the API and the Express app on an HTTP server;
 *   5. Socket.IO: its Redis adapter, then the per-socket checks (session, connection and event limits);
 *   6. listeners on the domain events: session revocation, the alert, search, push and inbox
 *      publishers, the inbox's own listeners, the maintenance-failure log;
 *   7. the alert copy: wired to this process's changes, loading, its snapshot timer and repair walk;
 *      what /metrics reads at each scrape (scrapeSources.ts);
 *   8. the match worker, the alert socket handlers, the periodic jobs;
 *   9. listening.
 * stop() stops the jobs, stops accepting and lets requests finish, then unwires the listeners, closes
 * the sockets, saves the copy's snapshot, then closes Redis and the store.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { closeRedis, connectRedis, redisAnswers, type RedisClient } from './platform/redis.js';
import type { Config } from './platform/config/env.js';
import type { Logger } from './platform/config/logger.js';
import type { Express } from 'express';
import { createApp } from './app.js';
import { trackInFlight } from './platform/http/inFlight.js';
import { collectProcessMetrics } from './platform/http/metrics.js';
import { scrapeSources } from './scrapeSources.js';
import { dummyPasswordHash } from './platform/crypto/passwordHash.js';
import { createRateLimiters } from './platform/http/rateLimits.js';
import {
  loadProgressFigures,
  loadProgressLine,
  registerAlertHandlers,
  startAlertCopyRepair,
  configureRetention,
  wireAlertPublisher,
} from './alerts/index.js';
import { matchWorkerResets, startMatchWorker, wireSearchPublisher } from './search/index.js';
import {
  createPushSender,
  resolveVapidKeys,
  wireInboxListeners,
  wireInboxPublisher,
  wirePushPublisher,
  type PushPublisher,
} from './notifications/index.js';
import type { DomainEventMap } from './platform/domainEvents.js';
import type { Instance } from './platform/instance.js';
import { createInstance } from './instance.js';
import { authenticateSockets, enforceSessionExpiry, wireSessionRevocation } from './identity/index.js';
import { createIo, type PuenteIo } from './platform/realtime/io.js';
import { limitConnections } from './platform/realtime/connectionLimits.js';
import { limitSocketEvents } from './platform/realtime/eventLimits.js';
import { buildApi } from './api.js';
import { startJobs } from './platform/jobs/scheduler.js';
import { coreJobs } from './jobs.js';
import { markStoreProduction } from './platform/models/DeploymentMark.js';
import { announceAuditKey, useAuditKeys } from './platform/auditTrail/auditTrail.js';
import { resolveAuditKeyring } from './platform/auditTrail/auditKeys.js';
import {
  connectMongoose,
  recoverStuckDriver,
  disconnectMongoose,
  indexStore,
  openStore,
  postgresqlTargetOf,
  storeAnswers,
  type RunningStore,
} from './platform/store/index.js';

/** How often the alert copy's snapshot is rewritten while running (also at shutdown). */
const SNAPSHOT_EVERY_MS = 10 * 60_000;

export interface PuenteServer {
  url: string;
  http: http.Server;
  /** The Express app answering on `http` (tests walk its routes). */
  app: Express;
  io: PuenteIo;
  /** This Puente's own state (its event bus, …): tests hear its events and call its services through it. */
  instance: Instance;
  store: RunningStore;
  redis: RedisClient | null;
  /** Push messages of this process: `settled()` waits until those of every event so far are sent. */
  push: Pick<PushPublisher, 'settled'>;
  /** Stop accepting, finish in-flight requests, close sockets, then stop the store. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Use this running store, indexed and owned by the caller (tests share one store per run): the
   * instance still opens (and closes) a connection of its own to it. */
  store?: RunningStore;
  /** Build on this instance instead of a new one (tests that look into it, a failed start's say). */
  instance?: Instance;
}

/** Step 2: the store, this instance's connection to it opened, with its indexes; `close` undoes what this opened. */
async function connectStore(instance: Instance, config: Config, logger: Logger, given: RunningStore | undefined) {
  const store = given ?? (await openStore(config, logger));
  let stopDriverRecovery = () => undefined as void;
  const close = async () => {
    stopDriverRecovery();
    await disconnectMongoose(instance.store);
    if (!given) await store.stop(); // a given store is the caller's, to close
  };
  try {
    await connectMongoose(instance.store, store.uri, config.mongoDb, config.storePoolWaitMs);
    stopDriverRecovery = recoverStuckDriver(instance.store, logger);
    if (!given) await indexStore(instance.store, store, config, logger);
    // Tools that reach this store later (seed commands) then know it holds production data, whatever their NODE_ENV.
    if (config.isProduction) await markStoreProduction(instance);
    // Before anything is audited: a changed key starts its part of the trail with a rotation event.
    const rotated = await announceAuditKey(instance);
    if (rotated) logger.warn(rotated, 'audit key changed: appended the rotation event to the audit trail');
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
  return { store, close };
}

/** `work`'s result; if it fails, `close` first closes what the start had opened before it. */
async function orClosing<T>(work: Promise<T>, close: () => Promise<void>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/** Step 3: Redis when configured, with the two clients of the Socket.IO adapter (step 5). */
async function connectRedisClients(config: Config, logger: Logger) {
  if (!config.redisUrl) return { redis: null, adapterClients: null, close: async () => undefined };
  const redis = await connectRedis(config.redisUrl, logger);
  const adapterClients = [redis.duplicate(), redis.duplicate()] as const;
  const close = async () => {
    for (const c of adapterClients) await closeRedis(c);
    await closeRedis(redis);
  };
  await orClosing(Promise.all(adapterClients.map((c) => c.connect())), close);
  return { redis, adapterClients, close };
}

/**
 * Step 7: the in-process alert copy, following this process's changes from now on and loading now
 * rather than on the first read; until it has loaded, /readyz answers 503 and lists and searches
 * answer 503 alerts_preparing / search_preparing. A snapshot on local disk (docs/architecture.md)
 * makes that seconds instead of a store scan. `stop` saves the snapshot once nothing changes alerts.
 */
function startAlertCopy(instance: Instance, config: Config, logger: Logger): { stop(): Promise<void> } {
  const unwire = instance.alertCopy.wire(instance.events);
  const database = instance.store.connection.db?.databaseName ?? config.mongoDb;
  instance.alertCopy.useSnapshot(config.alertCopySnapshot ? { file: config.alertCopySnapshot, database } : null);
  // A first start scans the whole store (minutes at 100,000 alerts): say how far it has got.
  instance.alertCopy.reportLoadProgress({
    everyMs: config.alertCopyProgressMs,
    report: (p) => logger.info({ ...p, ...loadProgressFigures(p) }, loadProgressLine(p)),
  });
  instance.alertCopy.onReset = ({ position, firstKept }) => {
    instance.metrics.alertCopyResets.inc();
    logger.warn({ position, firstKept }, 'alert copy fell behind the compacted change log; reloading it from the store');
  };
  const saveSnapshot = () =>
    instance.alertCopy.saveSnapshot().catch((err: unknown) => logger.warn({ err }, 'alert copy snapshot not written'));
  instance.alertCopy.sync().then(
    () => {
      // CPU time of the process so far: a slow start on a loaded machine is told from one doing more work.
      const cpu = process.cpuUsage();
      logger.info({ ...instance.alertCopy.lastLoad, cpuMs: Math.round((cpu.user + cpu.system) / 1000) }, 'alert copy loaded');
      if (instance.alertCopy.lastLoad?.source === 'store') void saveSnapshot();
    },
    (err: unknown) => logger.error({ err }, 'alert copy failed to load; the next read retries'),
  );
  const snapshotTimer = config.alertCopySnapshot ? setInterval(() => void saveSnapshot(), SNAPSHOT_EVERY_MS) : null;
  snapshotTimer?.unref();
  return {
    stop: async () => {
      unwire();
      if (snapshotTimer) {
        clearInterval(snapshotTimer);
        await saveSnapshot(); // the next start then only applies what is logged after this
      }
    },
  };
}

/** Step 8: the match worker, nudged once an alert write has landed (not when the change is logged, when it would be pending). */
function startMatching(instance: Instance, logger: Logger): { stop(): Promise<void> } {
  const matchWorker = startMatchWorker(instance, (err) => logger.error({ err }, 'match worker failed'));
  matchWorkerResets.onReset = ({ position, announced }) =>
    logger.warn(
      { position, announced },
      'match worker fell behind the compacted change log; announced the alerts changed since from the copy',
    );
  const nudge = () => matchWorker.nudge();
  instance.events.on('alert.stored', nudge);
  return {
    stop: async () => {
      instance.events.off('alert.stored', nudge);
      await matchWorker.stop();
    },
  };
}

/** Work after a change that failed without undoing it is logged here (`maintenance.failed`); returns the unwiring. */
function logMaintenanceFailures(instance: Instance, logger: Logger): () => void {
  const log = ({ task, err, details }: DomainEventMap['maintenance.failed'][0]) =>
    logger.error({ err, task, ...details }, 'maintenance after a change failed');
  instance.events.on('maintenance.failed', log);
  return () => instance.events.off('maintenance.failed', log);
}

/** Builds and starts one Puente process (the order is in this file's header); `stop()` ends it. */
export async function createPuente(config: Config, logger: Logger, opts: StartOptions = {}): Promise<PuenteServer> {
  // 1. Settings of the whole process, from config; this Puente's own state.
  const instance = opts.instance ?? createInstance(config);
  configureRetention(config.retentionYears);
  useAuditKeys(instance, await resolveAuditKeyring(config, logger, { generate: true }));
  collectProcessMetrics();
  void dummyPasswordHash(); // made now, so the first sign-in with an unknown email costs no more than later ones

  // 2–3. The store and Redis; until the listeners are wired, a failure closes what was opened.
  const stored = await connectStore(instance, config, logger, opts.store);
  const { redis, adapterClients, close: closeRedisClients } = await orClosing(connectRedisClients(config, logger), stored.close);
  const closeConnections = async () => {
    await closeRedisClients();
    await stored.close();
  };
  const vapidKeys = await orClosing(resolveVapidKeys(instance, config, logger), closeConnections);

  // 4. HTTP.
  const limits = createRateLimiters({
    loginPer15Min: config.loginRateLimitPer15Min,
    csrfPer15Min: config.csrfRateLimitPer15Min,
    alertUpdatesPer10Min: config.alertUpdatesPer10Min,
    alertStatusChangesPer10Min: config.alertStatusChangesPer10Min,
    photoUploadsPer10Min: config.photoUploadsPer10Min,
    searchesPer10Min: config.searchesPer10Min,
    redis,
  });
  const apiParts = buildApi(instance, config, limits, {
    publicKey: vapidKeys.publicKey,
    allowInsecureEndpoints: config.push.allowInsecureEndpoints,
  });
  const app = createApp(instance, {
    config,
    logger,
    metrics: instance.metrics,
    startApi: apiParts.startApi,
    beforeApi: apiParts.beforeApi,
    api: apiParts.api,
    readiness: {
      // Not ready until the alert copy has loaded: lists and searches answer 503 until then.
      check: async () => ({
        store: await storeAnswers(instance.store),
        // A short wait, so a probe just after a start on a small store does not see a load in progress.
        alertCopy: await instance.alertCopy.loadedWithin(2000),
        ...(redis ? { redis: await redisAnswers(redis) } : {}),
      }),
    },
  });
  const server = http.createServer(app);
  server.requestTimeout = config.requestTimeoutMs + 5000;
  const inFlight = trackInFlight(server);

  // 5. Socket.IO.
  const io = createIo(server, { allowedOrigins: config.allowedOrigins, metrics: instance.metrics });
  // With Redis, an event emitted on any process reaches the sockets of every process.
  if (adapterClients) io.adapter(createAdapter(adapterClients[0], adapterClients[1]));
  authenticateSockets(io, apiParts.sessionChain, config.mfaRequiredRoles, config);
  limitConnections(io, config);
  // First of the per-event middlewares: the session re-check after it reads the store.
  const releaseEventLimits = limitSocketEvents(io, { perMinute: config.socketEventsPerMinute, redis });
  enforceSessionExpiry(instance, io, config);

  // 6. Listeners on the domain events.
  const pushPublisher = wirePushPublisher(
    instance,
    createPushSender(instance, {
      keys: vapidKeys,
      subject: config.push.subject,
      allowInsecure: config.push.allowInsecureEndpoints,
      logger,
    }),
    logger,
  );
  const unwireListeners = [
    wireSessionRevocation(instance, io),
    wireAlertPublisher(instance, io),
    wireSearchPublisher(instance, io, logger),
    pushPublisher.unwire,
    wireInboxPublisher(instance, io, logger),
    wireInboxListeners(instance),
    logMaintenanceFailures(instance, logger),
  ];

  // 7–8. The alert copy; matching, socket handlers, jobs.
  const copy = startAlertCopy(instance, config, logger);
  const stopCopyRepair = startAlertCopyRepair(instance, logger);
  const stopScraping = instance.metrics.useScrapeSources(scrapeSources(instance, redis));
  const matching = startMatching(instance, logger);
  registerAlertHandlers(instance, io);
  const auditAnchor = config.audit.anchorFile ? { file: config.audit.anchorFile, everyMs: config.audit.anchorEveryMs } : null;
  const jobs = config.jobsEnabled
    ? startJobs(
        instance,
        logger,
        coreJobs(instance, {
          inactiveAccountDays: config.inactiveAccountDays,
          lockoutMinutes: config.lockout.minutes,
          auditAnchor,
          postgresql: postgresqlTargetOf(config),
        }),
      )
    : null;

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info('shutting down: no new connections; finishing requests in progress');
      jobs?.stop();
      stopCopyRepair();
      stopScraping();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = await inFlight.drained(config.shutdownTimeoutMs);
      if (!drained) logger.warn({ inFlight: inFlight.count() }, 'shutdown timeout: abandoning requests in progress');
      // Only once no request runs: an alert accepted while stopping (a rolling restart) is still
      // announced live and matched, as any other.
      for (const unwire of unwireListeners) unwire();
      await matching.stop();
      await new Promise<void>((resolve) => void io.close(() => resolve()));
      await pushPublisher.settled();
      releaseEventLimits();
      server.closeAllConnections();
      await closed;
      await copy.stop();
      await closeConnections();
      logger.info('stopped');
    })());

  // 9. Listening; a port in use stops what was started.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
  const addr = server.address() as AddressInfo;
  const url = `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;
  return { url, http: server, app, io, instance, store: stored.store, redis, push: pushPublisher, stop };
}

/** createPuente under the name the tests call it by. */
export function startServer(config: Config, logger: Logger, opts: StartOptions = {}): Promise<PuenteServer> {
  return createPuente(config, logger, opts);
}

/** Human line printed once the server is up. */
export function readyBanner(url: string, publicUrl: string, store: RunningStore): string {
  return `Puente listo / ready: ${publicUrl} (listening on ${url}; store: ${store.kind})`;
}
