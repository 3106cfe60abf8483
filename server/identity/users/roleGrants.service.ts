/**
 * Role grants (issue #10 item 1): roles must fit the agency's kind, and a restricted role
 * (roles.policy.ts) an agency admin grants waits for a system admin's approval. Pending grants
 * are listed to the agency's admins and to system admins; only system admins decide.
 */
import type { AgencyKind } from '../../../shared/schemas/agencies.js';
import type { Role } from '../../../shared/schemas/common.js';
import { DomainError } from '../../platform/errors.js';
import { type UserDoc } from './User.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import { authorize } from '../../platform/authorize.js';
import { misfitRoles, rolesAwaitingApproval, unaccompaniedViolations } from '../roles.policy.js';
import { can, canSeeUser } from './user.policy.js';
import { presentUser, type UserDto } from './user.presenter.js';
import { op } from '../../platform/store/index.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { lockUser } from '../auth/auth.service.js';

import type { Page } from '../../platform/pagination.js';
import { pageOfUsers, type ListUsersQuery } from './userList.js';
import type { Instance } from '../../platform/instance.js';

/** The roles a change gives now, and the full set waiting for approval ([] when none waits). */
export interface RolePlan {
  roles: Role[];
  pendingRoles: Role[];
}

/** Refuses roles that do not fit an agency of `kind` (400, on `roles`). */
export function assertRolesFit(roles: readonly Role[], kind: AgencyKind | null): void {
  const alone = unaccompaniedViolations(roles);
  if (alone.length)
    throw new DomainError('validation_failed', 'role held alone', [
      { path: 'roles', message: `${alone.join(', ')} is held alone, with no other role` },
    ]);
  const misfits = misfitRoles(roles, kind);
  if (!misfits.length) return;
  throw new DomainError('validation_failed', 'roles do not fit the agency', [
    { path: 'roles', message: `${misfits.join(', ')} not allowed in an agency of kind ${kind ?? 'unknown'}` },
  ]);
}

export async function agencyKindOf(instance: Instance, agencyId: unknown): Promise<AgencyKind | null> {
  const { Agency } = instance.models.identity;
  const agency = await Agency.findById(agencyId, { kind: 1 }).lean();
  return (agency?.kind as AgencyKind | undefined) ?? null;
}

/** What `requested` becomes when `actor` asks for it on a user who holds `current`. */
export function planRoles(actor: Actor, kind: AgencyKind | null, current: readonly Role[], requested: readonly Role[]): RolePlan {
  assertRolesFit(requested, kind);
  const awaiting = rolesAwaitingApproval(actor, current, requested);
  if (!awaiting.length) return { roles: [...requested], pendingRoles: [] };
  return { roles: requested.filter((r) => !awaiting.includes(r)), pendingRoles: [...requested] };
}

/**
 * What an administrator's reset leaves of `user`'s roles (pen-test issue 23, F4). The reset link
 * goes to the administrator, who could accept it with credentials of their own: a reset by an
 * agency admin is a new grant of the account's roles, so its restricted roles wait for a system
 * admin again (any grant already waiting stays part of the set). null when nothing changes.
 */
export function planRolesAfterReset(actor: Actor, user: Pick<UserDoc, 'roles' | 'pendingRoles'>): RolePlan | null {
  const current = user.roles as Role[];
  const suspended = rolesAwaitingApproval(actor, [], current);
  if (!suspended.length) return null;
  const waiting = (user.pendingRoles ?? []) as Role[];
  return { roles: current.filter((r) => !suspended.includes(r)), pendingRoles: [...new Set([...waiting, ...current])] };
}

/** The stored fields of a plan's pending part. */
export const pendingFields = (actor: Actor, plan: RolePlan) => ({
  pendingRoles: plan.pendingRoles,
  pendingRolesBy: plan.pendingRoles.length ? actor.id : null,
  pendingRolesAt: plan.pendingRoles.length ? new Date() : null,
});

/** Audits a grant that now waits for a system admin, and puts it in system admins' inboxes. */
export async function auditGrantRequested(instance: Instance, actor: Actor, userId: string, plan: RolePlan): Promise<void> {
  if (!plan.pendingRoles.length) return;
  await instance.events.noteInboxCause({ kind: 'role_grant_pending', userId, roles: plan.pendingRoles, by: actor.id, at: new Date() });
  await recordAudit(instance, {
    actor,
    action: 'user.role_grant_requested',
    targetType: 'user',
    targetId: userId,
    details: { roles: plan.roles, pendingRoles: plan.pendingRoles },
  });
}

