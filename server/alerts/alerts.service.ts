/** Alerts: create, list, read, edit and status changes (API.md "Alerts"). */
import type { CreateAlertInput, UpdateAlertInput } from '../../shared/schemas/alerts.js';
import type { Country } from '../../shared/schemas/common.js';
import { isDeepStrictEqual } from 'node:util';
import mongoose from 'mongoose';
import { DomainError } from '../platform/errors.js';
import { agencyExists } from '../identity/index.js';
import { insertNewAlert, type AlertDoc, type AlertHistoryEntry } from './Alert.js';
import type { Actor } from '../platform/actor.js';
import { can } from './alert.policy.js';
import { authorize } from '../platform/authorize.js';
import { presentAlert, type AlertDto } from './alert.presenter.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';

import { changeReadable, logAlertChange } from './changeLog/alertChanges.js';
import { recordAlertView } from './alertViews.js';
import { claimIdempotencyKey } from './idempotency.js';
import { normalizeAlertContent } from './normalize.js';
import { referenceStart, withNextReference } from './references.js';
import { commitVersioned } from './alertMutation.js';
import { DAY_MS } from '../../shared/time.js';
import { deletePhotoFiles } from './photos/photoFiles.js';
import { loadAlertFor } from './alertReads.js';
import { assertRoomForHistory } from './historyBudget.js';
import { editSubjects, withNewSubjectIds } from './subjectLinks.js';
import { commitWrite, isDuplicateKeyError, op } from '../platform/store/index.js';
import type { Instance } from '../platform/instance.js';

export interface AlertSettings {
  reviewDays: number;
}

async function assertAgenciesExist(instance: Instance, ids: string[] | undefined): Promise<void> {
  if (!ids?.length) return;
  const found = await Promise.all(ids.map((id) => agencyExists(instance, id)));
  const missing = ids.filter((_, i) => !found[i]);
  if (missing.length)
    throw new DomainError(
      'validation_failed',
      'unknown agencies',
      missing.map((id) => ({ path: 'distribution.agencyIds', message: `unknown agency ${id}` })),
    );
}

/** How far ahead a review date chosen by the poster may lie (issue #10 item 10): tomorrow to a year. */
export const REVIEW_AT_BOUNDS = { minMs: DAY_MS, maxMs: 365 * DAY_MS } as const;

/** The review date asked for, if it lies within REVIEW_AT_BOUNDS from now; else 400 on `reviewAt`. */
function boundedReviewAt(iso: string, now = Date.now()): Date {
  const at = new Date(iso);
  const t = at.getTime();
  if (!(t >= now + REVIEW_AT_BOUNDS.minMs && t <= now + REVIEW_AT_BOUNDS.maxMs))
    throw new DomainError('validation_failed', 'reviewAt out of range', [
      { path: 'reviewAt', message: 'must be between tomorrow and one year from now' },
    ]);
  return at;
}

function history(actor: Actor, entry: Omit<AlertHistoryEntry, 'at' | 'by' | 'agencyId'>): AlertHistoryEntry {
  return { at: new Date(), by: actor.id, agencyId: actor.agencyId, ...entry };
}

