/** Notes and hits on an alert, hit acknowledgement, and overdue hits (API.md "Alerts"). */
import { createHash, randomUUID } from 'node:crypto';
import type { AlertUpdateInput } from '../../shared/schemas/alerts.js';
import { DomainError } from '../platform/errors.js';
import type { AlertDoc, AlertUpdateEntry } from './Alert.js';
import type { Actor } from '../platform/actor.js';
import { presentUpdate, type AlertUpdateDto } from './alert.presenter.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';
import { auditTextParts } from '../platform/auditTrail/canonical.js';

import { mutateAlert } from './alertMutation.js';
import { syncCopyOrRefuse } from './copy/copyReady.js';
import { loadAlertFor } from './alertReads.js';
import { HOUR_MS } from '../../shared/time.js';
import { overflownShare, type BudgetedUpdate } from './updateBudget.js';
import type { Instance } from '../platform/instance.js';

/**
 * Refuses an update that would overflow the alert's budget or a share of it the poster belongs to
 * (updateBudget.ts): 409 alert_full, or agency_share_full for the poster's agency's own share.
 */
function assertRoomForUpdate(alert: Pick<AlertDoc, 'originAgencyId' | 'updates'>, next: BudgetedUpdate): void {
  const overflown = overflownShare(alert, next);
  if (overflown) throw new DomainError(overflown.code, overflown.message, [{ path: '(body)', message: overflown.message }]);
}

/** Anyone who can see the alert adds a note or a structured hit; hits get a reply deadline. */
export async function addAlertUpdate(instance: Instance, actor: Actor, alertId: string, input: AlertUpdateInput): Promise<AlertUpdateDto> {
  const alert = await loadAlertFor(instance, actor, alertId, 'addUpdate');
  const content = { kind: input.kind, agencyId: actor.agencyId, text: input.text, location: input.location ?? null };
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
  const updated = await mutateAlert(instance, alertId, 'update', (current) => {
    assertRoomForUpdate(current, content); // authoritative: under the lock
    return { $push: { updates: update } };
  });
  await recordAudit(instance, {
    actor,
    action: 'alert.update_added',
    targetType: 'alert',
    targetId: alertId,
    details: { kind: input.kind, hitType: input.hitType ?? null, updateId: update.id },
  });
  if (update.kind === 'hit') await instance.events.noteInboxCause({ kind: 'hit_reported', alert: updated, hit: update });
  instance.events.emit('alert.update_added', { alert: updated, update });
  return presentUpdate(update);
}

export async function listAlertUpdates(instance: Instance, actor: Actor, alertId: string) {
  const alert = await loadAlertFor(instance, actor, alertId, 'view');
  return { items: alert.updates.map(presentUpdate), nextCursor: null };
}

/** The originating agency acknowledges a hit. */
export async function acknowledgeHit(instance: Instance, actor: Actor, alertId: string, updateId: string): Promise<AlertUpdateDto> {
  const alert = await loadAlertFor(instance, actor, alertId, 'acknowledgeHits');
  const hit = alert.updates.find((u) => u.id === updateId);
  if (!hit || hit.kind !== 'hit') throw new DomainError('not_found');
  if (hit.acknowledgedAt) return presentUpdate(hit);
  const at = new Date();
  const updated = await mutateAlert(instance, alertId, 'update', (current) => {
    const index = current.updates.findIndex((u) => u.id === updateId);
    return { $set: { [`updates.${index}.acknowledgedAt`]: at, [`updates.${index}.acknowledgedBy`]: actor.id } };
  });
  const acknowledged = updated.updates.find((u) => u.id === updateId)!;
  await recordAudit(instance, { actor, action: 'alert.hit_acknowledged', targetType: 'alert', targetId: alertId, details: { updateId } });
  await instance.events.noteInboxCause({ kind: 'hit_acknowledged', alert: updated, hit: acknowledged, by: actor.id });
  // Everyone who sees the alert (the reporter's agency too) gets the acknowledged hit live.
  instance.events.emit('alert.update_changed', { alert: updated, update: acknowledged });
  return presentUpdate(acknowledged);
}

/**
 * The origin agency hides a note (issue #23 F5): everyone then sees only that it was hidden. Its
 * text and location leave the alert — which frees their bytes of the alert's budget, not its place
 * in the count — and are kept in the audit event, with the text's SHA-256. Hits are not hidden:
 * they carry a reply deadline. Hiding a hidden note again changes nothing.
 */
export async function hideAlertUpdate(instance: Instance, actor: Actor, alertId: string, updateId: string): Promise<AlertUpdateDto> {
  const alert = await loadAlertFor(instance, actor, alertId, 'hideUpdates');
  const found = alert.updates.find((u) => u.id === updateId);
  if (!found || found.kind !== 'note') throw new DomainError('not_found');
  if (found.hidden) return presentUpdate(found);
  let original: AlertUpdateEntry | null = null;
  const hidden = { at: new Date(), by: actor.id };
  const updated = await mutateAlert(instance, alertId, 'update', (current) => {
    const index = current.updates.findIndex((u) => u.id === updateId);
    const entry = current.updates[index];
    if (!entry || entry.hidden) return null; // hidden meanwhile by a colleague: nothing to do
    original = entry;
    const at = `updates.${index}`;
    return { $set: { [`${at}.hidden`]: hidden, [`${at}.text`]: '', [`${at}.location`]: null } };
  });
  const note = updated.updates.find((u) => u.id === updateId)!;
  if (!original) return presentUpdate(note);
  const { text, location, agencyId, authorId } = original as AlertUpdateEntry;
  await recordAudit(instance, {
    actor,
    action: 'alert.update_hidden',
    targetType: 'alert',
    targetId: alertId,
    details: { updateId, authorId, agencyId },
    // The hidden text may name a person: erasable for a data-subject request (format 2).
    personal: {
      textSha256: createHash('sha256').update(text).digest('hex'),
      // Audit strings are capped: the whole text, in parts that each fit.
      textParts: auditTextParts(text),
      location: location ?? null,
    },
  });
  instance.events.emit('alert.update_changed', { alert: updated, update: note });
  return presentUpdate(note);
}

/** Hits on the actor's agency's alerts not acknowledged within `replyWithinHours`. */
export async function overdueHits(instance: Instance, actor: Actor, now = new Date()) {
  // From the copy's heads (each knows when its earliest open hit is due): the store query scans.
  await syncCopyOrRefuse(instance);
  const alerts = [...instance.alertCopy.newestFirst()]
    .filter((h) => h.originAgencyId === actor.agencyId && h.hitDueAt !== null && h.hitDueAt < now.getTime())
    .map((h) => instance.alertCopy.get(h.id))
    .filter((a): a is AlertDoc => !!a);
  const items = alerts.flatMap((a) =>
    a.updates
      .filter((u) => u.kind === 'hit' && !u.acknowledgedAt && u.dueAt && u.dueAt < now)
      .map((u) => ({ alertId: String(a._id), reference: a.reference, title: a.title, update: presentUpdate(u) })),
  );
  items.sort((x, y) => (x.update.dueAt ?? '').localeCompare(y.update.dueAt ?? ''));
  return { items, nextCursor: null };
}
