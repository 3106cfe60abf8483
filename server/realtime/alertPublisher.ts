/**
 * The one place that emits alert events. After a write, it computes the audience from the
 * alert's distribution, each viewer checked with alert.policy's rule, and sends each viewer class
 * its own payload — redacted where it must be — through rooms, so it works across processes with
 * the Redis adapter.
 */
import { rooms, VIEWER_CLASSES, type ViewerClass } from '../../shared/events.js';
import type { Country } from '../../shared/schemas/common.js';
import { alertsDelivered } from '../http/metrics.js';
import type { AlertDoc, AlertUpdateEntry } from '../models/Alert.js';
import { agencyFields } from '../models/Agency.js';
import { canSeeAlert, type Viewer } from '../policies/alert.policy.js';
import { changeCursor, presentAlertSummary, presentUpdate } from '../presenters/alert.presenter.js';
import { domainEvents } from '../services/domainEvents.js';
import type { PuenteIo } from './io.js';
import { CLASS_VIEWERS } from './viewerClass.js';

/** One recipient group: rooms to send to, rooms to leave out, and the viewer whose payload they get. */
export interface AudienceGroup {
  to: string[];
  except: string[];
  viewer: Viewer;
  cls: ViewerClass;
}

const COUNTRIES: Country[] = ['AR', 'PY'];

/** The real country of each agency an alert names, by id (agencies that do not exist are absent). */
export type AgencyCountries = ReadonlyMap<string, Country>;

/** Agencies an alert names besides its origin: its `agencies` list and its grants. */
export function namedAgencyIds(a: AlertDoc): string[] {
  return [...(a.distribution.agencyIds ?? []), ...(a.grantedAgencyIds ?? [])].filter((id) => id !== a.originAgencyId);
}

/** The countries of the agencies the alerts name, in one read (none when they name none). */
export const countriesOfNamedAgencies = (alerts: AlertDoc[]): Promise<Map<string, Country>> =>
  agencyFields(alerts.flatMap(namedAgencyIds), 'country');

/**
 * Recipient groups of an alert, per viewer class: its agency, the country rooms of its distribution,
 * then each agency it names (list or grant) as the viewer it really is — its own country, from
 * `countries` — kept only when alert.policy lets that viewer see the alert. The viewer decides more
 * than this alert's payload: match announcements check it against the other alert too.
 */
export function audienceOf(a: AlertDoc, countries: AgencyCountries): AudienceGroup[] {
  const groups: AudienceGroup[] = [];
  const origin = a.originAgencyId;
  const countryRooms = (cv: Pick<Viewer, 'roles' | 'agencyKind'>) =>
    COUNTRIES.filter((c) => canSeeAlert({ ...cv, agencyId: '', country: c }, a));
  for (const cls of VIEWER_CLASSES) {
    const cv = CLASS_VIEWERS[cls];
    groups.push({ to: [rooms.agencyClass(origin, cls)], except: [], viewer: { ...cv, agencyId: origin, country: a.originCountry }, cls });
    const except = [rooms.agency(origin)];
    const reachedCountries = countryRooms(cv);
    for (const c of reachedCountries)
      groups.push({ to: [rooms.countryClass(c, cls)], except, viewer: { ...cv, agencyId: '', country: c }, cls });
    for (const id of new Set(namedAgencyIds(a))) {
      const country = countries.get(id);
      if (!country) continue;
      const viewer: Viewer = { ...cv, agencyId: id, country };
      if (!canSeeAlert(viewer, a)) continue;
      // Members of a country room the alert already reaches get it from there, once.
      groups.push({ to: [rooms.agencyClass(id, cls)], except: [...except, ...reachedCountries.map((c) => rooms.country(c))], viewer, cls });
    }
  }
  return groups;
}

function emitSummary(io: PuenteIo, event: 'alert:new' | 'alert:changed', alert: AlertDoc, countries: AgencyCountries): void {
  for (const g of audienceOf(alert, countries)) {
    io.to(g.to)
      .except(g.except)
      .emit(event, { alert: presentAlertSummary(alert, g.viewer) });
    alertsDelivered.inc({ event });
  }
}

function emitUpdate(io: PuenteIo, alert: AlertDoc, update: AlertUpdateEntry, countries: AgencyCountries): void {
  const payload = { alertId: String(alert._id), update: presentUpdate(update), cursor: changeCursor(alert.changeSeq) };
  for (const g of audienceOf(alert, countries)) {
    io.to(g.to).except(g.except).emit('alert:update', payload);
    alertsDelivered.inc({ event: 'alert:update' });
  }
}

/** Subscribes to alert domain events; returns the unsubscribe function. */
export function wireAlertPublisher(io: PuenteIo): () => void {
  // Events leave in the order they happened, each after its alert's named agencies are read. A failed
  // read leaves those agencies out (they catch up with alerts:since), never anyone in.
  let queue: Promise<void> = Promise.resolve();
  const inOrder = (alert: AlertDoc, emit: (countries: AgencyCountries) => void) => {
    const countries = countriesOfNamedAgencies([alert]).catch(() => new Map<string, Country>());
    // An emit that throws must not stop the events after it (a rejected queue would skip them all).
    queue = queue.then(async () => emit(await countries)).catch(() => undefined);
  };
  const onCreated = ({ alert }: { alert: AlertDoc }) => inOrder(alert, (c) => emitSummary(io, 'alert:new', alert, c));
  const onChanged = ({ alert }: { alert: AlertDoc }) => inOrder(alert, (c) => emitSummary(io, 'alert:changed', alert, c));
  const onUpdate = ({ alert, update }: { alert: AlertDoc; update: AlertUpdateEntry }) =>
    inOrder(alert, (c) => emitUpdate(io, alert, update, c));
  const onReviewDue = ({ alert }: { alert: AlertDoc }) => {
    for (const cls of VIEWER_CLASSES) {
      io.to(rooms.agencyClass(alert.originAgencyId, cls)).emit('alert:review_due', {
        alert: presentAlertSummary(alert, { ...CLASS_VIEWERS[cls], agencyId: alert.originAgencyId, country: alert.originCountry }),
      });
    }
  };
  domainEvents.on('alert.created', onCreated);
  domainEvents.on('alert.changed', onChanged);
  domainEvents.on('alert.update_added', onUpdate);
  domainEvents.on('alert.update_changed', onUpdate);
  domainEvents.on('alert.review_due', onReviewDue);
  return () => {
    domainEvents.off('alert.created', onCreated);
    domainEvents.off('alert.changed', onChanged);
    domainEvents.off('alert.update_added', onUpdate);
    domainEvents.off('alert.update_changed', onUpdate);
    domainEvents.off('alert.review_due', onReviewDue);
  };
}
