/**
 * The live connection: Socket.IO with the session cookie. On every (re)connect it asks
 * `alerts:since` with the cursor of its last answer (kept in IndexedDB) until caught up, so an
 * alert posted while the phone was offline appears exactly once (the feed de-duplicates by id).
 * Live events show at once but never move that cursor (catchUpCursor.ts says why).
 * `session:revoked` ends everything at once.
 */
import { io, type Socket } from 'socket.io-client';
import type { AlertSummaryDto } from '../../../shared/dto/alert.js';
import type { AlertsSinceData, ClientToServerEvents, RevocationReason, ServerToClientEvents } from '../../../shared/events.js';
import { connection } from '../state/connection.js';
import { markFeedStale, mergeAlerts, receiveLiveAlerts } from '../state/feed.js';
import { receiveInboxItem, receiveInboxRead, refreshInbox } from '../state/inbox.js';
import {
  receiveAccessDecision,
  receiveAccessRequest,
  receiveMatch,
  receiveProtectedChecked,
  receiveWatchHit,
} from '../state/notifications.js';
import { CatchUpCursor, SinceRefused } from './catchUpCursor.js';
import { readLocal, writeLocal } from './localStore.js';

type PuenteSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CURSOR_KEY = 'alerts-cursor';

let socket: PuenteSocket | null = null;
/** This connection has caught up (the outbox sends only then). */
let caughtUp = false;

export interface LiveHandlers {
  onRevoked(reason: RevocationReason): void;
  /** Every connect after catch-up (the outbox flushes here). */
  onConnected(): void;
}

const listeners = new Set<(alertId: string) => void>();
/** Subscribes to activity on alerts (changes, notes, hits); returns the unsubscribe function. */
export function onAlertActivity(fn: (alertId: string) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const reviewDueListeners = new Set<(alert: AlertSummaryDto) => void>();
/** Subscribes to `alert:review_due` (an own agency's alert whose review date is near); returns the unsubscribe function. */
export function onReviewDue(fn: (alert: AlertSummaryDto) => void): () => void {
  reviewDueListeners.add(fn);
  return () => reviewDueListeners.delete(fn);
}

function sinceOnce(s: PuenteSocket, cursor: string | null): Promise<AlertsSinceData> {
  return new Promise((resolve, reject) => {
    s.timeout(15_000).emit('alerts:since', { cursor }, (err: Error | null, res) => {
      if (err) reject(err);
      else if ('error' in res) reject(new SinceRefused(res.error.code, res.error.retryAfter));
      else resolve(res.data);
    });
  });
}

function notify(alertId: string): void {
  for (const fn of listeners) fn(alertId);
}

/** The ack timed out (or a refusal waiting cannot change): drop and let the manager reconnect and
 * retry. A refusal that waiting can change is asked again on this connection (catchUpCursor.ts). */
function reconnect(s: PuenteSocket): void {
  if (s.connected) s.disconnect().connect();
}

const cursor = new CatchUpCursor({
  storage: {
    read: async () => (await readLocal<string>(CURSOR_KEY)) ?? null,
    write: (c) => writeLocal(CURSOR_KEY, c),
  },
  apply: (received, first) => {
    // The first catch-up of a device (no cursor) only sets the starting point: the feed list
    // already shows the latest alerts, so they are merged without badges or sounds.
    if (first) mergeAlerts(received);
    else receiveLiveAlerts(received);
    for (const a of received) notify(a.id);
  },
  onFailure: () => {
    if (socket) reconnect(socket);
  },
  onReset: markFeedStale,
});

/** Opens the live connection for the signed-in user (idempotent). */
export function startLive(handlers: LiveHandlers): void {
  if (socket) return;
  const s: PuenteSocket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'], autoConnect: false });
  socket = s;
  connection.value = navigator.onLine ? 'connecting' : 'offline';

  s.on('connect', () => {
    caughtUp = false;
    cursor
      .connected((c) => sinceOnce(s, c))
      .then(
        () => {
          // Gone offline (or stopped) while catching up: not live, and nothing is sent.
          if (!s.connected || socket !== s) return;
          caughtUp = true;
          connection.value = 'online';
          // Items stored while this device was away (the badge counts them).
          void refreshInbox();
          handlers.onConnected();
        },
        () => reconnect(s),
      );
  });
  s.on('disconnect', (reason) => {
    caughtUp = false;
    cursor.disconnected();
    if (reason === 'io client disconnect') return;
    connection.value = navigator.onLine ? 'reconnecting' : 'offline';
  });
  s.io.on('reconnect_attempt', () => {
    connection.value = navigator.onLine ? 'reconnecting' : 'offline';
  });
  s.on('connect_error', (err) => {
    connection.value = navigator.onLine ? 'reconnecting' : 'offline';
    if (err.message === 'unauthenticated') handlers.onRevoked('expired');
  });

  // Shown at once; the cursor moves only by the alerts:since call each one asks for.
  s.on('alert:new', ({ alert }) => {
    receiveLiveAlerts([alert]);
    cursor.liveEvent();
  });
  s.on('alert:changed', ({ alert }) => {
    receiveLiveAlerts([alert]);
    notify(alert.id);
    cursor.liveEvent();
  });
  s.on('alert:update', ({ alertId }) => {
    notify(alertId);
    cursor.liveEvent();
  });
  s.on('alert:review_due', ({ alert }) => reviewDueListeners.forEach((fn) => fn(alert)));
  s.on('session:revoked', ({ reason }) => handlers.onRevoked(reason));
  s.on('access:request', ({ request }) => receiveAccessRequest(request));
  s.on('access:decision', ({ request }) => receiveAccessDecision(request));
  s.on('match:new', ({ alertId, match, eventId }) => receiveMatch(alertId, match, eventId));
  s.on('watch:hit', ({ watchId, alert, eventId }) => receiveWatchHit(watchId, alert, eventId));
  s.on('protected:checked', (check) => receiveProtectedChecked(check));
  s.on('inbox:new', ({ item }) => receiveInboxItem(item));
  s.on('inbox:read', ({ ids, unread }) => receiveInboxRead(ids, unread));

  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);
  if (navigator.onLine) s.connect();
}

function goOffline(): void {
  connection.value = 'offline';
  // Drop the socket at once rather than waiting for timeouts; reconnect when the network returns.
  socket?.disconnect();
}

function goOnline(): void {
  if (!socket) return;
  connection.value = 'connecting';
  socket.connect();
}

/** Closes the live connection (sign-out, revocation). */
export function stopLive(): void {
  window.removeEventListener('offline', goOffline);
  window.removeEventListener('online', goOnline);
  socket?.removeAllListeners();
  socket?.io.removeAllListeners();
  socket?.disconnect();
  socket = null;
  caughtUp = false;
  cursor.disconnected();
  connection.value = 'offline';
}

/** Whether the live connection is up and caught up (the outbox sends only then). */
export const isLive = (): boolean => !!socket?.connected && caughtUp;
