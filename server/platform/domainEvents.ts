/**
 * In-process domain events: services announce what happened; the realtime publisher (the only
 * place that emits to sockets) listens. Keeps services free of HTTP and Socket.IO.
 */
import { EventEmitter } from 'node:events';
import type { AlertDoc, AlertUpdateEntry, Viewer } from '../alerts/index.js';
import type { AccessRequestDto, AlertMatch } from '../search/index.js';
import type { InboxItemDoc } from '../notifications/index.js';
import type { Role } from '../../shared/schemas/common.js';

export type RevokeReason = 'disabled' | 'logout' | 'reset' | 'roles_changed' | 'expired' | 'agency_deactivated';

/**
 * A change that puts an item in someone's inbox, announced by the component that made it once the
 * change is stored (`noteInboxCause`); notifications/inboxCauses.ts turns each into its item.
 */
export type InboxCause =
  | { kind: 'hit_reported'; alert: AlertDoc; hit: AlertUpdateEntry }
  | { kind: 'hit_acknowledged'; alert: AlertDoc; hit: AlertUpdateEntry; by: string }
  | { kind: 'watch_hit'; userId: string; alert: AlertDoc; eventId: string }
  | { kind: 'cross_border_matches'; alert: AlertDoc; matches: AlertMatch[] }
  | { kind: 'access_requested'; request: AccessRequestDto; originAgencyId: string; requesterId: string }
  | { kind: 'access_decided'; request: AccessRequestDto; requesterId: string; by: string }
  | { kind: 'access_lapsing'; requestId: string; requesterId: string; expiresAt: Date }
  | { kind: 'review_due'; alert: AlertDoc; day: string }
  | { kind: 'retention_due'; alert: AlertDoc; daysBefore: number; purgeAt: Date }
  | { kind: 'role_grant_pending'; userId: string; roles: readonly Role[]; by: string; at: Date }
  | { kind: 'new_device_sign_in'; userId: string; deviceKey: string };

export interface DomainEventMap {
  /** Heard by the inbox alone (`noteInboxCause`): its item is stored before the cause's change is told to anyone. */
  'inbox.cause': [InboxCause];
  /** Every session of the user ended, except `keepSessionId` (the one that changed the password) when given. */
  'user.sessions_revoked': [{ userId: string; reason: RevokeReason; keepSessionId?: string }];
  'session.ended': [{ sessionId: string; reason: RevokeReason }];
  /** Every session of every user of the agency ended (agency deactivated, or its kind changed). */
  'agency.sessions_revoked': [{ agencyId: string; reason: RevokeReason }];
  /** Emitted after the write and its change-log entry: `alert.changeSeq` is the event's cursor. */
  'alert.created': [{ alert: AlertDoc }];
  'alert.changed': [{ alert: AlertDoc }];
  'alert.update_added': [{ alert: AlertDoc; update: AlertUpdateEntry }];
  /** An update already on the alert changed (the origin hid a note): sent again as `alert:update`. */
  'alert.update_changed': [{ alert: AlertDoc; update: AlertUpdateEntry }];
  'alert.review_due': [{ alert: AlertDoc }];
  /** This process stored an alert with its `changeSeq` (creation or change): the local alert copy
   * applies it without reading it back from the store. */
  'alert.stored': [{ alert: AlertDoc }];
  /** A change was written to the alert change log (the indexer follows it). */
  'alert.logged': [{ seq: number }];
  /** New links between this alert and others (see search/matches.service.ts). Sent with
   * `emitAndWait` by the match worker; `seq`: the log position of the change announced, which with
   * the pair names the announcement, so one repeated after a crash carries the same id. */
  'alert.matched': [{ alert: AlertDoc; matches: AlertMatch[]; seq: number }];
  /** A new or changed alert matches a user's watch. Sent with `emitAndWait`; `seq` as above. */
  'watch.hit': [{ watch: { id: string; userId: string }; alert: AlertDoc; viewer: Viewer; seq: number }];
  'access.requested': [{ request: AccessRequestDto; originAgencyId: string }];
  'access.decided': [{ request: AccessRequestDto; requesterId: string }];
  /** An officer's search gave a protected hit on the agency's restricted victim (search/protectedHits.ts). */
  'protected_person.checked': [
    {
      alertId: string;
      reference: string;
      originAgencyId: string;
      checkedByAgencyId: string;
      checkedByUserId: string;
      place: string | null;
      at: Date;
    },
  ];
  /** Directory entries of an agency not confirmed for 180 days: once per agency per day, for its admins. */
  'contacts.stale': [{ agencyId: string; contactIds: string[]; adminIds: string[]; day: string }];
  /** An inbox item was stored (inbox.service.ts): pushed live to those it is addressed to. */
  'inbox.recorded': [{ item: InboxItemDoc }];
  /** A user marked inbox items read: their other devices follow. */
  'inbox.read': [{ userId: string; ids: string[]; unread: number }];
  /** Work after a change that failed without undoing it (clean-up): the server logs it. */
  'maintenance.failed': [{ task: string; err: unknown; details: Record<string, unknown> }];
}

/**
 * One Puente's event bus: each instance has its own (platform/instance.ts), so two instances in one
 * process hear only their own events.
 */
export class DomainEvents extends EventEmitter<DomainEventMap> {
  constructor() {
    super();
    this.setMaxListeners(50);
  }

  /**
   * Calls every listener of `event` and waits for each (an async one until it has done its part):
   * the caller's next step (the match worker saving its position) comes only after the announcement.
   * All listeners run; rejects if any of them failed.
   */
  async emitAndWait<K extends keyof DomainEventMap>(event: K, ...args: DomainEventMap[K]): Promise<void> {
    // rawListeners: a `once` listener is called through its wrapper, which removes it.
    const listeners = this.rawListeners(event) as Array<(...a: DomainEventMap[K]) => unknown>;
    await allSucceeded(listeners.map(async (fn) => fn(...args)));
  }

  /**
   * Announces an inbox cause and waits until its item is stored (or, for the causes whose failure
   * must be retried — a watch hit, a match — until storing it failed). An inbox not wired into this
   * instance would lose the item silently, so that is an error.
   */
  async noteInboxCause(cause: InboxCause): Promise<void> {
    if (this.listenerCount('inbox.cause') === 0) throw new Error(`inbox cause ${cause.kind} announced, but no inbox is wired`);
    await this.emitAndWait('inbox.cause', cause);
  }
}

/** Waits for every promise; rejects with all the failures if any failed. */
export async function allSucceeded(work: Array<Promise<unknown>>): Promise<void> {
  const failed = (await Promise.allSettled(work)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length === 1) throw failed[0]!.reason;
  if (failed.length)
    throw new AggregateError(
      failed.map((f) => f.reason as unknown),
      `${failed.length} announcements failed`,
    );
}
