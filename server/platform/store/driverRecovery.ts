/**
 * Replaces a store connection's client when its server monitor has stopped checking the store.
 *
 * The driver (mongodb 7.x, Mongoose's copy) checks the store every heartbeatFrequencyMS and marks
 * it reachable again after an outage. Seen on FerretDB on PostgreSQL stopped under load (issue 26,
 * storeOutage.test.ts): the check in flight when the store's connection closed never settled (the
 * monitor's `isExecutionInProgress` stayed true), so the monitor never checked again and the
 * process answered `503 store_unavailable` for good, the store answering a new client at once.
 *
 * A monitor that works reports a heartbeat (started, succeeded or failed) at least every
 * connectTimeoutMS + heartbeatFrequencyMS (12 s, mongoose.ts). While the connection is not
 * connected and none has been reported for STUCK_AFTER_MS, a new client is connected the same
 * way; if the store answers it, it takes the old one's place (Mongoose's public `setClient`, which
 * it allows only on a disconnected connection) and the old one is closed.
 */
import type { Logger } from 'pino';
import mongoose from 'mongoose';
import { connectReplacementClient } from './mongoose.js';
import type { Store } from './store.js';

export interface DriverRecoveryTiming {
  /** How often the connection is looked at. */
  checkEveryMs: number;
  /** Silence of the monitor, while disconnected, after which the client is replaced. */
  stuckAfterMs: number;
}

const DEFAULT_TIMING: DriverRecoveryTiming = { checkEveryMs: 2000, stuckAfterMs: 15_000 };

const HEARTBEAT_EVENTS = ['serverHeartbeatStarted', 'serverHeartbeatSucceeded', 'serverHeartbeatFailed'] as const;

/** Watches `store`'s connection's client; returns the function that stops watching. */
export function recoverStuckDriver(store: Store, logger: Logger, timing: DriverRecoveryTiming = DEFAULT_TIMING): () => void {
  let watched: mongoose.mongo.MongoClient | null = null;
  let lastHeartbeatAt = Date.now();
  const heard = () => (lastHeartbeatAt = Date.now());
  const watch = (client: mongoose.mongo.MongoClient) => {
    if (watched === client) return;
    for (const event of HEARTBEAT_EVENTS) watched?.off(event, heard);
    watched = client;
    lastHeartbeatAt = Date.now();
    for (const event of HEARTBEAT_EVENTS) client.on(event, heard);
  };
  let replacing = false;

  const check = async () => {
    const connection = store.connection;
    // Undefined until the connection is first opened and after it is closed.
    const client = connection.getClient() as mongoose.mongo.MongoClient | undefined;
    if (!client) return;
    watch(client);
    if (replacing || connection.readyState === mongoose.ConnectionStates.connected) return;
    const silentMs = Date.now() - lastHeartbeatAt;
    if (silentMs < timing.stuckAfterMs) return;
    replacing = true;
    let fresh: mongoose.mongo.MongoClient | null = null;
    try {
      fresh = await connectReplacementClient(store);
      // Still disconnected? The old monitor may have come back meanwhile.
      if (connection.readyState !== mongoose.ConnectionStates.disconnected) {
        await fresh.close();
        return;
      }
      connection.setClient(fresh);
      watch(fresh);
      fresh = null;
      const stuck = client;
      // The old client's listeners would keep telling the connection it is disconnected.
      stuck.removeAllListeners();
      void stuck.close(true).catch(() => undefined);
      logger.error({ store: 'driver', silentMs }, 'the store driver had stopped checking the store: replaced its client, reconnected');
    } catch (err) {
      // The store does not answer a new client either: an outage, not a stuck monitor. Next round.
      logger.debug({ err, store: 'driver' }, 'replacement client could not connect');
      await fresh?.close().catch(() => undefined);
    } finally {
      replacing = false;
    }
  };
  const timer = setInterval(() => void check(), timing.checkEveryMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    for (const event of HEARTBEAT_EVENTS) watched?.off(event, heard);
  };
}
