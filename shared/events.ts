/**
 * Typed Socket.IO events (API.md "Realtime"). Payloads are the shared DTOs, so the server
 * publisher and the browser client agree at compile time.
 */
import type { AccessRequestDto } from './dto/access.js';
import type { AlertMatchDto, AlertSummaryDto, AlertUpdateDto } from './dto/alert.js';
import type { ErrorCode } from './errors.js';
import type { InboxItemDto } from './dto/inbox.js';

/** Every client → server event is acknowledged with exactly one of these. `retryAfter` (seconds)
 * comes with `busy` and `rate_limited`: when the same event may be sent again. */
export type Ack<T> = { data: T } | { error: { code: ErrorCode; message: string; retryAfter?: number } };

/** The answer to `alerts:since`: summaries oldest first, the cursor to pass next, and whether more follow. */
export interface AlertsSinceData {
  items: AlertSummaryDto[];
  cursor: string;
  hasMore: boolean;
  /** The cursor was further behind than the server's change log still reaches: the answer is the
   * one for `cursor: null` (the latest alerts and a new cursor), and the client reloads its lists,
   * since changes between its old cursor and the new one are not sent. */
  reset?: true;
}

/** Why the server ended a session (`session:revoked`). */
export type RevocationReason = 'disabled' | 'logout' | 'reset' | 'roles_changed' | 'expired' | 'agency_deactivated';

export interface ServerToClientEvents {
  'alert:new': (payload: { alert: AlertSummaryDto }) => void;
  'alert:changed': (payload: { alert: AlertSummaryDto }) => void;
  'alert:update': (payload: { alertId: string; update: AlertUpdateDto; cursor: string }) => void;
  /** `eventId`: the same for an announcement repeated (they are sent at least once): show it once. */
  'match:new': (payload: { alertId: string; match: AlertMatchDto; eventId: string }) => void;
  'watch:hit': (payload: { watchId: string; alert: AlertSummaryDto; eventId: string }) => void;
  'access:request': (payload: { request: AccessRequestDto }) => void;
  /** A decision, and later the grant's lapse or revocation (`status`). */
  'access:decision': (payload: { request: AccessRequestDto }) => void;
  'session:revoked': (payload: { reason: RevocationReason }) => void;
  /** To the originating agency: an active alert's review date is near. */
  'alert:review_due': (payload: { alert: AlertSummaryDto }) => void;
  /** To the origin agency's operational roles: another agency's search found their protected person (issue 24). */
  'protected:checked': (payload: ProtectedCheckedPayload) => void;
  /** A new item in the user's inbox (already stored: `GET /inbox` lists it too). */
  'inbox:new': (payload: { item: InboxItemDto }) => void;
  /** The user marked items read on some device: every device updates its badge. */
  'inbox:read': (payload: { ids: string[]; unread: number }) => void;
}

/** Who checked a protected person, where (as typed, if given) and when (ISO 8601); never the user. */
export interface ProtectedCheckedPayload {
  alertId: string;
  reference: string;
  originAgencyId: string;
  checkedByAgencyId: string;
  checkedByAgencyName: string;
  place: string | null;
  at: string;
}

export interface ClientToServerEvents {
  'alerts:since': (payload: { cursor: string | null }, ack: (res: Ack<AlertsSinceData>) => void) => void;
}

/** The client → server events the server answers (any other is refused before any work); a
 * record, so that an event added to ClientToServerEvents must be listed here too. */
const CLIENT_EVENT_KINDS: Record<keyof ClientToServerEvents, true> = { 'alerts:since': true };
export const CLIENT_EVENTS = Object.keys(CLIENT_EVENT_KINDS) as (keyof ClientToServerEvents)[];

/** Viewer classes that get different alert payloads: prosecutors (`p`), other operational roles (`o`), none (`n`). */
export type ViewerClass = 'p' | 'o' | 'n';
export const VIEWER_CLASSES: readonly ViewerClass[] = ['p', 'o', 'n'];

/** Rooms a socket joins after the handshake. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  agency: (id: string) => `agency:${id}`,
  country: (c: string) => `country:${c}`,
  agencyClass: (id: string, cls: ViewerClass) => `agency:${id}:${cls}`,
  countryClass: (c: string, cls: ViewerClass) => `country:${c}:${cls}`,
} as const;
