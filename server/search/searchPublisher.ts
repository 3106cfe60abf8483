/** Emits `match:new`, `watch:hit`, `access:request`, `access:decision` and `protected:checked` to exactly those allowed. */
import { createHash } from 'node:crypto';
import { rooms } from '../../shared/events.js';
import type { Logger } from '../platform/config/logger.js';
import { agencyFields, OPERATIONAL_CLASSES } from '../identity/index.js';
import { audienceOf, countriesOfNamedAgencies, presentAlertSummary, type AgencyCountries, type AlertDoc } from '../alerts/index.js';
import type { DomainEventMap } from '../platform/domainEvents.js';
import { canSeeMatch, presentMatch, type AlertMatch } from './matches.service.js';
import { watchHitEventId } from './watches/watches.service.js';
import type { PuenteIo } from '../platform/realtime/io.js';
import type { Instance } from '../platform/instance.js';

/**
 * Rooms whose members may see both alerts of a match (and any victim value linking them): each
 * recipient group of either alert, its viewer as it really is (country included), checked against both.
 */
function matchRooms(alert: AlertDoc, m: AlertMatch, countries: AgencyCountries): string[] {
  const out = new Set<string>();
  for (const g of [...audienceOf(alert, countries), ...audienceOf(m.other, countries)]) {
    if (canSeeMatch(g.viewer, alert, m)) for (const r of g.to) out.add(r);
  }
  return [...out];
}

/**
 * The id of one `match:new`: the change's log position, the side it is told from, the other alert
 * and the link. Hashed, as the link's value (a name is never sent) must not show in it.
 */
function matchEventId(seq: number, alertId: string, m: AlertMatch): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([seq, alertId, String(m.other._id), m.on, m.value]))
    .digest('base64url');
  return `m-${digest.slice(0, 22)}`;
}

/** Logs a failed announcement and passes the failure on, so the match worker announces it again. */
function logged<E>(logger: Logger, event: string, announce: (e: E) => void | Promise<void>): (e: E) => Promise<void> {
  return async (e) => {
    try {
      await announce(e);
    } catch (err) {
      logger.error({ err, event }, 'announcement failed');
      throw err;
    }
  };
}

export function wireSearchPublisher(instance: Instance, io: PuenteIo, logger: Logger): () => void {
  const onMatched = logged(logger, 'match:new', async ({ alert, matches, seq }: DomainEventMap['alert.matched'][0]) => {
    // The agencies named by every match, read once (not once per agency and match).
    const countries = await countriesOfNamedAgencies(instance, [alert, ...matches.map((m) => m.other)]);
    for (const m of matches) {
      const payload = presentMatch(m);
      const roomsAB = matchRooms(alert, m, countries);
      if (!roomsAB.length) continue;
      const alertId = String(alert._id);
      io.to(roomsAB).emit('match:new', { alertId, match: payload, eventId: matchEventId(seq, alertId, m) });
      // The other alert's watchers learn of the link too, from its side.
      io.to(roomsAB).emit('match:new', {
        alertId: payload.alertId,
        match: { alertId, reference: alert.reference, on: m.on, value: payload.value },
        eventId: matchEventId(seq, payload.alertId, { ...m, other: alert }),
      });
    }
  });
  const onWatchHit = logged(logger, 'watch:hit', ({ watch, alert, viewer, seq }: DomainEventMap['watch.hit'][0]) => {
    io.to(rooms.user(watch.userId)).emit('watch:hit', {
      watchId: watch.id,
      alert: presentAlertSummary(instance, alert, viewer),
      eventId: watchHitEventId(seq, watch.id, String(alert._id)),
    });
  });
  const onRequested = ({ request, originAgencyId }: DomainEventMap['access.requested'][0]) => {
    io.to(rooms.agency(originAgencyId)).emit('access:request', { request });
  };
  const onDecided = ({ request, requesterId }: DomainEventMap['access.decided'][0]) => {
    io.to([rooms.user(requesterId), rooms.agency(request.originAgencyId)]).emit('access:decision', { request });
  };
  // The origin agency's operational roles (roles.policy.ts) — the user who checked stays out of it.
  const announceChecked = async (e: DomainEventMap['protected_person.checked'][0]) => {
    const names = await agencyFields(instance, [e.checkedByAgencyId], 'name');
    io.to(OPERATIONAL_CLASSES.map((c) => rooms.agencyClass(e.originAgencyId, c))).emit('protected:checked', {
      alertId: e.alertId,
      reference: e.reference,
      originAgencyId: e.originAgencyId,
      checkedByAgencyId: e.checkedByAgencyId,
      checkedByAgencyName: names.get(e.checkedByAgencyId) ?? '',
      place: e.place,
      at: e.at.toISOString(),
    });
  };
  // Emitted with `emit` (the search does not wait for it): a failure is logged, not thrown.
  const onProtectedChecked = (e: DomainEventMap['protected_person.checked'][0]) => {
    announceChecked(e).catch((err: unknown) => logger.error({ err, event: 'protected:checked' }, 'announcement failed'));
  };
  instance.events.on('alert.matched', onMatched);
  instance.events.on('protected_person.checked', onProtectedChecked);
  instance.events.on('watch.hit', onWatchHit);
  instance.events.on('access.requested', onRequested);
  instance.events.on('access.decided', onDecided);
  return () => {
    instance.events.off('alert.matched', onMatched);
    instance.events.off('protected_person.checked', onProtectedChecked);
    instance.events.off('watch.hit', onWatchHit);
    instance.events.off('access.requested', onRequested);
    instance.events.off('access.decided', onDecided);
  };
}
