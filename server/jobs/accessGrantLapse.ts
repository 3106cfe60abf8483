/** Lapses access grants past their expiry (issue #14); each lapse is audited as the system. */
import { lapseExpiredGrants } from '../services/access/grantLifecycle.js';
import type { Job } from './scheduler.js';

export const accessGrantLapseJob: Job = { name: 'access.lapse_grants', everyMs: 60_000, run: () => lapseExpiredGrants() };
