/** Who may list, invite, edit, reset and unlock users (SECURITY.md "Access control"). */
import type { Role } from '../../shared/schemas/common.js';
import { hasRole, type Actor } from './actor.js';

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
  // Agency admins never grant system_admin and never act on a system admin's account.
  if (change.roles?.includes('system_admin')) return false;
  if (target.roles.includes('system_admin')) return action === 'read' || action === 'list';
  return true;
}

/** Which agency an actor may list users of (null: any). */
export function listableAgency(actor: Actor, requested: string | undefined): { allowed: boolean; agencyId: string | null } {
  if (hasRole(actor, 'system_admin')) return { allowed: true, agencyId: requested ?? null };
  if (!hasRole(actor, 'agency_admin')) return { allowed: false, agencyId: null };
  if (requested && requested !== actor.agencyId) return { allowed: false, agencyId: null };
  return { allowed: true, agencyId: actor.agencyId };
}