export async function createAlert(
  instance: Instance,
  actor: Actor,
  input: CreateAlertInput,
  settings: AlertSettings,
  idempotencyKey?: string,
): Promise<{ alert: AlertDto; replayed: boolean }> {
  const { Alert } = instance.models.alerts;
  authorize(can(actor, 'create'), 'alert.create', { targetType: 'alert' });
  await assertAgenciesExist(instance, input.distribution.agencyIds);
  const chosenReviewAt = input.reviewAt ? boundedReviewAt(input.reviewAt) : null;
  const proposedId = new mongoose.Types.ObjectId();
  const claim = idempotencyKey ? await claimIdempotencyKey(instance, actor.id, idempotencyKey, input, String(proposedId)) : null;
  if (claim?.kind === 'replay') return replayAlert(instance, actor, claim.resultId);
  // The id is chosen first so the change-log entry (and so the cursor) exists before the alert
  // does: the alert is stored once, complete, and nobody can see it without its cursor. A log
  // entry whose insert then failed points at nothing and is skipped by alerts:since. With a key,
  // it is the id the key's first attempt chose, so that the insert decides which attempt stores it.
  const _id = claim ? new mongoose.Types.ObjectId(claim.alertId) : proposedId;
  const id = String(_id);
  const now = new Date();
  // Independent, started together: where its reference number starts, and its change-log entry.
  const placing = Promise.all([referenceStart(instance, actor.country, now), logAlertChange(instance, id, 'created')]);
  // Awaited below, after a turn: a failure meanwhile must not count as unhandled.
  placing.catch(() => undefined);
  // Queued so far, not sent: they go out to the store first (a turn of the event loop), and the
  // alert is made ready while they are in flight: its content and its checked document.
  await new Promise<void>((sent) => setImmediate(sent));
  // (The request was validated at the edge; should this check still fail, the entry just logged
  // points at nothing, which readers skip.)
  const normalized = normalizeAlertContent(input, actor.country as Country);
  const ready = new Alert({
    _id,
    ...normalized,
    subjects: withNewSubjectIds(normalized.subjects),
    status: 'active',
    originAgencyId: actor.agencyId,
    originCountry: actor.country,
    createdBy: actor.id,
    reviewAt: chosenReviewAt ?? new Date(now.getTime() + settings.reviewDays * DAY_MS),
    history: [history(actor, { action: 'created', toStatus: 'active' })],
    version: 0,
  });
  const checked = ready.validate({ pathsToSkip: ['reference', 'changeSeq'] });
  const [[start, changeSeq]] = await Promise.all([placing, checked]);
  let attempt = 0;
  let alert: AlertDoc;
  try {
    alert = await withNextReference(instance, start, async (reference) => {
      // A retry (the number was taken) starts from a fresh copy rather than a document whose insert failed.
      const candidate = attempt++ === 0 ? ready : new Alert(ready.toObject());
      candidate.set({ reference, changeSeq });
      try {
        // The point of no return: a request already answered 503 (past its deadline) stores nothing.
        commitWrite();
        return await insertNewAlert(instance, candidate);
      } catch (err) {
        // Under a key, the duplicate may be the id itself: an earlier attempt stored this alert.
        if (claim && isDuplicateKeyError(err) && (await Alert.exists({ _id }))) throw new AlreadyStored();
        throw err;
      }
    });
  } catch (err) {
    if (!(err instanceof AlreadyStored) || claim?.kind !== 'insert') throw err;
    return completeEarlierAttempt(instance, actor, id, claim);
  }
  // Once stored, the alert is the key's for good: a failure from here on answers an error, and the
  // retry finds this alert instead of creating another (and does what this attempt did not).
  // Other processes answer from the log, up to its head: announced before the head has passed
  // this creation, the alert could be unknown to the process a reader is told of it by.
  await changeReadable(instance, changeSeq);
  // Deliver first: neither the copy (a later request runs after this synchronous code) nor the
  // audit record gates who may be told about an alert already stored.
  instance.events.emit('alert.created', { alert });
  instance.events.emit('alert.stored', { alert });
  await auditCreation(instance, actor, alert);
  // Last: a claim names its result only once the creation is announced and audited, so a retry
  // that finds the alert stored under an unfinished claim knows that work may be missing.
  await claim?.finish();
  return { alert: presentAlert(instance, alert, actor), replayed: false };
}

/** How long a retry that finds its alert stored lets the attempt that stored it finish (a live one
 * finishes in milliseconds; one that died never does). */
const EARLIER_ATTEMPT_WAIT_MS = 2000;

/**
 * A retry under an Idempotency-Key found the alert stored by an earlier attempt whose claim is not
 * finished: that attempt died (or failed) after its insert, before announcing and auditing the
 * creation. Unless it finishes meanwhile, the retry does both, once: only when the trail holds no
 * creation event for the alert (issue 26, found by test/integration/crashMidBurst.test.ts).
 */
async function completeEarlierAttempt(
  instance: Instance,
  actor: Actor,
  id: string,
  claim: { finish: () => Promise<void>; finishedWithin: (ms: number) => Promise<boolean> },
): Promise<{ alert: AlertDto; replayed: true }> {
  const { Alert } = instance.models.alerts;
  if (!(await claim.finishedWithin(EARLIER_ATTEMPT_WAIT_MS))) {
    const alert = await Alert.findById(id).lean<AlertDoc>();
    if (alert && !(await creationAudited(instance, alert))) {
      await changeReadable(instance, alert.changeSeq ?? 0);
      instance.events.emit('alert.created', { alert });
      await auditCreation(instance, actor, alert, { completedByRetry: true });
    }
    await claim.finish();
  }
  return replayAlert(instance, actor, id);
}

