/** User administration: list, invite, edit, disable, reset, unlock (API.md "Users"). */
import type { InviteUserInput, UpdateUserInput } from '../../../shared/schemas/users.js';
import type { Role } from '../../../shared/schemas/common.js';
import { DomainError } from '../../platform/errors.js';
import { type UserDoc } from './User.js';
import type { Actor } from '../../platform/actor.js';
import { authorize } from '../../platform/authorize.js';
import { can, canSeeUser } from './user.policy.js';
import { presentUser, type UserDto } from './user.presenter.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { lockUser } from '../auth/auth.service.js';
import { clearFailures } from '../auth/loginThrottle.service.js';
import { issueToken } from './authTokens.js';
import type { RevokeReason } from '../../platform/domainEvents.js';
import { answerForTakenAddress, invitedUserFields } from './invitationDuplicates.js';
import type { AgencyKind } from '../../../shared/schemas/agencies.js';
import {
  agencyKindOf,
  auditGrantRequested,
  auditRolesSuspendedByReset,
  pendingFields,
  planRoles,
  planRolesAfterReset,
} from './roleGrants.service.js';
import type { Instance } from '../../platform/instance.js';

/** Loads a user the actor may see, else 404 (existence is not revealed). */
async function loadVisibleUser(instance: Instance, actor: Actor, id: string, action: string): Promise<UserDoc> {
  const { User } = instance.models.identity;
  const user = await User.findById(id).lean<UserDoc>();
  authorize(!!user && canSeeUser(actor, { agencyId: String(user.agencyId) }), action, { hide: true, targetType: 'user', targetId: id });
  return user as UserDoc;
}

const targetOf = (u: UserDoc) => ({ id: String(u._id), agencyId: String(u.agencyId), roles: u.roles as Role[] });

function revoke(instance: Instance, userId: string, reason: RevokeReason): void {
  instance.events.emit('user.sessions_revoked', { userId, reason });
}

export async function getUser(instance: Instance, actor: Actor, id: string): Promise<UserDto> {
  return presentUser(await loadVisibleUser(instance, actor, id, 'user.read'));
}

export async function inviteUser(
  instance: Instance,
  actor: Actor,
  input: InviteUserInput,
): Promise<{ user: UserDto; invitationToken: string }> {
  const { Agency, User } = instance.models.identity;
  authorize(can(actor, 'invite', { agencyId: input.agencyId, roles: [] }, { roles: input.roles }), 'user.invite', {
    targetType: 'agency',
    targetId: input.agencyId,
  });
  const agency = await Agency.findById(input.agencyId).lean();
  if (!agency || !agency.active)
    throw new DomainError('validation_failed', 'agency', [{ path: 'agencyId', message: 'unknown or inactive agency' }]);
  const plan = planRoles(actor, agency.kind as AgencyKind, [], input.roles);
  const taken = await answerForTakenAddress(instance, actor, input, agency, plan);
  if (taken) return taken;
  const user = await User.create(invitedUserFields(actor, input, agency, plan));
  const invitationToken = await issueToken(instance, { userId: String(user._id), purpose: 'invite' });
  await recordAudit(instance, {
    actor,
    action: 'user.invite',
    targetType: 'user',
    targetId: String(user._id),
    details: { email: input.email, roles: plan.roles, ...(plan.pendingRoles.length ? { pendingRoles: plan.pendingRoles } : {}) },
  });
  await auditGrantRequested(instance, actor, String(user._id), plan);
  return { user: presentUser(user.toObject()), invitationToken };
}

