/** The one error class services throw; the error middleware turns it into the API's error body. */
import { ERROR_STATUS, type ErrorCode, type ErrorDetail } from '../../shared/errors.js';

export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? code);
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }
}

export const notFound = (): ApiError => new ApiError('not_found');
export const forbidden = (): ApiError => new ApiError('forbidden');
