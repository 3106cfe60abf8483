/**
 * In-process domain events: services announce what happened; the realtime publisher (the only
 * place that emits to sockets) listens. Keeps services free of HTTP and Socket.IO.
 */
import { EventEmitter } from 'node:events';
import type { AlertDoc, AlertUpdateEntry } from '../models/Alert.js';

export type RevokeReason = 'disabled' | 'logout' | 'reset' | 'roles_changed' | 'expired';

export interface DomainEventMap {
  'user.sessions_revoked': [{ userId: string; reason: RevokeReason }];
  'session.ended': [{ sessionId: string; reason: RevokeReason }];
  /** Emitted after the write and its change-log entry: `alert.changeSeq` is the event's cursor. */
  'alert.created': [{ alert: AlertDoc }];
  'alert.changed': [{ alert: AlertDoc }];
  'alert.update_added': [{ alert: AlertDoc; update: AlertUpdateEntry }];
  'alert.review_due': [{ alert: AlertDoc }];
  /** The search index reflects the alert: matching and watches run now. */
  'alert.indexed': [{ alert: AlertDoc; created: boolean }];
}

class DomainEvents extends EventEmitter<DomainEventMap> {}

export const domainEvents = new DomainEvents();
domainEvents.setMaxListeners(50);
