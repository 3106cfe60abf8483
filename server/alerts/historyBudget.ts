/**
 * An alert's history is bounded (issue #23 F6): edits and status changes add entries only while
 * the alert holds fewer than ALERT_LIMITS.historyPerAlert entries and historyBytesPerAlert bytes.
 * Closing an active alert is always allowed, so a full alert can still be resolved or cancelled;
 * once closed it cannot be reopened, so that exception adds at most one entry.
 */
import { ALERT_LIMITS } from '../../shared/schemas/alerts.js';
import { DomainError } from '../platform/errors.js';
import type { AlertDoc, AlertHistoryEntry } from './Alert.js';

const entryBytes = (h: AlertHistoryEntry): number => Buffer.byteLength(JSON.stringify(h));

/** Whether the entry closes an active alert (resolved or cancelled). */
const closes = (h: AlertHistoryEntry): boolean =>
  h.action === 'status_changed' && h.fromStatus === 'active' && (h.toStatus === 'resolved' || h.toStatus === 'cancelled');

/** 409 alert_history_full unless the alert's history has room for `next`. */
export function assertRoomForHistory(alert: Pick<AlertDoc, 'history'>, next: AlertHistoryEntry): void {
  if (closes(next)) return;
  const bytes = alert.history.reduce((sum, h) => sum + entryBytes(h), entryBytes(next));
  if (alert.history.length >= ALERT_LIMITS.historyPerAlert || bytes > ALERT_LIMITS.historyBytesPerAlert)
    throw new DomainError('alert_history_full', 'the alert history holds as much as it may', [
      { path: '(body)', message: 'this alert takes no more edits or reactivations; it can still be closed' },
    ]);
}
