/** Audit trail: system admins read everything; agency admins read their agency's users' events. */
import { hasRole, type Actor } from '../platform/actor.js';

export type AuditAction = 'list' | 'verify';

export function can(actor: Actor, action: AuditAction): boolean {
  if (action === 'verify') return hasRole(actor, 'system_admin');
  return hasRole(actor, 'system_admin') || hasRole(actor, 'agency_admin');
}

/** The agency whose events the actor may list (null: all). */
export function auditScope(actor: Actor): string | null {
  return hasRole(actor, 'system_admin') ? null : actor.agencyId;
}

/** Whether the actor may read events of actors of this agency (null: system events). */
export function canReadAgencyEvents(actor: Actor, agencyId: string | null): boolean {
  const scope = auditScope(actor);
  return scope === null || (agencyId !== null && scope === agencyId);
}
