/**
 * Catch-up cursors (`alerts:since`) are signed: `base64url(JSON {c, p})` followed by a truncated
 * HMAC keyed from DATA_ENCRYPTION_KEY, so only a cursor this deployment issued is read. A crafted
 * one (`{c: 1e9, p: [1]}` asked for the whole log in one call) or one issued before cursors were
 * signed is refused with `validation_failed`; the device then starts again from `null`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ApiError } from '../../http/apiError.js';
import { deriveKey } from '../crypto/derivedKeys.js';
import { decodeCursor, encodeCursor } from '../pagination.js';

/** Pending changes a catch-up cursor carries at most; beyond them the cursor stops before the next one. */
export const MAX_PENDING_IN_CURSOR = 8;

/** `c`: last log position read; `p`: earlier entries still pending (their alert write had not landed). */
const positionSchema = z
  .object({ c: z.number().int().min(0), p: z.array(z.number().int().min(1)).max(MAX_PENDING_IN_CURSOR).optional() })
  .refine((v) => (v.p ?? []).every((s) => s <= v.c), 'pending entries come before the position');
export type CatchUpPosition = z.infer<typeof positionSchema>;

/** 16 bytes of HMAC-SHA-256 in base64url. */
const SIGNATURE_CHARS = 22;
/** Until set from the configuration, a random key: never one anyone could know (a CLI presenting
 * alerts needs none shared; a server sets the configured one at start-up). */
let cursorKey: Buffer = randomBytes(32);

/** Every process that answers `alerts:since` sets this from its configuration at start-up. */
export function useCatchUpCursorKey(secret: Buffer): void {
  cursorKey = deriveKey(secret, 'puente:catch-up-cursors');
}

function signatureOf(payload: string): Buffer {
  return createHmac('sha256', cursorKey).update(payload).digest().subarray(0, 16);
}

export function encodeCatchUpCursor(position: CatchUpPosition): string {
  const payload = encodeCursor(position);
  return payload + signatureOf(payload).toString('base64url');
}

const refused = () =>
  new ApiError('validation_failed', 'bad cursor', [{ path: 'cursor', message: 'not a cursor this server issued: start again from null' }]);

/** The position a cursor carries; `validation_failed` unless this deployment signed it. */
export function decodeCatchUpCursor(cursor: string): CatchUpPosition {
  if (cursor.length <= SIGNATURE_CHARS) throw refused();
  const payload = cursor.slice(0, -SIGNATURE_CHARS);
  const given = Buffer.from(cursor.slice(-SIGNATURE_CHARS), 'base64url');
  const expected = signatureOf(payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
  return decodeCursor(payload, positionSchema)!;
}
