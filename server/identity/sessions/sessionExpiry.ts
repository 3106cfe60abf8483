/**
 * A socket lives no longer than its session. Each socket keeps the moment its session ends
 * (idle timeout or absolute lifetime); at that moment the session is read again: HTTP
 * activity meanwhile moves the deadline on, otherwise its sockets get `session:revoked`
 * ("expired") and are disconnected. Every inbound event re-checks the session the same way
 * before its handler runs. Receiving events is not activity: only HTTP requests keep a
 * session alive, as before sockets existed.
 */
import { sessionDeadline, sessionUser, type SessionSettings } from './session.js';
import { readSession } from './sessionStore.js';

import { ackForError, errorAck, STORE_RETRY_AFTER } from '../../platform/realtime/ackErrors.js';
import type { PuenteIo } from '../../platform/realtime/io.js';
import type { Instance } from '../../platform/instance.js';

/** Timers fire a little after the deadline so the comparison with the stored times is strict. */
const SLACK_MS = 250;

/** The re-check's read of the session, a seam so tests can make the store fail it. */
export const sessionRecheck = { read: readSession };

/** The session's new deadline while it still stands for this user, else null. */
async function liveDeadline(instance: Instance, sessionId: string, userId: string, settings: SessionSettings): Promise<number | null> {
  const s = await sessionRecheck.read(instance, sessionId);
  if (!s || s.createdAt === undefined || s.passport?.user !== userId) return null;
  const deadline = sessionDeadline(s, settings);
  if (Date.now() > deadline) return null;
  return (await sessionUser(instance, userId, s.epoch)) ? deadline : null;
}

export function enforceSessionExpiry(instance: Instance, io: PuenteIo, settings: SessionSettings): void {
  io.on('connection', (socket) => {
    const { sessionId, userId } = socket.data;
    // Through the revocation event, so every socket of the session ends, on every process.
    const expire = () => instance.events.emit('session.ended', { sessionId, reason: 'expired' });
    let timer: NodeJS.Timeout | undefined;
    const schedule = (deadline: number) => {
      timer = setTimeout(() => void check(), Math.max(0, deadline - Date.now()) + SLACK_MS);
      timer.unref();
    };
    const check = async () => {
      const deadline = await liveDeadline(instance, sessionId, userId, settings).catch(() => undefined);
      if (!socket.connected) return;
      if (deadline === undefined)
        schedule(Date.now() + 5000); // store unreachable: try again soon
      else if (deadline === null) expire();
      else schedule(deadline);
    };
    schedule(socket.data.sessionDeadline);
    socket.on('disconnect', () => clearTimeout(timer));

    socket.use((packet, next) => {
      const answer = (res: unknown) => {
        const ack = packet[packet.length - 1];
        if (typeof ack === 'function') (ack as (res: unknown) => void)(res);
      };
      const language = socket.data.user.language;
      liveDeadline(instance, sessionId, userId, settings).then(
        (deadline) => {
          if (deadline !== null) return next();
          answer(errorAck('unauthenticated', language));
          expire();
        },
        // The store did not answer: the event is answered all the same (no ack is left hanging,
        // and its in-flight slot is freed: eventLimits.ts), as the HTTP edge would answer, and
        // always with a time to wait before asking again.
        (err: unknown) => {
          const refusal = ackForError(err, language).error;
          const known = refusal.code === 'internal' ? { ...errorAck('unavailable', language).error } : refusal;
          answer({ error: { ...known, retryAfter: known.retryAfter ?? STORE_RETRY_AFTER } });
        },
      );
    });
  });
}
