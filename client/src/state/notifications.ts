/**
 * Live search events (`access:request`, `access:decision`, `match:new`, `watch:hit`, `protected:checked`) as signals,
 * held in memory for this session only: the access requests as last heard of, matches and
 * watch hits that arrived, the pending-requests badge, and the notices the shell shows.
 */
import { computed, signal } from '@preact/signals';
import type { AccessRequestDto } from '../../../shared/dto/access.js';
import type { AlertMatchDto, AlertSummaryDto } from '../../../shared/dto/alert.js';
import type { ProtectedCheckedPayload } from '../../../shared/events.js';
import type { InboxItemDto } from '../../../shared/dto/inbox.js';
import { listAccessRequests } from '../api/accessRequests.js';
import { SeenEvents } from './seenEvents.js';
import { currentUser } from './session.js';

/** Access requests by id, newest state heard (from lists, answers and live events). */
export const accessRequests = signal<ReadonlyMap<string, AccessRequestDto>>(new Map());
/** Pending requests addressed to the user's agency (the navigation badge). */
export const pendingIncoming = computed(() => {
  const agencyId = currentUser.value?.agencyId;
  let n = 0;
  for (const r of accessRequests.value.values()) if (r.status === 'pending' && r.originAgencyId === agencyId) n++;
  return n;
});

export interface LiveMatch {
  alertId: string;
  match: AlertMatchDto;
  at: string;
}
/** Matches that arrived live, newest first. */
export const liveMatches = signal<readonly LiveMatch[]>([]);

export interface WatchHit {
  watchId: string;
  alert: AlertSummaryDto;
  at: string;
}

/** Notices shown by the shell until dismissed: a watch hit opens its alert, a decision the request. */
type NoticeBody =
  | { type: 'watch_hit'; hit: WatchHit }
  | { type: 'access_request'; request: AccessRequestDto }
  | { type: 'access_decision'; request: AccessRequestDto }
  | { type: 'protected_checked'; check: ProtectedCheckedPayload }
  | { type: 'inbox'; item: InboxItemDto }
  | { type: 'outbox_sent'; alert: { id: string; reference: string } };
export type Notice = NoticeBody & { id: string };
export const notices = signal<readonly Notice[]>([]);
const MAX_NOTICES = 5;
let seq = 0;

function pushNotice(n: NoticeBody): void {
  notices.value = [{ ...n, id: `n${++seq}` }, ...notices.value].slice(0, MAX_NOTICES);
}

export function dismissNotice(id: string): void {
  notices.value = notices.value.filter((n) => n.id !== id);
}

/** Keeps the latest copy of each request. */
export function rememberRequests(items: readonly AccessRequestDto[]): void {
  if (!items.length) return;
  const next = new Map(accessRequests.value);
  for (const r of items) next.set(r.id, r);
  accessRequests.value = next;
}

/** The latest request of this user for an alert, if any was heard of. */
export function myRequestFor(alertId: string): AccessRequestDto | undefined {
  const me = currentUser.value?.id;
  let best: AccessRequestDto | undefined;
  for (const r of accessRequests.value.values())
    if (r.alertId === alertId && r.requesterId === me && (!best || r.createdAt > best.createdAt)) best = r;
  return best;
}

/** Inbox items worth a notice on any screen: a sighting on the agency's alert, an acknowledged hit. */
export function noticeInboxItem(item: InboxItemDto): void {
  if (item.kind === 'alert_hit' || item.kind === 'hit_acknowledged') pushNotice({ type: 'inbox', item });
}

export function receiveAccessRequest(request: AccessRequestDto): void {
  rememberRequests([request]);
  pushNotice({ type: 'access_request', request });
}

export function receiveAccessDecision(request: AccessRequestDto): void {
  rememberRequests([request]);
  // The requester is told of every decision and of the end of a grant; the origin agency sees its list change.
  if (request.requesterId === currentUser.value?.id) pushNotice({ type: 'access_decision', request });
}

/** An alert waiting in the outbox reached the server (sent by this tab or another): "Enviada: AR-2026-000123". */
export function receiveOutboxSent(alert: { id: string; reference: string }): void {
  pushNotice({ type: 'outbox_sent', alert });
}

/** Another agency's officer checked one of this agency's protected people (`protected:checked`). */
export function receiveProtectedChecked(check: ProtectedCheckedPayload): void {
  pushNotice({ type: 'protected_checked', check });
}

/** Matches and watch hits already shown: an announcement repeated by the server is shown once. */
const seenEvents = new SeenEvents();

export function receiveMatch(alertId: string, match: AlertMatchDto, eventId?: string): void {
  if (!seenEvents.firstSighting(eventId)) return;
  liveMatches.value = [{ alertId, match, at: new Date().toISOString() }, ...liveMatches.value];
}

export function receiveWatchHit(watchId: string, alert: AlertSummaryDto, eventId?: string): void {
  if (!seenEvents.firstSighting(eventId)) return;
  // The inbox keeps it (watch_hit); the notice shows it on the screen at hand.
  pushNotice({ type: 'watch_hit', hit: { watchId, alert, at: new Date().toISOString() } });
}

let incomingLoaded: Promise<void> | null = null;
/** Reads the first page of incoming requests once per session, for the badge. */
export function loadIncomingOnce(): Promise<void> {
  incomingLoaded ??= listAccessRequests('incoming', null, 100).then(
    (page) => rememberRequests(page.items),
    () => {
      incomingLoaded = null;
    },
  );
  return incomingLoaded;
}

/** Forgets everything (sign-out, revocation). */
export function resetNotifications(): void {
  accessRequests.value = new Map();
  liveMatches.value = [];
  notices.value = [];
  seenEvents.clear();
  incomingLoaded = null;
}
