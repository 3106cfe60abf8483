/** Per-IP rate limits (CJIS AC-7), shared through Redis when REDIS_URL is set. */
import type { RequestHandler } from 'express';
import { MemoryStore, rateLimit, type Options, type Store } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import type { RedisClient } from '../redis.js';
import { sendError } from './errorHandler.js';

export interface RateLimiters {
  /** Sign-in steps and invitation acceptance. */
  login: RequestHandler;
  /** Password re-authentication inside a session: password change, MFA enrolment. */
  reauth: RequestHandler;
  /** GET /auth/csrf: cheap now (nothing stored), bounded all the same. */
  csrf: RequestHandler;
  /** Per signed-in user: notes and hits added to alerts (issue #10 item 8). */
  alertUpdates: RequestHandler;
  /** Per signed-in user: alert status changes (issue #23 F6). */
  alertStatusChanges: RequestHandler;
  /** Per signed-in user: photo uploads, each decoded and re-encoded (issue #23 F6). */
  photoUploads: RequestHandler;
  /** Per signed-in user: searches, protected look-ups included, so fishing for who is protected is bounded (issue 24). */
  searches: RequestHandler;
}

function store(redis: RedisClient | null, prefix: string): Store | undefined {
  if (!redis) return undefined;
  return whileRedisDown(
    redis,
    new RedisStore({ prefix, sendCommand: (...args: string[]) => redis.sendCommand(args) as Promise<RedisReply> }),
  );
}

/**
 * The shared counter, or this process's own while Redis is not connected: a command sent then
 * waits in the client's queue until Redis is back, which held every sign-in and socket event for
 * the whole outage (issue 26, test/integration/redisOutage.test.ts). Counting per process keeps
 * each limit bounded meanwhile (at most once per process).
 */
function whileRedisDown(redis: RedisClient, shared: Store): Store {
  const local = new MemoryStore();
  const pick = () => (redis.isReady ? shared : local);
  return {
    init: (options) => {
      shared.init?.(options);
      local.init(options);
    },
    get: (key) => pick().get?.(key),
    increment: (key) => pick().increment(key),
    decrement: (key) => pick().decrement(key),
    resetKey: (key) => pick().resetKey(key),
    shutdown: () => local.shutdown(),
    ...(shared.prefix ? { prefix: shared.prefix } : {}),
  };
}

/**
 * A counter of hits per key over a fixed window, in this process or shared through Redis: the
 * stores behind the HTTP limits, for what is not an HTTP request (socket events). Call
 * `shutdown` when done with it.
 */
export function windowCounter(name: string, windowMs: number, redis: RedisClient | null): Store {
  const counter = store(redis, `puente:rl:${name}:`) ?? new MemoryStore();
  // Both stores read only `windowMs` from the limiter's options (their `init` is where they get it).
  void counter.init?.({ windowMs } as Options);
  return counter;
}

/** 429 rate_limited (bilingual) with Retry-After. */
const tooMany: Options['handler'] = (req, res, _next, options) => {
  const reset = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : Math.ceil(options.windowMs / 1000);
  sendError(req, res, { code: 'rate_limited', retryAfterS: seconds });
};

/** A limit of `limit` requests per window, with its own counter per name (keyed by IP address unless told). */
function limiter(name: string, minutes: number, limit: number, redis: RedisClient | null, key?: Options['keyGenerator']): RequestHandler {
  return rateLimit({
    windowMs: minutes * 60_000,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    store: store(redis, `puente:rl:${name}:`),
    ...(key ? { keyGenerator: key } : {}),
    handler: tooMany,
  });
}

/** A per-IP limit over 15 minutes. */
const perIpLimit = (name: string, limit: number, redis: RedisClient | null) => limiter(name, 15, limit, redis);

/** A per-user limit over 10 minutes. Mounted behind the sign-in gate: the user, not the address, is what is limited. */
const perUserLimit = (name: string, limit: number, redis: RedisClient | null) =>
  limiter(name, 10, limit, redis, (req) => `user:${req.user?.id ?? 'none'}`);

export function createRateLimiters(opts: {
  loginPer15Min: number;
  csrfPer15Min: number;
  alertUpdatesPer10Min: number;
  alertStatusChangesPer10Min: number;
  photoUploadsPer10Min: number;
  searchesPer10Min: number;
  redis: RedisClient | null;
}): RateLimiters {
  return {
    login: perIpLimit('login', opts.loginPer15Min, opts.redis),
    reauth: perIpLimit('reauth', opts.loginPer15Min, opts.redis),
    csrf: perIpLimit('csrf', opts.csrfPer15Min, opts.redis),
    alertUpdates: perUserLimit('alert_updates', opts.alertUpdatesPer10Min, opts.redis),
    alertStatusChanges: perUserLimit('alert_status', opts.alertStatusChangesPer10Min, opts.redis),
    photoUploads: perUserLimit('photo_uploads', opts.photoUploadsPer10Min, opts.redis),
    searches: perUserLimit('searches', opts.searchesPer10Min, opts.redis),
  };
}
