/**
 * Every periodic job of Puente, from the components that own them: the scheduler (platform) runs
 * what it is given and knows no component.
 */
import type { Job } from './platform/jobs/scheduler.js';
import { ensurePostgresqlIdIndexes, type PostgresqlTarget } from './platform/store/index.js';
import { disableInactiveAccounts, purgeExpiredSessions, purgeStaleLoginThrottles, purgeUsedTotpCodes } from './identity/index.js';
import { accessGrantLapseJob, noticeGrantsLapsingSoon, purgeExpiredStubReceipts } from './search/index.js';
import { expireOverdueAlerts, purgeIdempotencyRecords, remindUpcomingReviews, runRetention, sweepOrphanedPhotos } from './alerts/index.js';
import { remindStaleContacts } from './directory/index.js';
import { takeAuditAnchor } from './platform/auditTrail/auditTrail.js';
import { appendAnchor } from './platform/auditTrail/anchors.js';
import type { Instance } from './platform/instance.js';

export interface JobSettings {
  inactiveAccountDays: number;
  /** LOCKOUT_MINUTES: a login throttle with no failure within it and no lock in force is swept. */
  lockoutMinutes: number;
  /** The scheduled audit anchor (AUDIT_ANCHOR_FILE, AUDIT_ANCHOR_MINUTES); null: none. */
  auditAnchor: { file: string; everyMs: number } | null;
  /** FerretDB on PostgreSQL (STORE_POSTGRESQL_URL): where to add the `_id` indexes of collections made since. */
  postgresql?: PostgresqlTarget | null;
}

/** Appends the audit trail's head to the anchor file (docs/operations.md "Audit trail: key and anchors"). */
function auditAnchorJob(instance: Instance, { file, everyMs }: { file: string; everyMs: number }): Job {
  return {
    name: 'audit.anchor',
    everyMs,
    run: async () => {
      const anchor = await takeAuditAnchor(instance);
      await appendAnchor(file, anchor);
      return anchor;
    },
  };
}

/**
 * Collections made after the start by their first write (the change log's ring segments, say) get
 * their `_id` index within the hour; a run that finds nothing missing is one catalogue query.
 */
function postgresqlIdIndexJob(target: PostgresqlTarget): Job {
  return {
    name: 'store.postgresql_id_indexes',
    everyMs: 60 * 60_000,
    run: async () => {
      const report = await ensurePostgresqlIdIndexes(target);
      const failed = report.rows.filter((r) => r.outcome === 'failed');
      if (failed.length) throw new Error(`_id index not built: ${failed.map((r) => `${r.collection} (${r.error})`).join('; ')}`);
      return { tables: report.rows.length, created: report.created };
    },
  };
}

/** A sweep's result as logged: how many records it removed. */
const swept = (count: Promise<number>) => count.then((removed) => ({ removed }));

export function coreJobs(instance: Instance, settings: JobSettings): Job[] {
  return [
    // The sweeps: each run's count is logged (`reports`), so an operator sees what each removed.
    { name: 'sessions.purge_expired', everyMs: 10 * 60_000, run: () => swept(purgeExpiredSessions(instance)), reports: true },
    { name: 'totp.purge_used', everyMs: 10 * 60_000, run: () => swept(purgeUsedTotpCodes(instance)), reports: true },
    { name: 'access.purge_stub_receipts', everyMs: 60 * 60_000, run: () => swept(purgeExpiredStubReceipts(instance)), reports: true },
    { name: 'idempotency.purge_old', everyMs: 60 * 60_000, run: () => swept(purgeIdempotencyRecords(instance)), reports: true },
    {
      name: 'login_throttles.purge_stale',
      everyMs: 60 * 60_000,
      run: () => swept(purgeStaleLoginThrottles(instance, settings.lockoutMinutes)),
      reports: true,
    },
    { name: 'photos.sweep_orphans', everyMs: 10 * 60_000, run: () => sweepOrphanedPhotos(instance) },
    // Retention of closed alerts' personal data (docs/operations.md "Retention and sweeps"): notices, then the purge.
    { name: 'alerts.retention', everyMs: 60 * 60_000, run: () => runRetention(instance), reports: true },
    accessGrantLapseJob(instance),
    { name: 'access.notice_lapsing', everyMs: 10 * 60_000, run: () => noticeGrantsLapsingSoon(instance) },
    { name: 'alerts.expire_overdue', everyMs: 60_000, run: () => expireOverdueAlerts(instance) },
    { name: 'alerts.remind_reviews', everyMs: 60 * 60_000, run: () => remindUpcomingReviews(instance) },
    { name: 'users.disable_inactive', everyMs: 60 * 60_000, run: () => disableInactiveAccounts(instance, settings.inactiveAccountDays) },
    { name: 'contacts.remind_stale', everyMs: 60 * 60_000, run: () => remindStaleContacts(instance) },
    ...(settings.auditAnchor ? [auditAnchorJob(instance, settings.auditAnchor)] : []),
    ...(settings.postgresql ? [postgresqlIdIndexJob(settings.postgresql)] : []),
  ];
}
