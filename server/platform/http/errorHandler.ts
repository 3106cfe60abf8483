/** Maps every error to the API's error body; unknown errors are logged and answered generically. */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ErrorCode } from '../../../shared/errors.js';
import { ERROR_MESSAGES, pickLanguage } from '../../../shared/i18n/messages.js';
import { ERROR_STATUS } from '../../../shared/errors.js';
import { classifyError, type Classified } from '../errorClassification.js';

/**
 * Refusals by the HTTP libraries themselves, which only this edge meets: body-parser and raw-body
 * signal their failures with a `type` string, the router and the body parser raise some with a
 * 4xx `status`.
 */
function httpLibraryCode(err: unknown): ErrorCode | null {
  return bodyParserCode(err) ?? clientErrorCode(err);
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

/** The error an exception stands for at this edge, or null for an unexpected one (answered `internal`). */
function mapError(err: unknown): Classified | null {
  const libraryCode = httpLibraryCode(err);
  return libraryCode ? { code: libraryCode } : classifyError(err);
}

/** Language for a response: the signed-in user's, else Accept-Language, else Spanish. */
export function responseLanguage(req: Parameters<RequestHandler>[0]) {
  const user = (req as { user?: { language?: string } }).user;
  return pickLanguage(req.get('accept-language'), user?.language);
}

/** Sends the standard error body. */
export function sendError(req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], mapped: Classified): void {
  if (res.headersSent) return;
  if (mapped.retryAfterS !== undefined) res.setHeader('Retry-After', String(mapped.retryAfterS));
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
