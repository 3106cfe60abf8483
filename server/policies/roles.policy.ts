/**
 * Which roles fit which agency, and which roles open restricted victim identity
 * (issue #10 item 1). One place for the rule, used by user administration (grants) and by
 * alert.policy (reads), so a role held in the wrong kind of agency opens nothing.
 */
import type { AgencyKind } from '../../shared/schemas/agencies.js';
import type { Role } from '../../shared/schemas/common.js';
import { hasRole, type Actor } from './actor.js';

/**
 * Roles limited to some agency kinds; the others fit any agency. `prosecutor` fits prosecution
 * services and the judiciary: investigating judges (still in charge of the inquiry in the
 * provinces on the old procedure) and guarantee judges decide on victims' data too.
 */
export const ROLE_AGENCY_KINDS: Partial<Record<Role, readonly AgencyKind[]>> = {
  prosecutor: ['prosecutor', 'judiciary'],
};

/** Roles that open restricted victim identity beyond the viewer's own agency's alerts. */
export const RESTRICTED_ROLES: readonly Role[] = ['prosecutor'];

/** Whether `role` may be held in an agency of `kind` (an unknown kind fits only unlimited roles). */
export function roleFitsAgency(role: Role, kind: AgencyKind | null): boolean {
  const kinds = ROLE_AGENCY_KINDS[role];
  return !kinds || (kind !== null && kinds.includes(kind));
}

/** The roles of `roles` that do not fit an agency of `kind`. */
export const misfitRoles = (roles: readonly Role[], kind: AgencyKind | null): Role[] => roles.filter((r) => !roleFitsAgency(r, kind));

/** Whether the holder reads restricted victim identity of any alert it sees: role AND agency kind. */
export function opensRestricted(holder: Pick<Actor, 'roles' | 'agencyKind'>): boolean {
  return RESTRICTED_ROLES.some((r) => hasRole(holder, r) && roleFitsAgency(r, holder.agencyKind));
}

/**
 * Restricted roles a change adds that wait for a system admin: every one an agency admin
 * grants; none that a system admin grants (their own grant needs no second approval).
 */
export function rolesAwaitingApproval(actor: Pick<Actor, 'roles'>, current: readonly Role[], requested: readonly Role[]): Role[] {
  if (hasRole(actor, 'system_admin')) return [];
  return requested.filter((r) => RESTRICTED_ROLES.includes(r) && !current.includes(r));
}
