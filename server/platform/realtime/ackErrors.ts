/**
 * The `{error}` of a socket ack, for an exception classified exactly as the HTTP edge classifies
 * it (errorClassification.ts): a store the driver cannot reach is `store_unavailable`, and the
 * wait an HTTP answer gives as Retry-After is the ack's `retryAfter` (seconds), so a device waits
 * before asking again instead of hammering a struggling server (issue 26).
 */
import type { ErrorCode } from '../../../shared/errors.js';
import { ERROR_MESSAGES } from '../../../shared/i18n/messages.js';
import { classifyError, STORE_RETRY_AFTER_S } from '../errorClassification.js';

type Language = keyof (typeof ERROR_MESSAGES)[ErrorCode];

export interface AckError {
  error: { code: ErrorCode; message: string; retryAfter?: number };
}

export function errorAck(code: ErrorCode, language: Language, retryAfter?: number): AckError {
  return { error: { code, message: ERROR_MESSAGES[code][language], ...(retryAfter ? { retryAfter } : {}) } };
}

/** The ack for an exception: its code and retry wait, else `internal`. */
export function ackForError(err: unknown, language: Language): AckError {
  const classified = classifyError(err);
  if (!classified) return errorAck('internal', language);
  return errorAck(classified.code, language, classified.retryAfterS);
}

/** Seconds to wait after a refusal because a store read failed (session re-checks and the like). */
export const STORE_RETRY_AFTER = STORE_RETRY_AFTER_S;