export async function updateUser(instance: Instance, actor: Actor, id: string, input: UpdateUserInput): Promise<UserDto> {
  const { User } = instance.models.identity;
  const user = await loadVisibleUser(instance, actor, id, 'user.update');
  authorize(can(actor, 'update', targetOf(user), { roles: input.roles, status: input.status }), 'user.update', {
    targetType: 'user',
    targetId: id,
  });
  if (input.status === 'active' && user.status === 'invited') {
    throw new DomainError('validation_failed', 'status', [
      { path: 'status', message: 'an invited user becomes active by accepting the invitation' },
    ]);
  }
  const plan = input.roles ? planRoles(actor, await agencyKindOf(instance, user.agencyId), user.roles as Role[], input.roles) : null;
  const rolesChanged = plan !== null && [...plan.roles].sort().join() !== [...user.roles].sort().join();
  const disabling = input.status === 'disabled' && user.status !== 'disabled';
  const endSessions = rolesChanged || disabling;
  const updated = await lockUser(instance, id, () =>
    User.findByIdAndUpdate(
      id,
      {
        $set: {
          // A new role change replaces any grant still waiting for approval.
          ...(plan ? { roles: plan.roles, ...pendingFields(actor, plan) } : {}),
          ...(input.status ? { status: input.status } : {}),
          ...(input.displayName ? { displayName: input.displayName } : {}),
          ...(input.language ? { language: input.language } : {}),
        },
        ...(endSessions ? { $inc: { sessionEpoch: 1 } } : {}),
      },
      { returnDocument: 'after' },
    ).lean<UserDoc>(),
  );
  if (!updated) throw new DomainError('not_found');
  if (disabling) revoke(instance, id, 'disabled');
  else if (rolesChanged) revoke(instance, id, 'roles_changed');
  await recordAudit(instance, {
    actor,
    action: disabling ? 'user.disable' : 'user.update',
    targetType: 'user',
    targetId: id,
    details: {
      changed: Object.keys(input),
      ...(plan ? { roles: plan.roles, pendingRoles: plan.pendingRoles } : {}),
      ...(input.status ? { status: input.status } : {}),
    },
  });
  if (plan) await auditGrantRequested(instance, actor, id, plan);
  return presentUser(updated);
}

/**
 * Clears password and MFA and issues a reset token; every session of the user ends. A reset by
 * an agency admin also suspends the restricted roles until a system admin approves them again.
 */
export async function resetUser(instance: Instance, actor: Actor, id: string): Promise<{ invitationToken: string; user: UserDto }> {
  const { AuthToken, User } = instance.models.identity;
  const user = await loadVisibleUser(instance, actor, id, 'user.reset');
  authorize(can(actor, 'reset', targetOf(user)), 'user.reset', { targetType: 'user', targetId: id });
  const suspension = planRolesAfterReset(actor, user);
  const updated = await lockUser(instance, user._id, () =>
    User.findByIdAndUpdate(
      user._id,
      {
        $set: {
          passwordHash: null,
          'mfa.enabled': false,
          'mfa.secret': null,
          'mfa.pendingSecret': null,
          ...(user.status === 'disabled' ? {} : { status: 'invited' }),
          ...(suspension ? { roles: suspension.roles, ...pendingFields(actor, suspension) } : {}),
        },
        $inc: { sessionEpoch: 1 },
      },
      { returnDocument: 'after' },
    ).lean<UserDoc>(),
  );
  if (!updated) throw new DomainError('not_found');
  await AuthToken.deleteMany({ userId: user._id });
  await clearFailures(instance, user.email);
  const invitationToken = await issueToken(instance, { userId: id, purpose: 'reset' });
  revoke(instance, id, 'reset');
  await recordAudit(instance, { actor, action: 'user.reset', targetType: 'user', targetId: id });
  if (suspension) await auditRolesSuspendedByReset(instance, actor, id, user.roles as Role[], suspension);
  return { invitationToken, user: presentUser(updated) };
}

/** Lifts a lockout before it ends by itself. */
export async function unlockUser(instance: Instance, actor: Actor, id: string): Promise<void> {
  const user = await loadVisibleUser(instance, actor, id, 'user.unlock');
  authorize(can(actor, 'unlock', targetOf(user)), 'user.unlock', { targetType: 'user', targetId: id });
  await clearFailures(instance, user.email);
  await recordAudit(instance, { actor, action: 'user.unlock', targetType: 'user', targetId: id });
}
