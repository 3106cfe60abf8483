/** Client → server alert events. Every payload is schema-checked; every ack is {data} or {error}. */
import { z } from 'zod';
import { presentAlertSummary } from './alert.presenter.js';
import { alertsSince } from './changeLog/alertCatchUp.js';
import { DomainError } from '../platform/errors.js';
import { ackForError, errorAck } from '../platform/realtime/ackErrors.js';
import type { PuenteIo } from '../platform/realtime/io.js';
import { Slots, type SlotLimits } from '../platform/slots.js';
import type { Instance } from '../platform/instance.js';

const sinceSchema = z.strictObject({
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/)
    .nullable(),
});

/**
 * Catch-ups this process runs at once: each holds up to two store reads (alertCatchUp.ts), so at
 * most 8 of the pool's 20 connections (platform/store/mongoose.ts), leaving the rest to requests and
 * background work however many devices reconnect at once. A call that finds no slot within 3 s
 * (well inside the client's ack timeout) is answered `busy` and retried by the device with backoff.
 */
export const CATCH_UP_SLOTS: SlotLimits = { atOnce: 4, waiting: 200, maxWaitMs: 3000, retryAfterS: 2 };

/** Registers the handlers; returns the catch-up slots (their figures for tests and metrics). */
export function registerAlertHandlers(instance: Instance, io: PuenteIo, limits: SlotLimits = CATCH_UP_SLOTS): Slots {
  const catchUps = new Slots(limits);
  io.on('connection', (socket) => {
    socket.on('alerts:since', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const user = socket.data.user;
      const parsed = sinceSchema.safeParse(payload);
      if (!parsed.success) return ack(errorAck('validation_failed', user.language));
      try {
        const viewer = { agencyId: user.agencyId, country: user.country, roles: user.roles, agencyKind: user.agencyKind };
        const page = await catchUps.run(() => alertsSince(instance, viewer, parsed.data.cursor));
        const items = page.alerts.map((a) => presentAlertSummary(instance, a, viewer));
        instance.metrics.catchUpAlerts.observe(items.length);
        instance.metrics.catchUps.inc({ outcome: page.reset ? 'reset' : 'ok' });
        ack({ data: { items, cursor: page.cursor, hasMore: page.hasMore, ...(page.reset ? { reset: true } : {}) } });
      } catch (err) {
        instance.metrics.catchUps.inc({ outcome: err instanceof DomainError && err.code === 'busy' ? 'busy' : 'error' });
        // As the HTTP edge answers: a store error is store_unavailable with its retryAfter.
        ack(ackForError(err, user.language));
      }
    });
  });
  return catchUps;
}