/** Audits the restricted roles a reset took away until a system admin approves them again. */
export async function auditRolesSuspendedByReset(
  instance: Instance,
  actor: Actor,
  userId: string,
  previous: readonly Role[],
  plan: RolePlan,
): Promise<void> {
  await recordAudit(instance, {
    actor,
    action: 'user.roles_suspended_by_reset',
    targetType: 'user',
    targetId: userId,
    details: { suspendedRoles: previous.filter((r) => !plan.roles.includes(r)), roles: plan.roles, pendingRoles: plan.pendingRoles },
  });
}

export interface RoleGrantDto {
  userId: string;
  email: string;
  displayName: string;
  agencyId: string;
  country: UserDto['country'];
  currentRoles: Role[];
  roles: Role[];
  requestedBy: string | null;
  requestedAt: string;
}

const presentGrant = (u: UserDoc): RoleGrantDto => ({
  userId: String(u._id),
  email: u.email,
  displayName: u.displayName,
  agencyId: String(u.agencyId),
  country: u.country as UserDto['country'],
  currentRoles: [...(u.roles as Role[])],
  roles: [...((u.pendingRoles ?? []) as Role[])],
  requestedBy: u.pendingRolesBy ?? null,
  requestedAt: (u.pendingRolesAt ?? new Date(0)).toISOString(),
});

/** Pending grants: an agency admin's own agency, a system admin's any (or `agencyId`). */
export function listRoleGrants(instance: Instance, actor: Actor, query: ListUsersQuery): Promise<Page<RoleGrantDto>> {
  return pageOfUsers(instance, actor, query, 'user.role_grant_list', { pendingRolesAt: op({ $ne: null }) }, presentGrant);
}

/** Approves or refuses a user's pending grant: system admins only (agency admins who see the user get 403). */
export async function decideRoleGrant(instance: Instance, actor: Actor, id: string, decision: 'approve' | 'refuse'): Promise<UserDto> {
  const { User } = instance.models.identity;
  const action = `user.role_grant_${decision}`;
  const user = await User.findById(id).lean<UserDoc>();
  authorize(!!user && canSeeUser(actor, { agencyId: String(user.agencyId) }), action, { hide: true, targetType: 'user', targetId: id });
  const target = user as UserDoc;
  const pending = (target.pendingRoles ?? []) as Role[];
  authorize(hasRole(actor, 'system_admin'), action, { targetType: 'user', targetId: id });
  if (!target.pendingRolesAt || !pending.length) throw new DomainError('not_found', 'no pending role grant');
  const targetFacts = { id, agencyId: String(target.agencyId), roles: target.roles as Role[] };
  authorize(can(actor, 'update', targetFacts, { roles: pending }), action, { targetType: 'user', targetId: id });
  if (decision === 'approve') assertRolesFit(pending, await agencyKindOf(instance, target.agencyId));
  const cleared = { pendingRoles: [], pendingRolesBy: null, pendingRolesAt: null };
  const updated = await lockUser(instance, id, () =>
    // Only the grant that was read: a newer change by an agency admin supersedes it.
    User.findOneAndUpdate(
      { _id: id, pendingRolesAt: target.pendingRolesAt },
      decision === 'approve' ? { $set: { ...cleared, roles: pending }, $inc: { sessionEpoch: 1 } } : { $set: cleared },
      { returnDocument: 'after' },
    ).lean<UserDoc>(),
  );
  if (!updated) throw new DomainError('not_found', 'no pending role grant');
  if (decision === 'approve') instance.events.emit('user.sessions_revoked', { userId: id, reason: 'roles_changed' });
  await recordAudit(instance, {
    actor,
    action: decision === 'approve' ? 'user.role_grant_approved' : 'user.role_grant_refused',
    targetType: 'user',
    targetId: id,
    details: { roles: pending, previousRoles: target.roles, requestedBy: target.pendingRolesBy ?? null },
  });
  return presentUser(updated);
}
