/** Who may list, invite, edit, reset and unlock users (SECURITY.md "Access control"). */
import type { Role } from '../../../shared/schemas/common.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import { SYSTEM_GRANTED_ROLES } from '../roles.policy.js';

export type UserAction = 'list' | 'read' | 'invite' | 'update' | 'reset' | 'unlock';

export interface UserTarget {
  id?: string;
  agencyId: string;
  roles: readonly Role[];
}

const isAdminOf = (actor: Actor, agencyId: string) =>
  hasRole(actor, 'system_admin') || (hasRole(actor, 'agency_admin') && actor.agencyId === agencyId);

/** Whether the target is visible at all (else 404): admins see users of the agencies they administer. */
export function canSeeUser(actor: Actor, target: Pick<UserTarget, 'agencyId'>): boolean {
  return isAdminOf(actor, target.agencyId);
}

/** What an invite or update would change. */
export interface UserChange {
  roles?: readonly Role[] | undefined;
  status?: string | undefined;
}

/** can(actor, action, user, change). */
export function can(actor: Actor, action: UserAction, target: UserTarget, change: UserChange = {}): boolean {
  if (!isAdminOf(actor, target.agencyId)) return false;
  // Nobody changes their own roles or status: no self-escalation, no locking oneself out.
  if (target.id === actor.id && (change.roles !== undefined || change.status !== undefined)) return false;
  if (hasRole(actor, 'system_admin')) return true;
  // Agency admins never grant system_admin or the commission's statistics role, and never act on
  // the accounts that hold them (SYSTEM_GRANTED_ROLES).
  if (change.roles?.some((r) => SYSTEM_GRANTED_ROLES.includes(r))) return false;
  if (target.roles.some((r) => SYSTEM_GRANTED_ROLES.includes(r))) return action === 'read' || action === 'list';
  return true;
}

/** Which agency an actor may list users of (null: any). */
export function listableAgency(actor: Actor, requested: string | undefined): { allowed: boolean; agencyId: string | null } {
  if (hasRole(actor, 'system_admin')) return { allowed: true, agencyId: requested ?? null };
  if (!hasRole(actor, 'agency_admin')) return { allowed: false, agencyId: null };
  if (requested && requested !== actor.agencyId) return { allowed: false, agencyId: null };
  return { allowed: true, agencyId: actor.agencyId };
}
