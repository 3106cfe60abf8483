/** Client → server alert events. Every payload is schema-checked; every ack is {data} or {error}. */
import { z } from 'zod';
import { presentAlertSummary } from '../presenters/alert.presenter.js';
import { alertsSince } from '../services/alerts/alertCatchUp.js';
import { ackForError, errorAck } from './ackErrors.js';
import type { PuenteIo } from './io.js';

const sinceSchema = z.strictObject({
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/)
    .nullable(),
});

export function registerAlertHandlers(io: PuenteIo): void {
  io.on('connection', (socket) => {
    socket.on('alerts:since', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      const user = socket.data.user;
      const parsed = sinceSchema.safeParse(payload);
      if (!parsed.success) return ack(errorAck('validation_failed', user.language));
      try {
        const viewer = { agencyId: user.agencyId, country: user.country, roles: user.roles, agencyKind: user.agencyKind };
        const page = await alertsSince(viewer, parsed.data.cursor);
        const items = page.alerts.map((a) => presentAlertSummary(a, viewer));
        ack({ data: { items, cursor: page.cursor, hasMore: page.hasMore, ...(page.reset ? { reset: true } : {}) } });
      } catch (err) {
        // As the HTTP edge answers: a store error is store_unavailable with its retryAfter.
        ack(ackForError(err, user.language));
      }
    });
  });
}
