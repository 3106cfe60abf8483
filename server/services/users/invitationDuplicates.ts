/**
 * An invitation for an address that already has an account (pen-test issue 10, item 12).
 * The inviting admin learns only what concerns their own agency: a system admin, or an
 * agency admin whose agency holds the account, gets 409 as API.md says. For an account in
 * another agency the answer is shaped like a new invitation (201, a user object, a token of
 * the same form) while nothing is created — the token opens nothing, and no second account
 * ever shares the address. The attempt is audited outside the inviting agency's view (no
 * actor agency), so system admins see it and can spot an admin probing addresses.
 * See docs/api-extensions.md "Invitations of an existing address".
 */
import type { InviteUserInput } from '../../../shared/schemas/users.js';
import { ApiError } from '../../http/apiError.js';
import type { AgencyDoc } from '../../models/Agency.js';
import { User } from '../../models/User.js';
import { hasRole, type Actor } from '../../policies/actor.js';
import { presentUser, type UserDto } from '../../presenters/user.presenter.js';
import { recordAudit } from '../audit/audit.service.js';
import { newToken } from '../crypto/tokens.js';

export interface InvitationAnswer {
  user: UserDto;
  invitationToken: string;
}

/** The account an invitation creates (status `invited`, in the agency's country). */
export function invitedUserFields(input: InviteUserInput, agency: Pick<AgencyDoc, '_id' | 'country'>) {
  return {
    email: input.email,
    displayName: input.displayName,
    agencyId: agency._id,
    country: agency.country,
    roles: input.roles,
    language: input.language ?? 'es',
    status: 'invited' as const,
  };
}

/** null when the address is free; else throws 409 or returns the look-alike answer. */
export async function answerForTakenAddress(
  actor: Actor,
  input: InviteUserInput,
  agency: Pick<AgencyDoc, '_id' | 'country'>,
): Promise<InvitationAnswer | null> {
  const existing = await User.findOne({ email: input.email }, { _id: 1, agencyId: 1 }).lean();
  if (!existing) return null;
  if (hasRole(actor, 'system_admin') || String(existing.agencyId) === actor.agencyId)
    throw new ApiError('conflict', 'email taken', [{ path: 'email', message: 'already registered' }]);
  await recordAudit({
    actor: null,
    actorIdOverride: actor.id,
    actorAgencyIdOverride: null,
    action: 'user.invite_duplicate_hidden',
    outcome: 'failure',
    targetType: 'user',
    targetId: String(existing._id),
    ip: actor.ip ?? null,
    requestId: actor.requestId ?? null,
    details: { email: input.email, invitedInto: String(agency._id), inviterAgencyId: actor.agencyId },
  });
  // Built like the real invitation (same presenter, a fresh id) but never saved.
  const lookAlike = new User(invitedUserFields(input, agency));
  return { user: presentUser(lookAlike.toObject()), invitationToken: newToken() };
}
