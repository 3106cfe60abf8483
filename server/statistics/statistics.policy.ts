/**
 * Who reads the commission's statistics (issue 29, docs/statistics.md "Who sees them"): the
 * statistics role, and system administrators, who run the installation and answer for what it
 * publishes. Officers, prosecutors and agency administrators work cases and do not need the
 * binational totals; the tables are safe to publish, but need-to-know still applies.
 */
import { hasRole, type Actor } from '../platform/actor.js';
import { STATISTICS_ROLE } from '../identity/index.js';

export type StatisticsAction = 'view' | 'export';

export const STATISTICS_READERS = [STATISTICS_ROLE, 'system_admin'] as const;

/** can(actor, action): the same readers view and export. */
export function can(actor: Pick<Actor, 'roles'>, _action: StatisticsAction): boolean {
  return STATISTICS_READERS.some((r) => hasRole(actor, r));
}
