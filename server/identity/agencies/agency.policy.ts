/** Agencies: every signed-in user reads them; only system admins create or change them. */
import { hasRole, type Actor } from '../../platform/actor.js';

export type AgencyAction = 'list' | 'read' | 'create' | 'update';

export function can(actor: Actor, action: AgencyAction): boolean {
  if (action === 'list' || action === 'read') return true;
  return hasRole(actor, 'system_admin');
}
