/**
 * An invitation for an address that already has an account (pen-test issue 10, item 12).
 * The inviting admin learns only what concerns their own agency: a system admin, or an
 * agency admin whose agency holds the account, gets 409 as API.md says. For an account in
 * another agency the answer is a new invitation's (201, a user object with the same role plan,
 * a token of the same form) while no account is created — the token opens nothing, and no
 * second account ever shares the address. Only the token is stored, so that a repeat answers
 * 409 and accepting it fails as a real token would (pen-test issue 23, F7). The attempt is
 * audited outside the inviting agency's view (no actor agency), so system admins see it and
 * can spot an admin probing addresses.
 * See docs/api-extensions.md "Invitations of an existing address".
 */
import type { InviteUserInput } from '../../../shared/schemas/users.js';
import { DomainError } from '../../platform/errors.js';
import type { AgencyDoc } from '../agencies/Agency.js';
import { hasRole, type Actor } from '../../platform/actor.js';
import { presentUser, type UserDto } from './user.presenter.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { issueToken } from './authTokens.js';
import { pendingFields, type RolePlan } from './roleGrants.service.js';
import type { Instance } from '../../platform/instance.js';

export interface InvitationAnswer {
  user: UserDto;
  invitationToken: string;
}

/** The account an invitation creates (status `invited`, in the agency's country, roles as planned). */
export function invitedUserFields(actor: Actor, input: InviteUserInput, agency: Pick<AgencyDoc, '_id' | 'country'>, plan: RolePlan) {
  return {
    email: input.email,
    displayName: input.displayName,
    agencyId: agency._id,
    country: agency.country,
    roles: plan.roles,
    ...pendingFields(actor, plan),
    language: input.language ?? 'es',
    status: 'invited' as const,
  };
}

/** null when the address is free; else throws 409 or returns the look-alike answer. */
export async function answerForTakenAddress(
  instance: Instance,
  actor: Actor,
  input: InviteUserInput,
  agency: Pick<AgencyDoc, '_id' | 'country'>,
  plan: RolePlan,
): Promise<InvitationAnswer | null> {
  const { AuthToken, User } = instance.models.identity;
  const existing = await User.findOne({ email: input.email }, { _id: 1, agencyId: 1 }).lean();
  if (!existing) return null;
  const taken = () => new DomainError('conflict', 'email taken', [{ path: 'email', message: 'already registered' }]);
  if (hasRole(actor, 'system_admin') || String(existing.agencyId) === actor.agencyId) throw taken();
  // A repeat answers as repeating a real invitation does: that one's account now holds the address.
  const repeated = Boolean(await AuthToken.exists({ email: input.email, agencyId: actor.agencyId, purpose: 'hidden_invite' }));
  await recordAudit(instance, {
    actor: null,
    actorIdOverride: actor.id,
    actorAgencyIdOverride: null,
    action: 'user.invite_duplicate_hidden',
    outcome: 'failure',
    targetType: 'user',
    targetId: String(existing._id),
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
    details: { email: input.email, invitedInto: String(agency._id), inviterAgencyId: actor.agencyId, repeated },
  });
  if (repeated) throw taken();
  // Built like the real invitation (same presenter, role plan and token) but no account is saved.
  const lookAlike = new User(invitedUserFields(actor, input, agency, plan));
  const invitationToken = await issueToken(instance, { purpose: 'hidden_invite', email: input.email, agencyId: actor.agencyId });
  return { user: presentUser(lookAlike.toObject()), invitationToken };
}
