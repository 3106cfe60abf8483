/** Lapses access grants past their expiry (issue #14); each lapse is audited as the system. */
import { lapseExpiredGrants } from './grantLifecycle.js';
import type { Job } from '../../platform/jobs/scheduler.js';
import type { Instance } from '../../platform/instance.js';

export const accessGrantLapseJob = (instance: Instance): Job => ({
  name: 'access.lapse_grants',
  everyMs: 60_000,
  run: () => lapseExpiredGrants(instance),
});
