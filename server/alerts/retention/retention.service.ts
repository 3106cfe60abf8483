/**
 * Retention of closed alerts' personal data (SECURITY.md "Review and retention", docs/security.md
 * "Retention"): the job that tells the issuing agency 120, 30 and 7 days before and then purges,
 * the agency's extension, and its list of alerts nearing their purge.
 *
 * The purge goes through mutateAlert like any change: logged, so every process's alert copy takes
 * the skeleton (and drops the alert's search keys, so search, matches and watches no longer find
 * it), written again to the copy's snapshot (../copy/alertCopy.ts), announced to the agencies that see the
 * alert, and audited once, naming the rule and not the data.
 */
import { DAY_MS } from '../../../shared/time.js';
import type { AlertRetentionDueDto } from '../../../shared/dto/alert.js';
import type { ExtendRetentionInput } from '../../../shared/schemas/alerts.js';
import type { Actor } from '../../platform/actor.js';
import { DomainError } from '../../platform/errors.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';

import { withDocLock } from '../../platform/store/index.js';
import type { AlertDoc, AlertHistoryEntry } from '../Alert.js';
import { presentAlertSummary, type AlertDto } from '../alert.presenter.js';
import { mutateAlert } from '../alertMutation.js';
import { loadAlertFor } from '../alertReads.js';
import { finishChange } from '../alerts.service.js';
import { alertClocks } from '../changeLog/alertClocks.js';
import { syncCopyOrRefuse } from '../copy/copyReady.js';
import { assertRoomForHistory } from '../historyBudget.js';
import { deletePhotoFiles } from '../photos/photoFiles.js';
import { addYears, NOTICE_DAYS, noticeDue, purgeDateOf, purgeDue, retentionFactsOf, retentionRule, ruleDateOf } from './retentionRule.js';
import { purgeUpdate } from './skeleton.js';
import type { Instance } from '../../platform/instance.js';

/** Alerts one run notices, and alerts it purges, at most; the rest are left to the next run. */
export const RETENTION_BATCH = 50;
/** Held by the run across processes, renewed while it lasts: a slow run is never joined by another. */
const RETENTION_LOCK = 'job:alerts.retention';
/** Each Puente's run going on in this process, if any: a run it starts meanwhile is skipped. */
const running = new WeakMap<Instance, Promise<RetentionRun>>();

