/**
 * Review and expiry (PRODUCT.md, SECURITY.md "Review and retention"): an active alert past its
 * `reviewAt` expires; its agency is reminded beforehand. Run by lease-protected jobs.
 */
import { type AlertDoc } from './Alert.js';
import { op, withDocLock } from '../platform/store/index.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';

import { mutateAlert } from './alertMutation.js';
import { syncCopyOrRefuse } from './copy/copyReady.js';
import { finishChange } from './alerts.service.js';
import { DAY_MS } from '../../shared/time.js';
import type { Instance } from '../platform/instance.js';

export const REMINDER_DAYS_BEFORE = 7;
const SYSTEM = 'system';

/** Alerts one expiry run changes at most; the rest are left to the next run (a minute later). */
export const EXPIRE_BATCH = 100;
/** Held by the expiry run across processes: renewed while the run lasts, so a slow run is never
 * joined by the next period's run of another process (that one waits for it instead). */
const EXPIRY_LOCK = 'job:alerts.expire_overdue';
/** Each Puente's run going on in this process, if any: a run it starts meanwhile is skipped. */
const expiring = new WeakMap<Instance, Promise<number>>();

/**
 * Expires active alerts whose review date has passed, at most `batch` per run; returns how many.
 * Candidates come from the in-process alert copy's heads (status and reviewAt), not a store scan;
 * each is re-checked under its alert's lock. Runs never overlap: in this process a run started
 * while one goes on answers 0 at once, across processes they take turns.
 */
export function expireOverdueAlerts(instance: Instance, now = new Date(), batch = EXPIRE_BATCH): Promise<number> {
  if (expiring.has(instance)) return Promise.resolve(0);
  const run = withDocLock(instance.store, EXPIRY_LOCK, () => expireDue(instance, now, batch)).finally(() => expiring.delete(instance));
  expiring.set(instance, run);
  return run;
}

async function expireDue(instance: Instance, now: Date, batch: number): Promise<number> {
  await syncCopyOrRefuse(instance);
  const due: string[] = [];
  for (const head of instance.alertCopy.newestFirst()) {
    if (head.status !== 'active' || head.reviewAt > now.getTime()) continue;
    due.push(head.id);
    if (due.length >= batch) break;
  }
  let expired = 0;
  for (const id of due) {
    let changed = false;
    const alert = await mutateAlert(instance, id, 'changed', (current) => {
      // Re-checked under the lock: someone may have reviewed or closed it meanwhile.
      if (current.status !== 'active' || current.reviewAt > now) return null;
      changed = true;
      return {
        $set: { status: 'expired', version: current.version + 1 },
        $push: {
          history: {
            at: now,
            by: SYSTEM,
            agencyId: current.originAgencyId,
            action: 'expired',
            fromStatus: 'active',
            toStatus: 'expired',
            reason: 'review date passed',
          },
        },
      };
    });
    if (!changed) continue;
    expired++;
    await finishChange(instance, null, alert, 'alert.expired', { reviewAt: alert.reviewAt.toISOString() });
  }
  return expired;
}

/** Reminds the originating agency once, REMINDER_DAYS_BEFORE days before an alert's review date. */
export async function remindUpcomingReviews(instance: Instance, now = new Date()): Promise<number> {
  const { Alert } = instance.models.alerts;
  const horizon = new Date(now.getTime() + REMINDER_DAYS_BEFORE * DAY_MS);
  const due = await Alert.find({ status: 'active', reviewReminderSentAt: null, reviewAt: op({ $lte: horizon }) }, { _id: 1 }).lean<
    Array<Pick<AlertDoc, '_id'>>
  >();
  let reminded = 0;
  for (const { _id } of due) {
    let send = false;
    const alert = await mutateAlert(instance, String(_id), 'changed', (current) => {
      if (current.status !== 'active' || current.reviewReminderSentAt) return null;
      send = true;
      return { $set: { reviewReminderSentAt: now } };
    });
    if (!send) continue;
    reminded++;
    await recordAudit(instance, {
      actor: null,
      actorIdOverride: SYSTEM,
      action: 'alert.review_reminder',
      targetType: 'alert',
      targetId: String(_id),
      details: { reference: alert.reference, reviewAt: alert.reviewAt.toISOString() },
    });
    await instance.events.noteInboxCause({ kind: 'review_due', alert, day: now.toISOString().slice(0, 10) });
    instance.events.emit('alert.review_due', { alert });
  }
  return reminded;
}
