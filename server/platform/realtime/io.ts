/** Socket.IO attached to the HTTP server; origin checked at the handshake. */
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events.js';
import type { Metrics } from '../http/metrics.js';

/** Data kept on each authenticated socket. */
export interface SocketData {
  userId: string;
  sessionId: string;
  user: Express.User;
  /** When the session ends unless HTTP activity moves it (ms); see sessionExpiry.ts. */
  sessionDeadline: number;
}

export type PuenteIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface IoOptions {
  allowedOrigins: string[];
  /** Where its open connections are counted (the Puente's). */
  metrics: Pick<Metrics, 'connectedSockets'>;
}

/** Creates the Socket.IO server. Browsers must come from an allowed Origin; non-browser
 * clients (no Origin header) are accepted here and still need a valid session cookie. */
export function createIo(http: HttpServer, opts: IoOptions, extra: Partial<ServerOptions> = {}): PuenteIo {
  const io: PuenteIo = new Server(http, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: undefined,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, !origin || opts.allowedOrigins.includes(origin));
    },
    ...extra,
  });
  io.on('connection', (socket) => {
    opts.metrics.connectedSockets.inc();
    socket.on('disconnect', () => opts.metrics.connectedSockets.dec());
  });
  return io;
}