export interface RetentionRun {
  /** Notices sent (inbox item, audit event). */
  noticed: number;
  /** Alerts whose personal data was purged. */
  purged: number;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** The rule as the audit trail names it. */
const ruleName = (years: number) => `RETENTION_YEARS=${years}`;

/**
 * One run of the retention job at `now` (the alert path's wall clock by default: a test moves it):
 * sends the notices due and purges the alerts due, at most `batch` of each. Candidates come from
 * the alert copy's heads, which carry each closed alert's retention facts — no store scan, no alert
 * decoded — and each is checked again under its alert's lock, so a rerun, or a run of another
 * process, does nothing twice. Runs never overlap: in this process a run started meanwhile answers
 * at once with nothing done, across processes they take turns.
 */
export function runRetention(instance: Instance, now = new Date(alertClocks.wall()), batch = RETENTION_BATCH): Promise<RetentionRun> {
  if (running.has(instance)) return Promise.resolve({ noticed: 0, purged: 0 });
  const run = withDocLock(instance.store, RETENTION_LOCK, () => retentionRun(instance, now, batch)).finally(() => running.delete(instance));
  running.set(instance, run);
  return run;
}

async function retentionRun(instance: Instance, now: Date, batch: number): Promise<RetentionRun> {
  await syncCopyOrRefuse(instance);
  const t = now.getTime();
  const years = retentionRule.years;
  const toNotice: string[] = [];
  const toPurge: string[] = [];
  for (const head of instance.alertCopy.newestFirst()) {
    const f = head.retention;
    if (!f || f.purgedAt !== null) continue;
    if (purgeDue(f, t, years)) {
      if (toPurge.length < batch) toPurge.push(head.id);
    } else if (toNotice.length < batch && noticeDue(f, t, years)) toNotice.push(head.id);
    if (toPurge.length >= batch && toNotice.length >= batch) break;
  }
  let noticed = 0;
  for (const id of toNotice) if (await sendNotice(instance, id, now, years)) noticed++;
  let purged = 0;
  for (const id of toPurge) if (await purgeAlert(instance, id, now, years)) purged++;
  return { noticed, purged };
}

/** Tells the issuing agency of the coming purge, once per threshold and rule date; false if not due (any more). */
async function sendNotice(instance: Instance, id: string, now: Date, years: number): Promise<boolean> {
  let due: ReturnType<typeof noticeDue> = null;
  const alert = await mutateAlert(
    instance,
    id,
    'changed',
    (current) => {
      const f = retentionFactsOf(current);
      due = f && noticeDue(f, now.getTime(), years);
      if (!due) return null;
      return { $set: { retention: { ...(current.retention ?? {}), notice: { for: new Date(due.ruleDate), days: due.days, at: now } } } };
    },
    { onPurged: 'apply' }, // nothing is due on a purged alert: nothing is written
  );
  const sent = due as ReturnType<typeof noticeDue>;
  if (!sent) return false;
  await recordAudit(instance, {
    actor: null,
    actorIdOverride: 'system',
    action: 'alert.retention_notice',
    targetType: 'alert',
    targetId: id,
    details: { reference: alert.reference, rule: ruleName(years), daysBefore: sent.days, purgeAt: iso(sent.purgeAt) },
  });
  await instance.events.noteInboxCause({ kind: 'retention_due', alert, daysBefore: sent.days, purgeAt: new Date(sent.purgeAt) });
  return true;
}

/** Purges the alert's personal data if it is due; false if it is not (or was purged meanwhile). */
async function purgeAlert(instance: Instance, id: string, now: Date, years: number): Promise<boolean> {
  let purged: { photoIds: string[]; ruleDate: number; closedAt: number } | null = null;
  const alert = await mutateAlert(
    instance,
    id,
    'changed',
    (current) => {
      const f = retentionFactsOf(current);
      if (!f || !purgeDue(f, now.getTime(), years)) return null;
      purged = { photoIds: current.photos.map((p) => p.id), ruleDate: ruleDateOf(f, years), closedAt: f.closedAt };
      return purgeUpdate(current, now);
    },
    { onPurged: 'apply' }, // purged already: not due, nothing is written
  );
  const done = purged as { photoIds: string[]; ruleDate: number; closedAt: number } | null;
  if (!done) return false;
  // One audit event per purged alert: the rule and its dates, never the data.
  await finishChange(instance, null, alert, 'alert.personal_data_purge', {
    rule: ruleName(years),
    closedAt: iso(done.closedAt),
    retainedUntil: iso(done.ruleDate),
    photos: done.photoIds.length,
  });
  if (done.photoIds.length) {
    // The image bytes go too; should this fail, the orphan sweep removes them (no alert links them).
    await deletePhotoFiles(instance, done.photoIds).catch((err: unknown) =>
      instance.events.emit('maintenance.failed', { task: 'retention.delete_photos', err, details: { alertId: id } }),
    );
  }
  return true;
}

/**
 * The issuing agency keeps a closed alert's personal data longer, giving a reason: the purge date
 * moves `years` past the later of the current purge date and today, and the notices start again
 * for the new date. Audited with the reason; noted in the alert's history while it has room.
 */
export async function extendRetention(
  instance: Instance,
  actor: Actor,
  id: string,
  input: ExtendRetentionInput,
  now = new Date(alertClocks.wall()),
): Promise<AlertDto> {
  await loadAlertFor(instance, actor, id, 'extendRetention');
  const t = now.getTime();
  let change: { from: number; until: number } | null = null;
  const entry: AlertHistoryEntry = { at: now, by: actor.id, agencyId: actor.agencyId, action: 'retention_extended', reason: input.reason };
  const updated = await mutateAlert(instance, id, 'changed', (current) => {
    const f = retentionFactsOf(current);
    if (!f)
      throw new DomainError('validation_failed', 'not closed', [{ path: 'status', message: 'only a closed alert has a retention period' }]);
    const from = purgeDateOf(f, t);
    const until = addYears(Math.max(from, t), input.years);
    change = { from, until };
    return {
      $set: { retention: { ...(current.retention ?? {}), extendedUntil: new Date(until) }, version: current.version + 1 },
      ...(hasRoomForHistory(current, entry) ? { $push: { history: entry } } : {}),
    };
  });
  const { from, until } = change as unknown as { from: number; until: number };
  return finishChange(instance, actor, updated, 'alert.retention_extend', {
    reason: input.reason,
    years: input.years,
    from: iso(from),
    until: iso(until),
  });
}

function hasRoomForHistory(alert: Pick<AlertDoc, 'history'>, entry: AlertHistoryEntry): boolean {
  try {
    assertRoomForHistory(alert, entry);
    return true;
  } catch {
    return false;
  }
}

/** Alerts listed at most. */
const MAX_LISTED = 500;

/** The caller's agency's closed alerts whose personal data is purged within the first notice's
 * reach (120 days), soonest first: its retention reminders. */
export async function retentionDueAlerts(
  instance: Instance,
  actor: Actor,
  now = alertClocks.wall(),
): Promise<{ items: AlertRetentionDueDto[]; nextCursor: null }> {
  await syncCopyOrRefuse(instance);
  const horizon = now + NOTICE_DAYS[0] * DAY_MS;
  const due: Array<{ id: string; purgeAt: number }> = [];
  for (const h of instance.alertCopy.newestFirst()) {
    if (h.originAgencyId !== actor.agencyId || !h.retention || h.retention.purgedAt !== null) continue;
    const purgeAt = purgeDateOf(h.retention, now);
    if (purgeAt <= horizon) due.push({ id: h.id, purgeAt });
  }
  due.sort((x, y) => x.purgeAt - y.purgeAt);
  const items: AlertRetentionDueDto[] = [];
  for (const d of due.slice(0, MAX_LISTED)) {
    const alert = instance.alertCopy.get(d.id);
    if (alert) items.push({ alert: presentAlertSummary(instance, alert, actor), purgeAt: iso(d.purgeAt) });
  }
  return { items, nextCursor: null };
}
