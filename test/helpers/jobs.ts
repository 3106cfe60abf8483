/** The periodic jobs as the scheduler runs them (server/jobs/scheduler.ts `coreJobs`). */
import { expect } from 'chai';
import { coreJobs, type Job } from '../../server/jobs/scheduler.js';

/** The core job named `name`; the test fails, saying so, when the scheduler does not run it. */
export function coreJob(name: string): Job {
  const job = coreJobs({ inactiveAccountDays: 90 }).find((j) => j.name === name);
  expect(job, `the scheduler runs ${name}`).to.not.equal(undefined);
  return job!;
}
