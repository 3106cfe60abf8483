/** Request ids and the JSON content-type rule for state-changing API requests. */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { DomainError } from '../errors.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The server's own id for every request (logs, audit records, the X-Request-Id answer). A
 * well-formed X-Request-Id is kept beside it, as `proxyRequestId` in the logs, only when it
 * comes from a trusted proxy (TRUST_PROXY); a client's choice never reaches the audit trail.
 */
export function requestId(behindProxy: boolean): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    if (behindProxy && incoming && SAFE_REQUEST_ID.test(incoming)) req.proxyRequestId = incoming;
    req.id = randomUUID();
    res.setHeader('X-Request-Id', req.id);
    next();
  };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A request that carries a body must say it is JSON (routes with other media register their own parser first). */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  // Image uploads are read by their own route's raw parser and checked by content there.
  if (BODY_METHODS.has(req.method) && hasBody && !req.is('application/json') && !req.is('image/*')) {
    throw new DomainError('unsupported_media_type');
  }
  next();
};

/** API responses are never cached (they carry personal data). */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
};
