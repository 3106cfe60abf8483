/**
 * The `{error}` of a socket ack, mapped from an exception exactly as the HTTP edge maps it
 * (errorHandler.ts `mapError`): a store the driver cannot reach is `store_unavailable`, and the
 * Retry-After an HTTP answer would carry becomes `retryAfter` (seconds), so a device waits
 * before asking again instead of hammering a struggling server (issue 26).
 */
import type { ErrorCode } from '../../shared/errors.js';
import { ERROR_MESSAGES } from '../../shared/i18n/messages.js';
import { mapError, STORE_RETRY_AFTER_S } from '../http/errorHandler.js';

type Language = keyof (typeof ERROR_MESSAGES)[ErrorCode];

export interface AckError {
  error: { code: ErrorCode; message: string; retryAfter?: number };
}

export function errorAck(code: ErrorCode, language: Language, retryAfter?: number): AckError {
  return { error: { code, message: ERROR_MESSAGES[code][language], ...(retryAfter ? { retryAfter } : {}) } };
}

/** The ack for an exception: its mapped code and Retry-After, else `internal`. */
export function ackForError(err: unknown, language: Language): AckError {
  const mapped = mapError(err);
  if (!mapped) return errorAck('internal', language);
  const retryAfter = Number(mapped.headers?.['Retry-After']);
  return errorAck(mapped.code, language, Number.isFinite(retryAfter) ? retryAfter : undefined);
}

/** Seconds to wait after a refusal because a store read failed (session re-checks and the like). */
export const STORE_RETRY_AFTER = Number(STORE_RETRY_AFTER_S);
