/**
 * Review and expiry (PRODUCT.md, SECURITY.md "Review and retention"): an active alert past its
 * `reviewAt` expires; its agency is reminded beforehand. Run by lease-protected jobs.
 */
import { Alert, type AlertDoc } from '../../models/Alert.js';
import { op } from '../../store/mongoose.js';
import { recordAudit } from '../audit/audit.service.js';
import { domainEvents } from '../domainEvents.js';
import { recordReviewDue } from '../inbox/inboxCauses.js';
import { mutateAlert } from './alertMutation.js';
import { finishChange } from './alerts.service.js';
import { DAY_MS } from '../../../shared/time.js';

export const REMINDER_DAYS_BEFORE = 7;
const SYSTEM = 'system';

/** Expires active alerts whose review date has passed; returns how many. */
export async function expireOverdueAlerts(now = new Date()): Promise<number> {
  const due = await Alert.find({ status: 'active', reviewAt: op({ $lte: now }) }, { _id: 1 }).lean<Array<Pick<AlertDoc, '_id'>>>();
  let expired = 0;
  for (const { _id } of due) {
    let changed = false;
    const alert = await mutateAlert(String(_id), 'changed', (current) => {
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
    await finishChange(null, alert, 'alert.expired', { reviewAt: alert.reviewAt.toISOString() });
  }
  return expired;
}

/** Reminds the originating agency once, REMINDER_DAYS_BEFORE days before an alert's review date. */
export async function remindUpcomingReviews(now = new Date()): Promise<number> {
  const horizon = new Date(now.getTime() + REMINDER_DAYS_BEFORE * DAY_MS);
  const due = await Alert.find({ status: 'active', reviewReminderSentAt: null, reviewAt: op({ $lte: horizon }) }, { _id: 1 }).lean<
    Array<Pick<AlertDoc, '_id'>>
  >();
  let reminded = 0;
  for (const { _id } of due) {
    let send = false;
    const alert = await mutateAlert(String(_id), 'changed', (current) => {
      if (current.status !== 'active' || current.reviewReminderSentAt) return null;
      send = true;
      return { $set: { reviewReminderSentAt: now } };
    });
    if (!send) continue;
    reminded++;
    await recordAudit({
      actor: null,
      actorIdOverride: SYSTEM,
      action: 'alert.review_reminder',
      targetType: 'alert',
      targetId: String(_id),
      details: { reference: alert.reference, reviewAt: alert.reviewAt.toISOString() },
    });
    await recordReviewDue(alert, now.toISOString().slice(0, 10));
    domainEvents.emit('alert.review_due', { alert });
  }
  return reminded;
}