/** The audit record of an alert's creation. */
function auditCreation(instance: Instance, actor: Actor, alert: AlertDoc, extra: Record<string, unknown> = {}) {
  return recordAudit(instance, {
    actor,
    action: 'alert.create',
    targetType: 'alert',
    targetId: String(alert._id),
    details: { reference: alert.reference, kind: alert.kind, scope: alert.distribution.scope, ...extra },
  });
}

/** Whether the trail records the alert's creation (written after its insert, by the same process). */
async function creationAudited(instance: Instance, alert: AlertDoc): Promise<boolean> {
  const { AuditEvent } = instance.models.platform;
  const since = new Date(alert.createdAt.getTime() - 60_000);
  return !!(await AuditEvent.exists({ action: 'alert.create', targetId: String(alert._id), at: op({ $gte: since }) }));
}

/** An earlier attempt under the same Idempotency-Key stored the alert. */
class AlreadyStored extends Error {}

/** The answer to a retry whose alert is stored: the alert as first created, for this caller. */
async function replayAlert(instance: Instance, actor: Actor, id: string): Promise<{ alert: AlertDto; replayed: true }> {
  const { Alert } = instance.models.alerts;
  const first = await Alert.findById(id).lean<AlertDoc>();
  if (!first) throw new DomainError('not_found');
  return { alert: presentAlert(instance, first, actor), replayed: true };
}

export { listAlerts } from './alertList.js';

/** The full record; every read is audited and listed in the alert's views. */
export async function getAlert(instance: Instance, actor: Actor, id: string): Promise<AlertDto> {
  const alert = await loadAlertFor(instance, actor, id, 'view');
  const event = await recordAudit(instance, {
    actor,
    action: 'alert.view',
    targetType: 'alert',
    targetId: id,
    details: { reference: alert.reference },
  });
  await recordAlertView(instance, id, actor, 'view', event.seq);
  return presentAlert(instance, alert, actor);
}

/** Edits by the originating agency, guarded by `version`. */
export async function updateAlert(instance: Instance, actor: Actor, id: string, input: UpdateAlertInput): Promise<AlertDto> {
  const alert = await loadAlertFor(instance, actor, id, 'edit');
  const { version, ...changes } = input;
  if (alert.version !== version) throw new DomainError('version_conflict');
  await assertAgenciesExist(instance, changes.distribution?.agencyIds);
  if (Object.keys(changes).length === 0)
    throw new DomainError('validation_failed', 'nothing to change', [{ path: '(body)', message: 'nothing to change' }]);
  const content = normalizeAlertContent({ ...alertAsInput(alert), ...changes }, alert.originCountry);
  const proposed: Record<string, unknown> = {};
  for (const f of Object.keys(changes))
    proposed[f] = f === 'reviewAt' ? boundedReviewAt(changes.reviewAt!) : (content as Record<string, unknown>)[f];
  // Only what really differs is written; an edit that changes nothing writes and logs nothing.
  const fields = Object.keys(proposed).filter((f) => !sameStoredValue(proposed[f], (alert as unknown as Record<string, unknown>)[f]));
  if (fields.length === 0) return presentAlert(instance, alert, actor);
  const $set: Record<string, unknown> = {};
  for (const f of fields) $set[f] = proposed[f];
  // A new review date gets its own reminder.
  if (fields.includes('reviewAt')) $set.reviewReminderSentAt = null;
  if (fields.includes('phones')) $set.phonesNormalized = content.phonesNormalized;
  let droppedPhotoIds: string[] = [];
  const entry = history(actor, { action: 'edited', fields });
  assertRoomForHistory(alert, entry); // fail early, before taking the alert's lock
  const updated = await commitVersioned(instance, id, version, (current) => {
    assertRoomForHistory(current, entry); // authoritative: under the lock
    if (fields.includes('subjects')) {
      // Photos follow their subject by id; a dropped subject's photos go with it (subjectLinks.ts).
      const edit = editSubjects(current, content.subjects);
      Object.assign($set, { subjects: edit.subjects, photos: edit.photos });
      droppedPhotoIds = edit.droppedPhotoIds;
    }
    return { $set, $push: { history: entry } };
  });
  // The change is recorded (audit, delivery) before any clean-up: a failing clean-up must not let
  // an edit that is already stored escape the audit trail.
  const shown = await finishChange(instance, actor, updated, 'alert.update', {
    fields,
    ...(droppedPhotoIds.length ? { droppedPhotoIds } : {}),
  });
  if (droppedPhotoIds.length) await deleteDroppedPhotoFiles(instance, id, droppedPhotoIds);
  return shown;
}

