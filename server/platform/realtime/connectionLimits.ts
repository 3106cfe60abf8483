/**
 * Caps open sockets per user (SOCKETS_PER_USER) and per client address (SOCKETS_PER_IP),
 * refusing the extra handshake with `too_many_connections`. Counted from this process's
 * rooms, synchronously, so parallel handshakes cannot slip past; with several processes the
 * cap holds per process (each process's memory is what it protects).
 */
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { rooms } from '../../../shared/events.js';
import { ERROR_MESSAGES } from '../../../shared/i18n/messages.js';
import type { Config } from '../config/env.js';
import type { PuenteIo } from './io.js';

export type ConnectionLimitSettings = Pick<Config, 'socketLimits' | 'trustProxy'>;

const ipRoom = (ip: string) => `ip:${ip}`;

/** The client address as Express computes req.ip under the same TRUST_PROXY setting. */
function clientAddress(req: IncomingMessage, trustProxy: Config['trustProxy']): string {
  const trust =
    trustProxy === true ? () => true : typeof trustProxy === 'number' ? (_: string, hop: number) => hop < trustProxy : () => false;
  return proxyaddr(req, trust);
}

/** Registers the cap; must come after authenticateSockets (it counts the rooms that joined). */
export function limitConnections(io: PuenteIo, settings: ConnectionLimitSettings): void {
  const { perUser, perIp } = settings.socketLimits;
  const roomSize = (room: string) => io.sockets.adapter.rooms.get(room)?.size ?? 0;
  io.use((socket, next) => {
    const ip = clientAddress(socket.request, settings.trustProxy);
    // The socket is already in its user's room (authenticateSockets), not yet in its address's.
    if (roomSize(rooms.user(socket.data.userId)) > perUser || roomSize(ipRoom(ip)) >= perIp) {
      const err = new Error('too_many_connections') as Error & { data?: unknown };
      err.data = { message: ERROR_MESSAGES.too_many_connections[socket.data.user.language] };
      next(err); // socket.io then makes the socket leave every room it joined
      return;
    }
    void socket.join(ipRoom(ip));
    next();
  });
}
