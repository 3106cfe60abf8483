/** Stable error codes the client switches on, with their HTTP status. */
export const ERROR_STATUS = {
  invalid_json: 400,
  validation_failed: 400,
  invalid_credentials: 401,
  invalid_code: 401,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  mfa_required: 403,
  agency_inactive: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  alert_full: 409,
  agency_share_full: 409,
  alert_history_full: 409,
  alert_photos_full: 409,
  /** The alert's personal data was purged at the end of its retention period: it takes no writes. */
  alert_purged: 409,
  payload_too_large: 413,
  image_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  /** A socket event of a kind this socket already has in flight (socket acks only). */
  busy: 429,
  too_many_connections: 429,
  internal: 500,
  unavailable: 503,
  store_unavailable: 503,
  search_preparing: 503,
  alerts_preparing: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One offending field: a dotted path and what is wrong with it. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** The body of every error response. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}
