/**
 * Periodic jobs. Each run takes a lease in the store first (see lease.ts), so with several
 * processes only one does the work.
 */
import type { Logger } from '../config/logger.js';
import { withLease } from './lease.js';
import type { Instance } from '../instance.js';

export interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  /** Log what each run reports at `info` (the sweeps' counts, the retention run's), not only at `debug`. */
  reports?: boolean;
}

export interface RunningJobs {
  stop(): void;
}

/** One scheduled run of `job`: only the process that wins this period's lease does the work. */
export function runScheduledJob(instance: Instance, job: Job): Promise<{ ran: boolean; value?: unknown }> {
  return withLease(instance, job.name, job.everyMs, job.run);
}

/** One scheduled run with its log line: what it reports (at `info` for a reporting job), or its failure. */
export function runAndLog(instance: Instance, logger: Pick<Logger, 'debug' | 'info' | 'error'>, job: Job): Promise<void> {
  return runScheduledJob(instance, job).then(
    (result) => {
      if (!result.ran) return;
      if (job.reports) logger.info({ job: job.name, result: result.value }, 'job ran');
      else logger.debug({ job: job.name, result: result.value }, 'job ran');
    },
    (err: unknown) => logger.error({ err, job: job.name }, 'job failed'),
  );
}

export function startJobs(instance: Instance, logger: Logger, jobs: Job[]): RunningJobs {
  const timers = jobs.map((job) => setInterval(() => void runAndLog(instance, logger, job), job.everyMs).unref());
  return { stop: () => timers.forEach(clearInterval) };
}
