/**
 * What domain error an exception stands for, written once for every edge: the HTTP edge
 * (http/errorHandler.ts) answers it with a status, a body and Retry-After, the socket edge
 * (realtime/ackErrors.ts) with an ack's `{error}` and `retryAfter`, so the same failure reads the
 * same on both (issue 26: a socket event answered `internal` what HTTP answered `store_unavailable`).
 */
import mongoose from 'mongoose';
import { ZodError } from 'zod';
import type { ErrorCode, ErrorDetail } from '../../shared/errors.js';
import { DomainError } from './errors.js';
import { DeadlineExceeded, isDuplicateKeyError } from './store/index.js';

export interface Classified {
  code: ErrorCode;
  details?: ErrorDetail[] | undefined;
  /** Seconds the caller should wait before asking again. */
  retryAfterS?: number | undefined;
}

/** Seconds a client should wait before retrying a request the store could not serve. */
export const STORE_RETRY_AFTER_S = 5;

/** The domain error an exception stands for, or null for an unexpected one (answered `internal`). */
export function classifyError(err: unknown): Classified | null {
  if (err instanceof DomainError) return { code: err.code, details: err.details, retryAfterS: err.retryAfterS };
  if (err instanceof ZodError) return { code: 'validation_failed', details: zodDetails(err) };
  if (err instanceof mongoose.Error.ValidationError) {
    return {
      code: 'validation_failed',
      details: Object.entries(err.errors).map(([path, e]) => ({ path, message: e.kind === 'required' ? 'required' : 'invalid' })),
    };
  }
  if (err instanceof mongoose.Error.CastError) return { code: 'not_found' };
  if (isDuplicateKeyError(err)) return { code: 'conflict' };
  // A handler stopped by its deadline: its request was answered already (requestDeadline.ts).
  if (err instanceof DeadlineExceeded) return { code: 'unavailable' };
  if (isStoreUnreachable(err)) return { code: 'store_unavailable', retryAfterS: STORE_RETRY_AFTER_S };
  return null;
}

/** Zod issues as the API's `{path, message}` details. */
function zodDetails(err: ZodError): ErrorDetail[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
}

/**
 * The driver could not reach the store in time (no free connection, no server, a dropped link), or
 * the store is shutting down and refused the command.
 */
function isStoreUnreachable(err: unknown): boolean {
  return err instanceof Error && (STORE_UNREACHABLE.has(err.name) || isDroppedLink(err) || isStoreShuttingDown(err));
}

/**
 * A socket error the driver let through as it came (a command waiting for its socket to drain gets
 * the socket's own `write EPIPE` or `read ECONNRESET`, not a MongoNetworkError), here or as the
 * cause of another error. The server's only links are to its store and Redis: either way a link
 * dropped, nothing is wrong with the request (issue 26: such an error was answered 500).
 */
function isDroppedLink(err: unknown, depth = 0): boolean {
  if (!(err instanceof Error) || depth > 3) return false;
  const { code, syscall } = err as NodeJS.ErrnoException;
  if (typeof code === 'string' && (syscall === 'write' || syscall === 'read' || syscall === 'connect')) {
    if (DROPPED_LINK_CODES.has(code) || (code === 'ENOENT' && syscall === 'connect')) return true;
  }
  return isDroppedLink(err.cause, depth + 1);
}

/** `ENOENT` counts only for `connect`: the store's Unix socket gone while the store restarts. */
const DROPPED_LINK_CODES = new Set([
  'EPIPE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ENOTCONN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

// By name: Mongoose's driver and the top-level one are separate copies, and not every version
// exports each class.
const STORE_UNREACHABLE = new Set([
  'MongoWaitQueueTimeoutError',
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  // Mongoose's wrapper of MongoServerSelectionError (mongoose.connect).
  'MongooseServerSelectionError',
  // Our own fail-fast refusal while the driver knows the store is gone (storeReachability.ts).
  'StoreUnreachableError',
]);

/**
 * A command the store refused because it is stopping (FerretDB and MongoDB answer so between
 * SIGTERM and closing their sockets): ShutdownInProgress (91) and InterruptedAtShutdown (11600).
 * FerretDB also answers a command its own shutdown cancelled as InternalError (1) carrying Go's
 * `context canceled` (it wraps any backend error so, `handlererrors.ProtocolError`): on PostgreSQL
 * the query running at SIGTERM fails that way. The store is going away, as with a dropped link;
 * each of these was answered 500 right after FerretDB got SIGTERM in the store-outage test.
 */
function isStoreShuttingDown(err: Error): boolean {
  const { code } = err as { code?: unknown };
  if (!err.name.startsWith('Mongo') || typeof code !== 'number') return false;
  return STORE_SHUTDOWN_CODES.has(code) || (code === INTERNAL_ERROR && STORE_CANCELLED.test(err.message));
}

const STORE_SHUTDOWN_CODES = new Set([91, 11600]);
const INTERNAL_ERROR = 1;
/** Go's message for a cancelled context: the store cancelled its own work (a client's own limit is MaxTimeMSExpired, 50). */
const STORE_CANCELLED = /\bcontext canceled\b/;
