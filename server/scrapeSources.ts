/**
 * What /metrics reads at each scrape from parts platform code does not know (the alert copy, the
 * backup records): handed to platform/http/metrics.ts by the composition root. An operator alerts
 * on these (deploy/prometheus/puente-alerts.yml, docs/operations.md "What to watch").
 */
import { lastBackupCompletedAt } from './platform/backup/backupRecords.js';
import type { ScrapeSources } from './platform/http/metrics.js';
import { redisAnswers, type RedisClient } from './platform/redis.js';
import { storeAnswers } from './platform/store/index.js';
import type { Instance } from './platform/instance.js';

export function scrapeSources(instance: Instance, redis: RedisClient | null): ScrapeSources {
  return {
    async alertCopy() {
      // One read of the head; the copy's position is this process's memory.
      const head = await instance.alertChangeLog.head();
      return {
        lag: Math.max(0, head.seq - instance.alertCopy.position),
        pending: instance.alertCopy.pendingChanges().length,
        loaded: instance.alertCopy.loaded,
      };
    },
    async dependencies() {
      const [store, redisUp] = await Promise.all([storeAnswers(instance.store), redis ? redisAnswers(redis) : null]);
      const up: Record<string, boolean> = { store };
      if (redisUp !== null) up.redis = redisUp;
      return up;
    },
    lastBackupCompletedAt: () => lastBackupCompletedAt(instance),
  };
}
