/** A device's catch-up over a real socket: `alerts:since` called as the client calls it. */
import type { AlertsSinceData } from '../../shared/events.js';
import type { TestSocket } from './sockets.js';

export async function since(socket: TestSocket, cursor: string | null): Promise<AlertsSinceData> {
  const res = await socket.timeout(10_000).emitWithAck('alerts:since', { cursor });
  if ('error' in res) throw new Error(`alerts:since refused: ${JSON.stringify(res.error)}`);
  return res.data;
}

/**
 * Catches up from `cursor` until every id in `expected` has come (changes still in flight are
 * asked for again, as the client does after a pause), then once more; returns every id returned,
 * in order, repeats included, so a caller can check each came once.
 */
export async function catchUpFrom(
  socket: TestSocket,
  cursor: string | null,
  expected: ReadonlySet<string>,
  timeoutMs = 15_000,
): Promise<{ ids: string[]; cursor: string | null }> {
  const ids: string[] = [];
  const deadline = Date.now() + timeoutMs;
  let next = cursor;
  for (;;) {
    const page = await since(socket, next);
    ids.push(...page.items.map((a) => a.id as string));
    next = page.cursor;
    if (page.hasMore) continue;
    const got = new Set(ids);
    if ([...expected].every((id) => got.has(id)) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  // Anything left to come after that (a repeat) comes now.
  const last = await since(socket, next);
  ids.push(...last.items.map((a) => a.id as string));
  return { ids, cursor: last.cursor };
}

/** Ids that occur more than once. */
export function repeated(ids: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(ids.filter((id) => seen.has(id) || !seen.add(id)))];
}
