/** Ends live sockets when sessions end: `session:revoked` first, then disconnect (all processes via the adapter). */
import { rooms } from '../../../shared/events.js';
import type { RevokeReason } from '../../platform/domainEvents.js';
import { sessionRoom } from './handshake.js';
import type { PuenteIo } from '../../platform/realtime/io.js';
import type { Instance } from '../../platform/instance.js';

function revokeRoom(io: PuenteIo, room: string, reason: RevokeReason, keepSessionId?: string): void {
  const keep = keepSessionId ? sessionRoom(keepSessionId) : [];
  io.to(room).except(keep).emit('session:revoked', { reason });
  // disconnectSockets(false) sends a disconnect packet after the event, in order, on every process.
  io.in(room).except(keep).disconnectSockets(false);
}

/** Subscribes io to revocation events; returns the unsubscribe function. */
export function wireSessionRevocation(instance: Instance, io: PuenteIo): () => void {
  const onUser = ({ userId, reason, keepSessionId }: { userId: string; reason: RevokeReason; keepSessionId?: string }) =>
    revokeRoom(io, rooms.user(userId), reason, keepSessionId);
  const onSession = ({ sessionId, reason }: { sessionId: string; reason: RevokeReason }) => revokeRoom(io, sessionRoom(sessionId), reason);
  const onAgency = ({ agencyId, reason }: { agencyId: string; reason: RevokeReason }) => revokeRoom(io, rooms.agency(agencyId), reason);
  instance.events.on('user.sessions_revoked', onUser);
  instance.events.on('session.ended', onSession);
  instance.events.on('agency.sessions_revoked', onAgency);
  return () => {
    instance.events.off('user.sessions_revoked', onUser);
    instance.events.off('session.ended', onSession);
    instance.events.off('agency.sessions_revoked', onAgency);
  };
}
