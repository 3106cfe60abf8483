import type { Instance } from '../platform/instance.js';

/** `match:<own alert>:<other alert>:<on>`, as matchItems.ts writes it. */
const MATCH_KEY = /^match:([a-f0-9]{24}):([a-f0-9]{24}):/;

/** Distinct pairs of alerts whose first cross-border match item is dated in [from, to). */
export async function crossBorderMatchPairs(instance: Instance, from: Date, to: Date): Promise<number> {
  const { InboxItem } = instance.models.notifications;
  const items = await InboxItem.find({ kind: 'match_new' }, { dedupeKey: 1, createdAt: 1 }).lean<
    Array<{ dedupeKey: string; createdAt: Date }>
  >();
  const first = new Map<string, number>();
  for (const item of items) {
    const m = MATCH_KEY.exec(item.dedupeKey);
    if (!m) continue;
    const pair = [m[1]!, m[2]!].sort().join(':');
    const at = new Date(item.createdAt).getTime();
    if (!first.has(pair) || at < first.get(pair)!) first.set(pair, at);
  }
  let count = 0;
  for (const at of first.values()) if (at >= from.getTime() && at < to.getTime()) count++;
  return count;
}
