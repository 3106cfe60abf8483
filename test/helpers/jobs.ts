/** The periodic jobs as the scheduler runs them (server/jobs.ts `coreJobs`). */
import { expect } from 'chai';
import type { Job } from '../../server/platform/jobs/scheduler.js';
import { coreJobs, type JobSettings } from '../../server/jobs.js';
import type { Instance } from '../../server/platform/instance.js';

/** The core job named `name` of `instance` under `settings`; the test fails, saying so, when the scheduler does not run it. */
export function coreJob(instance: Instance, name: string, settings: Partial<JobSettings> = {}): Job {
  const job = coreJobs(instance, { inactiveAccountDays: 90, lockoutMinutes: 15, auditAnchor: null, ...settings }).find(
    (j) => j.name === name,
  );
  expect(job, `the scheduler runs ${name}`).to.not.equal(undefined);
  return job!;
}
