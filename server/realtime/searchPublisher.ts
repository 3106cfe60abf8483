/** Emits `match:new`, `watch:hit`, `access:request` and `access:decision` to exactly those allowed. */
import { rooms } from '../../shared/events.js';
import type { AlertDoc } from '../models/Alert.js';
import { presentAlertSummary } from '../presenters/alert.presenter.js';
import { domainEvents, type DomainEventMap } from '../services/domainEvents.js';
import { canSeeMatch, presentMatch, type AlertMatch } from '../services/search/matches.service.js';
import { audienceOf, countriesOfNamedAgencies, type AgencyCountries } from './alertPublisher.js';
import type { PuenteIo } from './io.js';

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

export function wireSearchPublisher(io: PuenteIo): () => void {
  const onMatched = async ({ alert, matches }: DomainEventMap['alert.matched'][0]) => {
    // The agencies named by every match, read once (not once per agency and match).
    const countries = await countriesOfNamedAgencies([alert, ...matches.map((m) => m.other)]);
    for (const m of matches) {
      const payload = presentMatch(m);
      const roomsAB = matchRooms(alert, m, countries);
      if (roomsAB.length) io.to(roomsAB).emit('match:new', { alertId: String(alert._id), match: payload });
      // The other alert's watchers learn of the link too, from its side.
      if (roomsAB.length)
        io.to(roomsAB).emit('match:new', {
          alertId: payload.alertId,
          match: { alertId: String(alert._id), reference: alert.reference, on: m.on, value: payload.value },
        });
    }
  };
  const onWatchHit = ({ watch, alert, viewer }: DomainEventMap['watch.hit'][0]) => {
    io.to(rooms.user(watch.userId)).emit('watch:hit', { watchId: watch.id, alert: presentAlertSummary(alert, viewer) });
  };
  const onRequested = ({ request, originAgencyId }: DomainEventMap['access.requested'][0]) => {
    io.to(rooms.agency(originAgencyId)).emit('access:request', { request });
  };
  const onDecided = ({ request, requesterId }: DomainEventMap['access.decided'][0]) => {
    io.to([rooms.user(requesterId), rooms.agency(request.originAgencyId)]).emit('access:decision', { request });
  };
  const onMatchedSafe = (e: DomainEventMap['alert.matched'][0]) => void onMatched(e).catch(() => undefined);
  domainEvents.on('alert.matched', onMatchedSafe);
  domainEvents.on('watch.hit', onWatchHit);
  domainEvents.on('access.requested', onRequested);
  domainEvents.on('access.decided', onDecided);
  return () => {
    domainEvents.off('alert.matched', onMatchedSafe);
    domainEvents.off('watch.hit', onWatchHit);
    domainEvents.off('access.requested', onRequested);
    domainEvents.off('access.decided', onDecided);
  };
}
