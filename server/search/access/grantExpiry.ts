/** When an access grant lapses (issue #14): the granter's choice of days, by default ACCESS_GRANT_DEFAULT_DAYS. */
import { ACCESS_GRANT_DEFAULT_DAYS } from '../../../shared/schemas/search.js';
import { DAY_MS } from '../../../shared/time.js';

export function grantExpiry(days: number | undefined, now = Date.now()): Date {
  return new Date(now + (days ?? ACCESS_GRANT_DEFAULT_DAYS) * DAY_MS);
}
