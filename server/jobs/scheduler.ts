/**
 * Periodic jobs. Each run takes a lease in the store first (see lease.ts), so with several
 * processes only one does the work.
 */
import type { Logger } from '../config/logger.js';
import { purgeExpiredSessions } from '../http/sessionStore.js';
import { purgeUsedTotpCodes } from '../services/auth/totp.service.js';
import { purgeExpiredStubReceipts } from '../services/access/stubReceipts.js';
import { purgeIdempotencyRecords } from '../services/alerts/idempotency.js';
import { sweepOrphanedPhotos } from '../services/alerts/photoSweep.js';
import { withLease } from './lease.js';
import { accessGrantLapseJob } from './accessGrantLapse.js';
import { noticeGrantsLapsingSoon } from '../services/access/grantsLapsingSoon.js';
import { expireOverdueAlerts, remindUpcomingReviews } from '../services/alerts/alertReview.service.js';
import { disableInactiveAccounts } from '../services/users/inactiveAccounts.js';
import { remindStaleContacts } from '../services/directory/staleReminders.js';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

export interface JobSettings {
  inactiveAccountDays: number;
}

export function coreJobs(settings: JobSettings): Job[] {
  return [
    { name: 'sessions.purge_expired', everyMs: 10 * 60_000, run: () => purgeExpiredSessions() },
    { name: 'totp.purge_used', everyMs: 10 * 60_000, run: () => purgeUsedTotpCodes() },
    { name: 'access.purge_stub_receipts', everyMs: 60 * 60_000, run: () => purgeExpiredStubReceipts() },
    { name: 'idempotency.purge_old', everyMs: 60 * 60_000, run: () => purgeIdempotencyRecords() },
    { name: 'photos.sweep_orphans', everyMs: 10 * 60_000, run: () => sweepOrphanedPhotos() },
    accessGrantLapseJob,
    { name: 'access.notice_lapsing', everyMs: 10 * 60_000, run: () => noticeGrantsLapsingSoon() },
    { name: 'alerts.expire_overdue', everyMs: 60_000, run: () => expireOverdueAlerts() },
    { name: 'alerts.remind_reviews', everyMs: 60 * 60_000, run: () => remindUpcomingReviews() },
    { name: 'users.disable_inactive', everyMs: 60 * 60_000, run: () => disableInactiveAccounts(settings.inactiveAccountDays) },
    { name: 'contacts.remind_stale', everyMs: 60 * 60_000, run: () => remindStaleContacts() },
  ];
}

export interface RunningJobs {
  stop(): void;
}

/** One scheduled run of `job`: only the process that wins this period's lease does the work. */
export function runScheduledJob(job: Job): Promise<{ ran: boolean; value?: unknown }> {
  return withLease(job.name, job.everyMs, job.run);
}

export function startJobs(logger: Logger, jobs: Job[]): RunningJobs {
  const timers = jobs.map((job) =>
    setInterval(() => {
      runScheduledJob(job).then(
        (result) => result.ran && logger.debug({ job: job.name, result: result.value }, 'job ran'),
        (err: unknown) => logger.error({ err, job: job.name }, 'job failed'),
      );
    }, job.everyMs).unref(),
  );
  return { stop: () => timers.forEach(clearInterval) };
}
