/**
 * The live alert feed: alerts by id (so one alert is shown once however it arrives: list page,
 * alert:new, alert:changed or alerts:since catch-up), the unseen badge and the announcement the
 * shell's live region reads out.
 */
import { computed, signal } from '@preact/signals';
import type { AlertSummaryDto } from '../../../shared/dto/alert.js';

export const feedById = signal<ReadonlyMap<string, AlertSummaryDto>>(new Map());
/** Newest first, as the API lists them. */
export const feedItems = computed(() =>
  [...feedById.value.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)),
);
/** Ids that arrived live and have not been looked at yet (the badge). */
export const unseenIds = signal<ReadonlySet<string>>(new Set());
export const unseenCount = computed(() => unseenIds.value.size);
/** When the feed was last known to match the server (ISO; null before the first sync), for "datos de las 14:32". */
export const feedSyncedAt = signal<string | null>(null);
/**
 * Whether this page has listed the feed from the server (its first page): until then the feed
 * holds only what a catch-up brought, which must not replace the device's copy.
 */
export const feedListed = signal(false);

export interface Announcement {
  alert: AlertSummaryDto;
  seq: number;
}
/** The latest live arrival, for the shell's live region and sound. */
export const lastArrival = signal<Announcement | null>(null);
let seq = 0;

/** Keeps the newer copy of each alert (by version, then cursor order of arrival). */
export function mergeAlerts(items: readonly AlertSummaryDto[]): AlertSummaryDto[] {
  const next = new Map(feedById.value);
  const added: AlertSummaryDto[] = [];
  for (const a of items) {
    const had = next.get(a.id);
    if (!had) added.push(a);
    if (!had || a.version >= had.version) next.set(a.id, a);
  }
  if (added.length || items.length) feedById.value = next;
  return added;
}

/** Alerts that arrived while the user was using Puente: merged, badged and announced once. */
export function receiveLiveAlerts(items: readonly AlertSummaryDto[]): void {
  const added = mergeAlerts(items);
  if (!added.length) return;
  unseenIds.value = new Set([...unseenIds.value, ...added.map((a) => a.id)]);
  const newest = added.reduce((a, b) => (b.priority === 'urgent' && a.priority !== 'urgent' ? b : a));
  lastArrival.value = { alert: newest, seq: ++seq };
}

export function markSeen(): void {
  if (unseenIds.value.size) unseenIds.value = new Set();
}

/** Bumped when the server says the device's catch-up fell too far behind (`alerts:since` with
 * `reset`): the feed list is loaded again rather than trusted to hold every change. */
export const feedStale = signal(0);

export function markFeedStale(): void {
  feedStale.value++;
}

/** Empties the feed (sign-out, filters changed). */
export function resetFeed(): void {
  feedById.value = new Map();
  unseenIds.value = new Set();
  lastArrival.value = null;
  feedSyncedAt.value = null;
  feedListed.value = false;
}
