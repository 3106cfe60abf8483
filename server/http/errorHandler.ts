/** Maps every error to the API's error body; unknown errors are logged and answered generically. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import mongoose from 'mongoose';
import { ZodError } from 'zod';
import type { ErrorCode, ErrorDetail } from '../../shared/errors.js';
import { ERROR_MESSAGES, pickLanguage } from '../../shared/i18n/messages.js';
import { ERROR_STATUS } from '../../shared/errors.js';
import { ApiError } from './apiError.js';
import { zodDetails } from './validation.js';
import { isDuplicateKeyError } from '../store/duplicateKey.js';
import { DeadlineExceeded } from '../store/writeDeadline.js';

export interface Mapped {
  code: ErrorCode;
  details?: ErrorDetail[] | undefined;
  headers?: Record<string, string> | undefined;
}

/** body-parser and raw-body signal their failures with a `type` string. */
function bodyParserCode(err: unknown): ErrorCode | null {
  const type = (err as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.parse.failed':
      return 'invalid_json';
    case 'entity.too.large':
      return 'payload_too_large';
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return 'unsupported_media_type';
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return 'validation_failed';
    default:
      return null;
  }
}

/**
 * Refusals raised with a 4xx `status` by the router and the body parser themselves, past the
 * `type`s above: a path parameter that does not decode (`%zz`: the router's URIError, 400) and a
 * body that does not inflate as its Content-Encoding says (400). Both are the client's mistake.
 */
function clientErrorCode(err: unknown): ErrorCode | null {
  const e = err as { status?: unknown; expose?: unknown } | null;
  if (!e || typeof e.status !== 'number' || e.status < 400 || e.status > 499) return null;
  if (err instanceof URIError) return 'validation_failed';
  if (e.expose !== true) return null;
  if (e.status === 413) return 'payload_too_large';
  if (e.status === 415) return 'unsupported_media_type';
  return e.status === 400 ? 'invalid_json' : 'validation_failed';
}

/** The driver could not reach the store in time (no free connection, no server, a dropped link). */
function isStoreUnreachable(err: unknown): boolean {
  return err instanceof Error && (STORE_UNREACHABLE.has(err.name) || isDroppedLink(err));
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

/** Seconds a client should wait before retrying a request the store could not serve. */
export const STORE_RETRY_AFTER_S = '5';

/** The API error an exception stands for, or null for an unexpected one (answered `internal`). */
export function mapError(err: unknown): Mapped | null {
  if (err instanceof ApiError) return { code: err.code, details: err.details, headers: err.headers };
  const parserCode = bodyParserCode(err);
  if (parserCode) return { code: parserCode };
  const clientCode = clientErrorCode(err);
  if (clientCode) return { code: clientCode };
  if (err instanceof ZodError) return { code: 'validation_failed', details: zodDetails(err) };
  if (err instanceof mongoose.Error.ValidationError) {
    return {
      code: 'validation_failed',
      details: Object.entries(err.errors).map(([path, e]) => ({ path, message: e.kind === 'required' ? 'required' : 'invalid' })),
    };
  }
  if (err instanceof mongoose.Error.CastError) return { code: 'not_found' };
  if (isDuplicateKeyError(err)) return { code: 'conflict' };
  // A handler stopped by its deadline: the request was answered 503 already (requestDeadline.ts).
  if (err instanceof DeadlineExceeded) return { code: 'unavailable' };
  if (isStoreUnreachable(err)) return { code: 'store_unavailable', headers: { 'Retry-After': STORE_RETRY_AFTER_S } };
  return null;
}

/** Language for a response: the signed-in user's, else Accept-Language, else Spanish. */
export function responseLanguage(req: Parameters<RequestHandler>[0]) {
  const user = (req as { user?: { language?: string } }).user;
  return pickLanguage(req.get('accept-language'), user?.language);
}

/** Sends the standard error body. */
export function sendError(req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], mapped: Mapped): void {
  if (res.headersSent) return;
  for (const [k, v] of Object.entries(mapped.headers ?? {})) res.setHeader(k, v);
  const message = ERROR_MESSAGES[mapped.code][responseLanguage(req)];
  res.status(ERROR_STATUS[mapped.code]).json({
    error: { code: mapped.code, message, ...(mapped.details?.length ? { details: mapped.details } : {}) },
  });
}

export const notFoundHandler: RequestHandler = (req, res) => sendError(req, res, { code: 'not_found' });

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const mapped = mapError(err);
  if (mapped) {
    if (mapped.code === 'internal') req.log?.error({ err }, 'request failed');
    if (mapped.code === 'store_unavailable') req.log?.warn({ err }, 'store unreachable');
    sendError(req, res, mapped);
    return;
  }
  req.log?.error({ err }, 'unhandled error');
  sendError(req, res, { code: 'internal' });
};
