/**
 * The one place that emits alert events. After a write, it computes the audience from whom the
 * alert reaches (visibility.ts, the rule alert.policy answers with), and sends each viewer class
 * its own payload — redacted where it must be — through rooms, so it works across processes with
 * the Redis adapter.
 */
import { rooms, VIEWER_CLASSES, type ViewerClass } from '../../shared/events.js';
import type { Country } from '../../shared/schemas/common.js';
import type { AlertDoc, AlertUpdateEntry } from './Alert.js';
import { agencyFields, CLASS_VIEWERS } from '../identity/index.js';
import type { Viewer } from './alert.policy.js';
import { reachOf } from './visibility.js';
import { changeCursor, presentAlertSummary, presentUpdate } from './alert.presenter.js';

import type { PuenteIo } from '../platform/realtime/io.js';
import type { Instance } from '../platform/instance.js';

/** One recipient group: rooms to send to, rooms to leave out, and the viewer whose payload they get. */
export interface AudienceGroup {
  to: string[];
  except: string[];
  viewer: Viewer;
  cls: ViewerClass;
}

/** The real country of each agency an alert names, by id (agencies that do not exist are absent). */
export type AgencyCountries = ReadonlyMap<string, Country>;

/** Agencies an alert reaches besides its origin (visibility.ts): its `agencies` list and its grants. */
export function namedAgencyIds(a: AlertDoc): string[] {
  return reachOf(a).agencies.filter((id) => id !== a.originAgencyId);
}

/** The countries of the agencies the alerts name, in one read (none when they name none). */
export const countriesOfNamedAgencies = (instance: Instance, alerts: AlertDoc[]): Promise<Map<string, Country>> =>
  agencyFields(instance, alerts.flatMap(namedAgencyIds), 'country');

/**
 * Recipient groups of an alert, per viewer class, from whom it reaches (visibility.ts `reachOf`): its
 * agency, the rooms of the countries it reaches, then each other agency it reaches as the viewer it
 * really is — its own country, from `countries`. The viewer decides more than this alert's payload:
 * match announcements check it against the other alert too.
 */
export function audienceOf(a: AlertDoc, countries: AgencyCountries): AudienceGroup[] {
  const groups: AudienceGroup[] = [];
  const origin = a.originAgencyId;
  const reached = reachOf(a);
  const others = namedAgencyIds(a);
  for (const cls of VIEWER_CLASSES) {
    const cv = CLASS_VIEWERS[cls];
    groups.push({ to: [rooms.agencyClass(origin, cls)], except: [], viewer: { ...cv, agencyId: origin, country: a.originCountry }, cls });
    const except = [rooms.agency(origin)];
    for (const c of reached.countries)
      groups.push({ to: [rooms.countryClass(c, cls)], except, viewer: { ...cv, agencyId: '', country: c }, cls });
    for (const id of others) {
      const country = countries.get(id);
      if (!country) continue;
      // Members of a country room the alert already reaches get it from there, once.
      groups.push({
        to: [rooms.agencyClass(id, cls)],
        except: [...except, ...reached.countries.map((c) => rooms.country(c))],
        viewer: { ...cv, agencyId: id, country },
        cls,
      });
    }
  }
  return groups;
}

function emitSummary(
  instance: Instance,
  io: PuenteIo,
  event: 'alert:new' | 'alert:changed',
  alert: AlertDoc,
  countries: AgencyCountries,
): void {
  for (const g of audienceOf(alert, countries)) {
    io.to(g.to)
      .except(g.except)
      .emit(event, { alert: presentAlertSummary(instance, alert, g.viewer) });
    instance.metrics.alertsDelivered.inc({ event });
  }
}

function emitUpdate(instance: Instance, io: PuenteIo, alert: AlertDoc, update: AlertUpdateEntry, countries: AgencyCountries): void {
  const payload = { alertId: String(alert._id), update: presentUpdate(update), cursor: changeCursor(instance, alert.changeSeq) };
  for (const g of audienceOf(alert, countries)) {
    io.to(g.to).except(g.except).emit('alert:update', payload);
    instance.metrics.alertsDelivered.inc({ event: 'alert:update' });
  }
}

/** Subscribes to alert domain events; returns the unsubscribe function. */
export function wireAlertPublisher(instance: Instance, io: PuenteIo): () => void {
  // Events leave in the order they happened, each after its alert's named agencies are read. A failed
  // read leaves those agencies out (they catch up with alerts:since), never anyone in.
  let queue: Promise<void> = Promise.resolve();
  const inOrder = (alert: AlertDoc, emit: (countries: AgencyCountries) => void) => {
    const countries = countriesOfNamedAgencies(instance, [alert]).catch(() => new Map<string, Country>());
    // An emit that throws must not stop the events after it (a rejected queue would skip them all).
    queue = queue.then(async () => emit(await countries)).catch(() => undefined);
  };
  const onCreated = ({ alert }: { alert: AlertDoc }) => inOrder(alert, (c) => emitSummary(instance, io, 'alert:new', alert, c));
  const onChanged = ({ alert }: { alert: AlertDoc }) => inOrder(alert, (c) => emitSummary(instance, io, 'alert:changed', alert, c));
  const onUpdate = ({ alert, update }: { alert: AlertDoc; update: AlertUpdateEntry }) =>
    inOrder(alert, (c) => emitUpdate(instance, io, alert, update, c));
  const onReviewDue = ({ alert }: { alert: AlertDoc }) => {
    for (const cls of VIEWER_CLASSES) {
      io.to(rooms.agencyClass(alert.originAgencyId, cls)).emit('alert:review_due', {
        alert: presentAlertSummary(instance, alert, {
          ...CLASS_VIEWERS[cls],
          agencyId: alert.originAgencyId,
          country: alert.originCountry,
        }),
      });
    }
  };
  instance.events.on('alert.created', onCreated);
  instance.events.on('alert.changed', onChanged);
  instance.events.on('alert.update_added', onUpdate);
  instance.events.on('alert.update_changed', onUpdate);
  instance.events.on('alert.review_due', onReviewDue);
  return () => {
    instance.events.off('alert.created', onCreated);
    instance.events.off('alert.changed', onChanged);
    instance.events.off('alert.update_added', onUpdate);
    instance.events.off('alert.update_changed', onUpdate);
    instance.events.off('alert.review_due', onReviewDue);
  };
}
