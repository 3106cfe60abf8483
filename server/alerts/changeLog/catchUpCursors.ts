/**
 * Catch-up cursors (`alerts:since`) are signed: `base64url(JSON {c, p})` followed by a truncated
 * HMAC keyed from DATA_ENCRYPTION_KEY, so only a cursor this deployment issued is read. A crafted
 * one (`{c: 1e9, p: [1]}` asked for the whole log in one call) or one issued before cursors were
 * signed is refused with `validation_failed`; the device then starts again from `null`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../platform/errors.js';
import type { AlertKeys } from '../alertKeys.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import type { LogHead } from '../../platform/store/index.js';

/** Pending changes a catch-up cursor carries at most; beyond them the cursor stops before the next one. */
export const MAX_PENDING_IN_CURSOR = 8;

/** `c`: last log position read; `p`: earlier entries still pending (their alert write had not landed);
 * `e`: the log's epoch when it was issued (epochTag), absent on cursors issued before it was carried. */
const positionSchema = z
  .object({
    c: z.number().int().min(0),
    p: z.array(z.number().int().min(1)).max(MAX_PENDING_IN_CURSOR).optional(),
    e: z.string().max(16).optional(),
  })
  .refine((v) => (v.p ?? []).every((s) => s <= v.c), 'pending entries come before the position');
export type CatchUpPosition = z.infer<typeof positionSchema>;

/** 16 bytes of HMAC-SHA-256 in base64url. */
const SIGNATURE_CHARS = 22;
/** Signed under the Puente's key: cursors signed under any other are refused by every process of this deployment. */
function signatureOf(keys: AlertKeys, payload: string): Buffer {
  return createHmac('sha256', keys.catchUpCursors).update(payload).digest().subarray(0, 16);
}

/** A log epoch as a cursor carries it: 8 hex digits of the random id, enough to tell the few epochs compared. */
export const epochTag = (epoch: string): string => epoch.replace(/-/g, '').slice(0, 8);

/**
 * Whether a cursor's position is one of the log as it stands: issued in its epoch, or in the epoch
 * it renewed (a bulk import writes around a log that goes on), or — the log restored from a backup —
 * in the backup's epoch at or before the backup's last entry, where the two logs are the same.
 * After it, the old epoch's entries were lost with the store: those positions name changes the
 * restored log numbers differently. A cursor without an epoch predates them and is taken as before.
 */
export function cursorHolds(position: CatchUpPosition, head: Pick<LogHead, 'epoch' | 'previousEpoch' | 'restoredFrom'>): boolean {
  if (!position.e) return true;
  if (position.e === epochTag(head.epoch) || (head.previousEpoch && position.e === epochTag(head.previousEpoch))) return true;
  const from = head.restoredFrom;
  return !!from && position.e === epochTag(from.epoch) && position.c <= from.seq;
}

/** Signs `position`, issued in log epoch `epoch` (the one the Puente's alert copy follows: `AlertCopy.issuingEpoch`). */
export function encodeCatchUpCursor(keys: AlertKeys, position: CatchUpPosition, epoch: string): string {
  const payload = encodeCursor(epoch && !position.e ? { ...position, e: epochTag(epoch) } : position);
  return payload + signatureOf(keys, payload).toString('base64url');
}

const refused = () =>
  new DomainError('validation_failed', 'bad cursor', [
    { path: 'cursor', message: 'not a cursor this server issued: start again from null' },
  ]);

/** The position a cursor carries; `validation_failed` unless this deployment signed it. */
export function decodeCatchUpCursor(keys: AlertKeys, cursor: string): CatchUpPosition {
  if (cursor.length <= SIGNATURE_CHARS) throw refused();
  const payload = cursor.slice(0, -SIGNATURE_CHARS);
  const given = Buffer.from(cursor.slice(-SIGNATURE_CHARS), 'base64url');
  const expected = signatureOf(keys, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
  return decodeCursor(payload, positionSchema)!;
}
