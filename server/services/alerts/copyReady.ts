/** Reads served from the in-process alert copy wait briefly for it, then answer 503 rather than
 * run the store query it replaces (a scan of every alert on FerretDB: 27 s at 100,000). */
import { ApiError } from '../../http/apiError.js';
import { alertCopy } from './alertCopy.js';

/** How long a request waits for the copy's first load before answering 503 alerts_preparing. */
const COPY_WAIT_MS = 1000;
const PREPARING_RETRY_AFTER_S = 5;

/** Syncs the copy with the change log (another process's write just made included), or 503. */
export async function syncCopyOrRefuse(): Promise<void> {
  if (!(await alertCopy.syncWithin(COPY_WAIT_MS, 0)))
    throw new ApiError('alerts_preparing', 'alert copy still loading', undefined, { 'Retry-After': String(PREPARING_RETRY_AFTER_S) });
}
