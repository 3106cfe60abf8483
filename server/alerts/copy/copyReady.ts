/** Reads served from the in-process alert copy wait briefly for it, then refuse rather than
 * run the store query it replaces (a scan of every alert on FerretDB: 27 s at 100,000). */
import { DomainError } from '../../platform/errors.js';
import type { Instance } from '../../platform/instance.js';

/** How long a request waits for the copy's first load before refusing with alerts_preparing. */
const COPY_WAIT_MS = 1000;
const PREPARING_RETRY_AFTER_S = 5;

/** Syncs the copy with the change log (another process's write just made included), or refuses. */
export async function syncCopyOrRefuse(instance: Instance): Promise<void> {
  if (!(await instance.alertCopy.syncWithin(COPY_WAIT_MS, 0)))
    throw new DomainError('alerts_preparing', 'alert copy still loading', undefined, PREPARING_RETRY_AFTER_S);
}
