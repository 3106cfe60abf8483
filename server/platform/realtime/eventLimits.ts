/**
 * Bounds every inbound socket event before anything else does work for it (the session re-check
 * that follows reads the store): one socket emitting a hundred events at once used to queue
 * thousands of store reads and hold the store for every user (pen-test issue 23, F1). In order:
 *  - every event counts towards its user's SOCKET_EVENTS_PER_MINUTE over all their sockets (and
 *    processes, through Redis when configured); beyond it the ack is `rate_limited`;
 *  - an event without an ack is dropped (every client → server event is acknowledged);
 *  - an event of an unknown kind, or with other than one payload before its ack, is answered
 *    `validation_failed`;
 *  - a socket has at most one event of each kind in flight: another one of the same kind before
 *    the first is answered gets `busy`. The slot is freed when the event is answered, by whom-
 *    ever answers it (its ack is wrapped).
 * Refusals carry `retryAfter` (seconds) when trying again later can succeed.
 */
import type { ErrorCode } from '../../../shared/errors.js';
import { CLIENT_EVENTS } from '../../../shared/events.js';
import { ERROR_MESSAGES } from '../../../shared/i18n/messages.js';
import { windowCounter } from '../http/rateLimits.js';
import type { RedisClient } from '../redis.js';
import type { PuenteIo } from './io.js';

const WINDOW_MS = 60_000;
/** A busy event may be sent again once the one in flight is answered: usually well within this. */
const BUSY_RETRY_AFTER_S = 1;

export interface EventLimitSettings {
  /** Events per user per minute (SOCKET_EVENTS_PER_MINUTE). */
  perMinute: number;
  redis: RedisClient | null;
}

type AckFn = (res: unknown) => void;

const secondsUntil = (at: Date | undefined) => (at ? Math.max(1, Math.ceil((at.getTime() - Date.now()) / 1000)) : WINDOW_MS / 1000);

/** Registers the limits as the first per-event middleware of every socket (call before any other
 * `socket.use`); returns the function that releases the counter at shutdown. */
export function limitSocketEvents(io: PuenteIo, settings: EventLimitSettings): () => void {
  const counter = windowCounter('socket_events', WINDOW_MS, settings.redis);
  const known = new Set<string>(CLIENT_EVENTS);
  io.on('connection', (socket) => {
    const inFlight = new Set<string>();
    const refuse = (ack: AckFn, code: ErrorCode, retryAfter?: number) =>
      ack({ error: { code, message: ERROR_MESSAGES[code][socket.data.user.language], ...(retryAfter ? { retryAfter } : {}) } });

    socket.use((packet, next) => {
      const kind = String(packet[0]);
      const last: unknown = packet[packet.length - 1];
      const ack = typeof last === 'function' ? (last as AckFn) : null;
      Promise.resolve(counter.increment(`user:${socket.data.userId}`)).then(
        ({ totalHits, resetTime }) => {
          if (!ack) return;
          if (totalHits > settings.perMinute) return refuse(ack, 'rate_limited', secondsUntil(resetTime));
          if (!known.has(kind)) return refuse(ack, 'validation_failed');
          // Every client event is (payload, ack): with more or fewer arguments the handler would not
          // find the ack, never answer, and the event's slot below would stay taken for good.
          if (packet.length !== 3) return refuse(ack, 'validation_failed');
          if (inFlight.has(kind)) return refuse(ack, 'busy', BUSY_RETRY_AFTER_S);
          inFlight.add(kind);
          packet[packet.length - 1] = (res: unknown) => {
            inFlight.delete(kind);
            ack(res);
          };
          next();
        },
        // The shared counter cannot be reached: refuse rather than serve unbounded.
        () => ack && refuse(ack, 'unavailable'),
      );
    });
  });
  return () => void counter.shutdown?.();
}
