/**
 * The one place that emits alert events. After a write, it computes the audience from the
 * alert's distribution (the same rules as alert.policy) and sends each viewer class its own
 * payload — redacted where it must be — through rooms, so it works across processes with
 * the Redis adapter.
 */
import { rooms, VIEWER_CLASSES, type ViewerClass } from '../../shared/events.js';
import type { Country } from '../../shared/schemas/common.js';
import { alertsDelivered } from '../http/metrics.js';
import type { AlertDoc, AlertUpdateEntry } from '../models/Alert.js';
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

/** Recipient groups of an alert, per viewer class: its agency, then the rest of its distribution. */
export function audienceOf(a: AlertDoc): AudienceGroup[] {
  const groups: AudienceGroup[] = [];
  const origin = a.originAgencyId;
  for (const cls of VIEWER_CLASSES) {
    const cv = CLASS_VIEWERS[cls];
    groups.push({ to: [rooms.agencyClass(origin, cls)], except: [], viewer: { ...cv, agencyId: origin, country: a.originCountry }, cls });
    const except = [rooms.agency(origin)];
    switch (a.distribution.scope) {
      case 'bilateral':
      case 'country':
        for (const c of COUNTRIES) {
          const viewer: Viewer = { ...cv, agencyId: '', country: c };
          if (canSeeAlert(viewer, a)) groups.push({ to: [rooms.countryClass(c, cls)], except, viewer, cls });
        }
        break;
      case 'agencies':
        for (const id of new Set(a.distribution.agencyIds ?? [])) {
          if (id !== origin) groups.push({ to: [rooms.agencyClass(id, cls)], except, viewer: { ...cv, agencyId: id, country: 'AR' }, cls });
        }
        break;
      case 'agency':
        break;
    }
    for (const id of new Set(a.grantedAgencyIds ?? [])) {
      if (id === origin || (a.distribution.scope === 'agencies' && a.distribution.agencyIds?.includes(id))) continue;
      // Granted agencies not already reached through a country room of the distribution.
      groups.push({
        to: [rooms.agencyClass(id, cls)],
        except: [...except, ...COUNTRIES.filter((c) => canSeeAlert({ ...cv, agencyId: '', country: c }, a)).map((c) => rooms.country(c))],
        viewer: { ...cv, agencyId: id, country: 'AR' },
        cls,
      });
    }
  }
  return groups;
}

function emitSummary(io: PuenteIo, event: 'alert:new' | 'alert:changed', alert: AlertDoc): void {
  for (const g of audienceOf(alert)) {
    io.to(g.to)
      .except(g.except)
      .emit(event, { alert: presentAlertSummary(alert, g.viewer) });
    alertsDelivered.inc({ event });
  }
}

function emitUpdate(io: PuenteIo, alert: AlertDoc, update: AlertUpdateEntry): void {
  const payload = { alertId: String(alert._id), update: presentUpdate(update), cursor: changeCursor(alert.changeSeq) };
  for (const g of audienceOf(alert)) {
    io.to(g.to).except(g.except).emit('alert:update', payload);
    alertsDelivered.inc({ event: 'alert:update' });
  }
}

/** Subscribes to alert domain events; returns the unsubscribe function. */
export function wireAlertPublisher(io: PuenteIo): () => void {
  const onCreated = ({ alert }: { alert: AlertDoc }) => emitSummary(io, 'alert:new', alert);
  const onChanged = ({ alert }: { alert: AlertDoc }) => emitSummary(io, 'alert:changed', alert);
  const onUpdate = ({ alert, update }: { alert: AlertDoc; update: AlertUpdateEntry }) => emitUpdate(io, alert, update);
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
