/**
 * In-process domain events: services announce what happened; the realtime publisher (the only
 * place that emits to sockets) listens. Keeps services free of HTTP and Socket.IO.
 */
import { EventEmitter } from 'node:events';

export type RevokeReason = 'disabled' | 'logout' | 'reset' | 'roles_changed' | 'expired';

export interface DomainEventMap {
  'user.sessions_revoked': [{ userId: string; reason: RevokeReason }];
  'session.ended': [{ sessionId: string; reason: RevokeReason }];
}

class DomainEvents extends EventEmitter<DomainEventMap> {}

export const domainEvents = new DomainEvents();
domainEvents.setMaxListeners(50);
