/** The Redis client Puente shares between processes (rate limits, Socket.IO adapter, event limits). */
import { createClient } from 'redis';
import type { Logger } from './config/logger.js';

export type RedisClient = ReturnType<typeof createClient>;

export async function connectRedis(url: string, logger: Logger): Promise<RedisClient> {
  const client = createClient({ url, socket: { reconnectStrategy: (n) => Math.min(n * 200, 5000) } });
  client.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis error'));
  await client.connect();
  return client;
}

/** Whether Redis answers now. Not connected is a quick no: a command sent then waits in the
 * client's queue until Redis is back, which held /readyz for the whole outage (issue 26,
 * test/integration/redisOutage.test.ts). */
export async function redisAnswers(client: RedisClient | null, timeoutMs = 1000): Promise<boolean> {
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
export async function closeRedis(client: RedisClient): Promise<void> {
  if (client.isReady) await client.quit().catch(() => undefined);
  else client.destroy();
}
