/**
 * The one error class services throw: what went wrong in the domain's terms (a code the client
 * switches on, details, how long to wait before retrying), nothing of HTTP. The edges turn it into
 * their answers: status, body and Retry-After (http/errorHandler.ts), or a socket ack
 * (realtime/ackErrors.ts), both through errorClassification.ts.
 */
import type { ErrorCode, ErrorDetail } from '../../shared/errors.js';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetail[],
    /** Seconds the caller should wait before asking again (a lockout, a copy still loading). */
    readonly retryAfterS?: number,
  ) {
    super(message ?? code);
    this.name = 'DomainError';
  }
}

export const notFound = (): DomainError => new DomainError('not_found');
export const forbidden = (): DomainError => new DomainError('forbidden');
