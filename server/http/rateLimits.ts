/** Per-IP rate limits (CJIS AC-7), shared through Redis when REDIS_URL is set. */
import type { RequestHandler } from 'express';
import { rateLimit, type Options, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RedisClient } from '../server.js';
import { sendError } from './errorHandler.js';

export interface RateLimiters {
  login: RequestHandler;
  /** Per signed-in user: notes and hits added to alerts (issue #10 item 8). */
  alertUpdates: RequestHandler;
}

function store(redis: RedisClient | null, prefix: string): Store | undefined {
  if (!redis) return undefined;
  return new RedisStore({ prefix, sendCommand: (...args: string[]) => redis.sendCommand(args) as Promise<RedisReply> });
}

/** 429 rate_limited (bilingual) with Retry-After. */
const tooMany: Options['handler'] = (req, res, _next, options) => {
  const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(options.windowMs / 1000);
  res.setHeader('Retry-After', String(seconds));
  sendError(req, res, { code: 'rate_limited' });
};

export function createRateLimiters(opts: { loginPer15Min: number; alertUpdatesPer10Min: number; redis: RedisClient | null }): RateLimiters {
  return {
    login: rateLimit({
      windowMs: 15 * 60_000,
      limit: opts.loginPer15Min,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      store: store(opts.redis, 'puente:rl:login:'),
      handler: tooMany,
    }),
    alertUpdates: rateLimit({
      windowMs: 10 * 60_000,
      limit: opts.alertUpdatesPer10Min,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
      store: store(opts.redis, 'puente:rl:alert_updates:'),
      // Mounted behind the sign-in gate: the user, not the address, is what is limited.
      keyGenerator: (req) => `user:${req.user?.id ?? 'none'}`,
      handler: tooMany,
    }),
  };
}
