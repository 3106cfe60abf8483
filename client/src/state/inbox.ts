/**
 * The inbox as signals: items heard of (pages read and live `inbox:new`), newest first, and the
 * unread count for the navigation badge. The server keeps both; `inbox:read` from another device
 * of the user brings the count and the read marks here.
 */
import { signal } from '@preact/signals';
import type { InboxItemDto } from '../../../shared/dto/inbox.js';
import { listInbox, markInboxRead } from '../api/inbox.js';
import { noticeInboxItem } from './notifications.js';
import { OvertakenReads } from './overtakenReads.js';

export const inboxItems = signal<readonly InboxItemDto[]>([]);
export const inboxUnread = signal(0);
/** The cursor of the next page: undefined before the first, null when there is no more. */
export const inboxCursor = signal<string | null | undefined>(undefined);

let firstPage: Promise<void> | null = null;
/** Live items and read marks: a first page read while one arrives is read again (its count may predate it). */
const firstPageReads = new OvertakenReads();

function merge(items: readonly InboxItemDto[]): void {
  const byId = new Map(inboxItems.value.map((i) => [i.id, i] as const));
  for (const i of items) byId.set(i.id, i);
  inboxItems.value = [...byId.values()].sort((a, b) =>
    a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id.localeCompare(a.id),
  );
}

/** Reads the first page again (on sign-in, on reconnect: what arrived meanwhile). */
export function refreshInbox(): Promise<void> {
  firstPage = firstPageReads
    .read(() => listInbox(null))
    .then(
      (page) => {
        merge(page.items);
        inboxUnread.value = page.unread;
        if (inboxCursor.value === undefined) inboxCursor.value = page.nextCursor;
      },
      () => {
        firstPage = null;
      },
    );
  return firstPage;
}

export function loadInboxOnce(): Promise<void> {
  return firstPage ?? refreshInbox();
}

export async function loadMoreInbox(): Promise<void> {
  const cursor = inboxCursor.value;
  if (!cursor) return;
  const page = await listInbox(cursor);
  merge(page.items);
  inboxUnread.value = page.unread;
  inboxCursor.value = page.nextCursor;
}

export function receiveInboxItem(item: InboxItemDto): void {
  if (inboxItems.value.some((i) => i.id === item.id)) return;
  merge([item]);
  firstPageReads.changed();
  if (!item.read) inboxUnread.value += 1;
  noticeInboxItem(item);
}

export function receiveInboxRead(ids: readonly string[], unread: number): void {
  const read = new Set(ids);
  firstPageReads.changed();
  inboxItems.value = inboxItems.value.map((i) => (read.has(i.id) && !i.read ? { ...i, read: true } : i));
  inboxUnread.value = unread;
}

/** Marks some items, or all, read; the answer (and `inbox:read`) gives the new count. */
export async function markRead(target: { ids: string[] } | { all: true }): Promise<void> {
  const { unread } = await markInboxRead(target);
  firstPageReads.changed();
  const all = 'all' in target;
  const ids = new Set(all ? [] : target.ids);
  inboxItems.value = inboxItems.value.map((i) => (all || ids.has(i.id) ? { ...i, read: true } : i));
  inboxUnread.value = unread;
}

export function resetInbox(): void {
  inboxItems.value = [];
  inboxUnread.value = 0;
  inboxCursor.value = undefined;
  firstPage = null;
  firstPageReads.reset();
}