/** Removes the files of photos no alert refers to any more; a failure is reported, not thrown (the
 * edit stands, and the files are reachable by no one). */
async function deleteDroppedPhotoFiles(instance: Instance, alertId: string, photoIds: string[]): Promise<void> {
  try {
    await deletePhotoFiles(instance, photoIds);
  } catch (err) {
    instance.events.emit('maintenance.failed', { task: 'photos.delete_dropped', err, details: { alertId, photoIds } });
  }
}

const TRANSITIONS: Record<string, string[]> = {
  active: ['resolved', 'cancelled'],
  resolved: ['active'],
  cancelled: ['active'],
  expired: ['active'],
};

/** Status changes with a reason, kept in the history. Reactivating sets a fresh review date. */
export async function changeAlertStatus(
  instance: Instance,
  actor: Actor,
  id: string,
  status: 'active' | 'resolved' | 'cancelled',
  reason: string,
  settings: AlertSettings,
): Promise<AlertDto> {
  const alert = await loadAlertFor(instance, actor, id, 'changeStatus');
  if (!TRANSITIONS[alert.status]?.includes(status)) {
    throw new DomainError('validation_failed', 'transition', [{ path: 'status', message: `cannot go from ${alert.status} to ${status}` }]);
  }
  const $set: Record<string, unknown> = { status };
  if (status === 'active')
    Object.assign($set, { reviewAt: new Date(Date.now() + settings.reviewDays * DAY_MS), reviewReminderSentAt: null });
  const entry = history(actor, { action: 'status_changed', fromStatus: alert.status, toStatus: status, reason });
  assertRoomForHistory(alert, entry);
  const updated = await commitVersioned(instance, id, alert.version, (current) => {
    assertRoomForHistory(current, entry); // authoritative: under the lock
    return { $set, $push: { history: entry } };
  });
  // The reason is free text that may name a person: the event's personal part (format 2).
  return finishChange(instance, actor, updated, 'alert.status_change', { from: alert.status, to: status }, { reason });
}

/** Audit and live event after a successful write (mutateAlert has logged it and stored its cursor). */
export async function finishChange(
  instance: Instance,
  actor: Actor | null,
  alert: AlertDoc,
  action: string,
  details: Record<string, unknown>,
  personal?: Record<string, unknown>,
): Promise<AlertDto> {
  const id = String(alert._id);
  await recordAudit(instance, {
    actor,
    actorIdOverride: actor ? undefined : 'system',
    action,
    targetType: 'alert',
    targetId: id,
    details: { reference: alert.reference, ...details },
    ...(personal ? { personal } : {}),
  });
  instance.events.emit('alert.changed', { alert });
  return presentAlert(instance, alert, actor ?? { agencyId: '', country: 'AR', roles: [], agencyKind: null });
}

/** Whether a proposed value equals the stored one as the store keeps it (dates, absent keys). */
function sameStoredValue(proposed: unknown, stored: unknown): boolean {
  const plain = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)));
  return isDeepStrictEqual(plain(proposed), plain(stored));
}

/** The stored alert back in input shape, so a partial edit re-normalises consistently. */
function alertAsInput(a: AlertDoc): CreateAlertInput {
  return {
    kind: a.kind as CreateAlertInput['kind'],
    priority: a.priority as CreateAlertInput['priority'],
    title: a.title,
    distribution: a.distribution,
    subjects: a.subjects as CreateAlertInput['subjects'],
    vehicles: a.vehicles as CreateAlertInput['vehicles'],
    phones: a.phones,
  } as CreateAlertInput;
}
