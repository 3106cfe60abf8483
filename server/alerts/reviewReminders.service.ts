/**
 * The agency's review list and one-click review (docs/api-extensions.md "Alerts"): alerts whose
 * review date is within REMINDER_DAYS_BEFORE days (or past), and confirming one is still needed.
 */
import { DAY_MS } from '../../shared/time.js';
import type { AlertDoc } from './Alert.js';
import type { Actor } from '../platform/actor.js';
import { presentAlertSummary, type AlertDto } from './alert.presenter.js';
import { DomainError } from '../platform/errors.js';
import { mutateAlert } from './alertMutation.js';
import { syncCopyOrRefuse } from './copy/copyReady.js';
import { REMINDER_DAYS_BEFORE } from './alertReview.service.js';
import { finishChange, type AlertSettings } from './alerts.service.js';
import { loadAlertFor } from './alertReads.js';
import type { Instance } from '../platform/instance.js';

/** Alerts listed at most. */
const MAX_LISTED = 500;

/** Active alerts of the caller's agency due for review within the reminder window, soonest first. */
export async function reviewDueAlerts(instance: Instance, actor: Actor, now = new Date()) {
  const horizon = now.getTime() + REMINDER_DAYS_BEFORE * DAY_MS;
  // From the copy's heads: the store query scans every alert on FerretDB.
  await syncCopyOrRefuse(instance);
  const due = [...instance.alertCopy.newestFirst()]
    .filter((h) => h.originAgencyId === actor.agencyId && h.status === 'active' && h.reviewAt <= horizon)
    .sort((x, y) => x.reviewAt - y.reviewAt)
    .slice(0, MAX_LISTED);
  const docs = due.map((h) => instance.alertCopy.get(h.id)).filter((a): a is AlertDoc => !!a);
  return { items: docs.map((a) => presentAlertSummary(instance, a, actor)), nextCursor: null };
}

/** The alert is still needed: a fresh review date `reviewDays` from now, and a fresh reminder. */
export async function reviewAlert(instance: Instance, actor: Actor, id: string, settings: AlertSettings): Promise<AlertDto> {
  const alert = await loadAlertFor(instance, actor, id, 'changeStatus');
  const reviewAt = new Date(Date.now() + settings.reviewDays * DAY_MS);
  const updated = await mutateAlert(instance, id, 'changed', (current) => {
    if (current.status !== 'active')
      throw new DomainError('validation_failed', 'status', [{ path: 'status', message: 'only an active alert is reviewed' }]);
    return { $set: { reviewAt, reviewReminderSentAt: null }, $inc: { version: 1 } };
  });
  return finishChange(instance, actor, updated, 'alert.review', { from: alert.reviewAt.toISOString(), to: updated.reviewAt.toISOString() });
}
