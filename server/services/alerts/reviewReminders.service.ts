/**
 * The agency's review list and one-click review (docs/api-extensions.md "Alerts"): alerts whose
 * review date is within REMINDER_DAYS_BEFORE days (or past), and confirming one is still needed.
 */
import { DAY_MS } from '../../../shared/time.js';
import { Alert, type AlertDoc } from '../../models/Alert.js';
import type { Actor } from '../../policies/actor.js';
import { presentAlertSummary, type AlertDto } from '../../presenters/alert.presenter.js';
import { ApiError } from '../../http/apiError.js';
import { op } from '../../store/mongoose.js';
import { mutateAlert } from './alertMutation.js';
import { REMINDER_DAYS_BEFORE } from './alertReview.service.js';
import { finishChange, loadAlertFor, type AlertSettings } from './alerts.service.js';

/** Active alerts of the caller's agency due for review within the reminder window, soonest first. */
export async function reviewDueAlerts(actor: Actor, now = new Date()) {
  const horizon = new Date(now.getTime() + REMINDER_DAYS_BEFORE * DAY_MS);
  const docs = await Alert.find({ originAgencyId: actor.agencyId, status: 'active', reviewAt: op({ $lte: horizon }) })
    .sort({ reviewAt: 1 })
    .limit(500)
    .lean<AlertDoc[]>();
  return { items: docs.map((a) => presentAlertSummary(a, actor)), nextCursor: null };
}

/** The alert is still needed: a fresh review date `reviewDays` from now, and a fresh reminder. */
export async function reviewAlert(actor: Actor, id: string, settings: AlertSettings): Promise<AlertDto> {
  const alert = await loadAlertFor(actor, id, 'changeStatus');
  const reviewAt = new Date(Date.now() + settings.reviewDays * DAY_MS);
  const updated = await mutateAlert(id, 'changed', (current) => {
    if (current.status !== 'active')
      throw new ApiError('validation_failed', 'status', [{ path: 'status', message: 'only an active alert is reviewed' }]);
    return { $set: { reviewAt, reviewReminderSentAt: null }, $inc: { version: 1 } };
  });
  return finishChange(actor, updated, 'alert.review', { from: alert.reviewAt.toISOString(), to: updated.reviewAt.toISOString() });
}
