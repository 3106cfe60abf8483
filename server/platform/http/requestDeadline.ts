/**
 * The request timeout (REQUEST_TIMEOUT_MS). A request that stalls (slow body, a handler waiting
 * for a lock or the store) is answered rather than held forever, and what that answer says is
 * true (issue 26): `503 unavailable` only once the request's write deadline has expired before
 * its point of no return, so the handler, however long it goes on, stores nothing
 * (platform/store/writeDeadline.ts). A request whose write is already under way is given as long again to
 * answer for itself; if it still has not, the 503 says that the change may have been stored.
 */
import type { RequestHandler } from 'express';
import { storeUnreachableSince, WriteDeadline } from '../store/index.js';
import { STORE_RETRY_AFTER_S } from '../errorClassification.js';
import { sendError } from './errorHandler.js';
import type { Instance } from '../instance.js';

export function requestDeadline(instance: Instance, timeoutMs: number): RequestHandler {
  return (req, res, next) => {
    const startedAt = Date.now();
    const deadline = new WriteDeadline();
    req.deadline = deadline;
    let grace: NodeJS.Timeout | undefined;
    res.on('close', () => clearTimeout(grace));
    res.setTimeout(timeoutMs, () => {
      if (res.headersSent) return;
      if (deadline.expire()) {
        // Nothing was stored either way; when a store outage overlapped the request (it waited on
        // work held up by it), that is the cause to tell, with when to retry, as every other request
        // refused meanwhile is told (storeGate.ts).
        if (storeUnreachableSince(instance.store, startedAt))
          return sendError(req, res, { code: 'store_unavailable', retryAfterS: STORE_RETRY_AFTER_S });
        return sendError(req, res, { code: 'unavailable' });
      }
      grace = setTimeout(() => {
        sendError(req, res, {
          code: 'unavailable',
          details: [{ path: 'request', message: 'outcome unknown: the change may have been stored (retry with the same Idempotency-Key)' }],
        });
      }, timeoutMs);
      grace.unref();
    });
    next();
  };
}
