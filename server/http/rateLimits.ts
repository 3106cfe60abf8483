/** Per-IP rate limits (CJIS AC-7), shared through Redis when REDIS_URL is set. */
import type { RequestHandler } from 'express';
import { rateLimit, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RedisClient } from '../server.js';
import { sendError } from './errorHandler.js';

export interface RateLimiters {
  login: RequestHandler;
}

function store(redis: RedisClient | null, prefix: string): Store | undefined {
  if (!redis) return undefined;
  return new RedisStore({ prefix, sendCommand: (...args: string[]) => redis.sendCommand(args) as Promise<RedisReply> });
}

export function createRateLimiters(opts: { loginPer15Min: number; redis: RedisClient | null }): RateLimiters {
  return {
    login: rateLimit({
      windowMs: 15 * 60_000,
      limit: opts.loginPer15Min,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      store: store(opts.redis, 'puente:rl:login:'),
      handler: (req, res, _next, options) => {
        const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(options.windowMs / 1000);
        res.setHeader('Retry-After', String(seconds));
        sendError(req, res, { code: 'rate_limited' });
      },
    }),
  };
}
