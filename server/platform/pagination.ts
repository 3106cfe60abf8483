/** Opaque cursors for `?cursor=`: base64url of a small JSON value, validated on the way back. */
import type { z } from 'zod';
import { DomainError } from './errors.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** Decodes a cursor against a schema; anything else is a 400 naming `cursor`. */
export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new DomainError('validation_failed', 'bad cursor', [{ path: 'cursor', message: 'not a valid cursor' }]);
  }
}

/** Cuts a list fetched with limit + 1 into a page, the cursor pointing after its last item. */
export function toPage<D, T>(docs: D[], limit: number, present: (d: D) => T, cursorOf: (d: D) => unknown): Page<T> {
  const hasMore = docs.length > limit;
  const items = docs.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(present), nextCursor: hasMore && last !== undefined ? encodeCursor(cursorOf(last)) : null };
}
