/**
 * Which roles fit which agency, which roles act on alerts (operational), and which open restricted
 * victim identity (issue #10 item 1). One place for each rule, used by user administration
 * (grants), alert.policy (reads), access requests, socket classes and the inbox, so a role held in
 * the wrong kind of agency opens nothing.
 */
import type { AgencyKind } from '../../shared/schemas/agencies.js';
import type { Role } from '../../shared/schemas/common.js';
import { hasRole, type Actor } from '../platform/actor.js';

/**
 * Roles limited to some agency kinds; the others fit any agency. `prosecutor` fits prosecution
 * services and the judiciary: investigating judges (still in charge of the inquiry in the
 * provinces on the old procedure) and guarantee judges decide on victims' data too.
 */
export const ROLE_AGENCY_KINDS: Partial<Record<Role, readonly AgencyKind[]>> = {
  prosecutor: ['prosecutor', 'judiciary'],
};

/**
 * Roles that act on alerts — edit their agency's alerts, report hits, ask for and decide access — and
 * are told what needs acting on (inbox items, `protected:checked`). Any agency kind: whether a role
 * also opens restricted victim identity is the separate question below.
 */
export const OPERATIONAL_ROLES: readonly Role[] = ['officer', 'prosecutor', 'agency_admin'];

/** Whether the actor holds an operational role. */
export const isOperational = (actor: Pick<Actor, 'roles'>): boolean => OPERATIONAL_ROLES.some((r) => hasRole(actor, r));

/** Roles that open restricted victim identity beyond the viewer's own agency's alerts (each one operational). */
export const RESTRICTED_ROLES: readonly Role[] = ['prosecutor'];

/**
 * Roles that export an alert's case file for court (issue 29): prosecutors, held in an agency whose
 * kind fits the role (ROLE_AGENCY_KINDS), of any agency the alert reaches — they take cases to court
 * (PRODUCT.md "Prosecutor … exports a case file for court"). Officers, administrators and the
 * statistics role do not: a file that leaves Puente is a prosecutor's act. Socket payloads carry
 * abilities per viewer class (viewerClass.ts), so this must follow the classes: it is `p` today
 * (test/unit/viewerClass.test.ts compares every role set and agency kind).
 */
export const CASE_FILE_ROLES: readonly Role[] = ['prosecutor'];

/** Whether the holder may export case files of the alerts it sees: role AND agency kind. */
export function exportsCaseFiles(holder: Pick<Actor, 'roles' | 'agencyKind'>): boolean {
  return CASE_FILE_ROLES.some((r) => hasRole(holder, r) && roleFitsAgency(r, holder.agencyKind));
}

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
 * The binational commission's read-only role (issue 29): statistics and nothing else. Whoever holds
 * it is confined to the statistics endpoints and the account basics under /auth (server/api.ts
 * gates every other path, so an endpoint added later is refused by default), gets no socket
 * (handshake.ts) and no first feed at sign-in. It is held alone, and only a system admin grants it.
 */
export const STATISTICS_ROLE: Role = 'statistics';

/** Roles held alone: combined with another role, the confinement would be ambiguous. */
export const EXCLUSIVE_ROLES: readonly Role[] = [STATISTICS_ROLE];

/** Roles only a system admin grants, and whose accounts agency admins only read (user.policy.ts). */
export const SYSTEM_GRANTED_ROLES: readonly Role[] = ['system_admin', STATISTICS_ROLE];

/** Whether the holder is confined to the statistics area (any holder of the role: it is held alone). */
export const confinedToStatistics = (holder: Pick<Actor, 'roles'>): boolean => hasRole(holder, STATISTICS_ROLE);

/** The exclusive roles of `roles` that come with another role (a grant to refuse). */
export const unaccompaniedViolations = (roles: readonly Role[]): Role[] =>
  roles.length > 1 ? roles.filter((r) => EXCLUSIVE_ROLES.includes(r)) : [];

/**
 * Restricted roles a change adds that wait for a system admin: every one an agency admin
 * grants; none that a system admin grants (their own grant needs no second approval).
 */
export function rolesAwaitingApproval(actor: Pick<Actor, 'roles'>, current: readonly Role[], requested: readonly Role[]): Role[] {
  if (hasRole(actor, 'system_admin')) return [];
  return requested.filter((r) => RESTRICTED_ROLES.includes(r) && !current.includes(r));
}
