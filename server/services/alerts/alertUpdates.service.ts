/** Notes and hits on an alert, hit acknowledgement, and overdue hits (API.md "Alerts"). */
import { randomUUID } from 'node:crypto';
import type { AlertUpdateInput } from '../../../shared/schemas/alerts.js';
import { ALERT_LIMITS } from '../../../shared/schemas/alerts.js';
import { ApiError } from '../../http/apiError.js';
import type { AlertDoc, AlertUpdateEntry } from '../../models/Alert.js';
import type { Actor } from '../../policies/actor.js';
import { presentUpdate, type AlertUpdateDto } from '../../presenters/alert.presenter.js';
import { recordAudit } from '../audit/audit.service.js';
import { domainEvents } from '../domainEvents.js';
import { alertCopy } from './alertCopy.js';
import { mutateAlert } from './alertMutation.js';
import { syncCopyOrRefuse } from './copyReady.js';
import { loadAlertFor } from './alerts.service.js';
import { HOUR_MS } from '../../../shared/time.js';

/** What an update weighs against the alert's bound: the UTF-8 bytes of its text and location. */
const updateBytes = (u: Pick<AlertUpdateEntry, 'text' | 'location'>): number =>
  Buffer.byteLength(JSON.stringify({ text: u.text, location: u.location ?? null }));

/** Refuses an update that would pass the alert's bound on the count or bytes of updates (409 alert_full). */
function assertRoomForUpdate(alert: Pick<AlertDoc, 'updates'>, next: Pick<AlertUpdateEntry, 'text' | 'location'>): void {
  const bytes = alert.updates.reduce((sum, u) => sum + updateBytes(u), 0) + updateBytes(next);
  if (alert.updates.length >= ALERT_LIMITS.updatesPerAlert || bytes > ALERT_LIMITS.updateBytesPerAlert)
    throw new ApiError('alert_full', 'the alert holds as many updates as it may', [
      { path: '(body)', message: 'this alert has reached its limit of updates' },
    ]);
}

/** Anyone who can see the alert adds a note or a structured hit; hits get a reply deadline. */
export async function addAlertUpdate(actor: Actor, alertId: string, input: AlertUpdateInput): Promise<AlertUpdateDto> {
  const alert = await loadAlertFor(actor, alertId, 'addUpdate');
  const content = { text: input.text, location: input.location ?? null };
  assertRoomForUpdate(alert, content); // fail early, before taking the alert's lock
  const now = new Date();
  const update: AlertUpdateEntry = {
    id: randomUUID(),
    kind: input.kind,
    hitType: input.hitType ?? null,
    text: input.text,
    location: input.location ?? null,
    authorId: actor.id,
    agencyId: actor.agencyId,
    country: actor.country,
    at: now,
    ...(input.kind === 'hit'
      ? { dueAt: new Date(now.getTime() + alert.replyWithinHours * HOUR_MS), acknowledgedAt: null, acknowledgedBy: null }
      : {}),
  };
  const updated = await mutateAlert(alertId, 'update', (current) => {
    assertRoomForUpdate(current, content); // authoritative: under the lock
    return { $push: { updates: update } };
  });
  await recordAudit({
    actor,
    action: 'alert.update_added',
    targetType: 'alert',
    targetId: alertId,
    details: { kind: input.kind, hitType: input.hitType ?? null, updateId: update.id },
  });
  domainEvents.emit('alert.update_added', { alert: updated, update });
  return presentUpdate(update);
}

export async function listAlertUpdates(actor: Actor, alertId: string) {
  const alert = await loadAlertFor(actor, alertId, 'view');
  return { items: alert.updates.map(presentUpdate), nextCursor: null };
}

/** The originating agency acknowledges a hit. */
export async function acknowledgeHit(actor: Actor, alertId: string, updateId: string): Promise<AlertUpdateDto> {
  const alert = await loadAlertFor(actor, alertId, 'acknowledgeHits');
  const hit = alert.updates.find((u) => u.id === updateId);
  if (!hit || hit.kind !== 'hit') throw new ApiError('not_found');
  if (hit.acknowledgedAt) return presentUpdate(hit);
  const at = new Date();
  const updated = await mutateAlert(alertId, 'update', (current) => {
    const index = current.updates.findIndex((u) => u.id === updateId);
    return { $set: { [`updates.${index}.acknowledgedAt`]: at, [`updates.${index}.acknowledgedBy`]: actor.id } };
  });
  const acknowledged = updated.updates.find((u) => u.id === updateId)!;
  await recordAudit({ actor, action: 'alert.hit_acknowledged', targetType: 'alert', targetId: alertId, details: { updateId } });
  return presentUpdate(acknowledged);
}

/** Hits on the actor's agency's alerts not acknowledged within `replyWithinHours`. */
export async function overdueHits(actor: Actor, now = new Date()) {
  // From the copy's heads (each knows when its earliest open hit is due): the store query scans.
  await syncCopyOrRefuse();
  const alerts = [...alertCopy.newestFirst()]
    .filter((h) => h.originAgencyId === actor.agencyId && h.hitDueAt !== null && h.hitDueAt < now.getTime())
    .map((h) => alertCopy.get(h.id))
    .filter((a): a is AlertDoc => !!a);
  const items = alerts.flatMap((a) =>
    a.updates
      .filter((u) => u.kind === 'hit' && !u.acknowledgedAt && u.dueAt && u.dueAt < now)
      .map((u) => ({ alertId: String(a._id), reference: a.reference, title: a.title, update: presentUpdate(u) })),
  );
  items.sort((x, y) => (x.update.dueAt ?? '').localeCompare(y.update.dueAt ?? ''));
  return { items, nextCursor: null };
}
