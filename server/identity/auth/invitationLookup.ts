/**
 * Whom an invitation or reset link is for, so that the page that sets the password can say it
 * ("para ana@…, Policía Nacional") before the password is chosen. The link's bearer learns
 * only the address and agency the link was made for; any token that cannot be accepted
 * (unknown, used, expired, its account disabled) gets the one answer accepting it would give,
 * with nothing of any account in it. A look-alike invitation (users/invitationDuplicates.ts)
 * answers as a real one does: its address and the agency it was invited into.
 * See docs/api-extensions.md "Whom an invitation is for".
 */
import type { InvitationLookupResponse } from '../../../shared/dto/user.js';
import { DomainError } from '../../platform/errors.js';
import { type AgencyDoc } from '../agencies/Agency.js';
import { type UserDoc } from '../users/User.js';
import { tokenDigest } from '../../platform/crypto/tokens.js';
import type { Instance } from '../../platform/instance.js';

/** The one answer for a token that opens nothing (lookup and acceptance alike). */
export function invalidTokenError(): DomainError {
  return new DomainError('validation_failed', 'invalid token', [{ path: 'token', message: 'invalid, used or expired' }]);
}

export async function lookUpInvitation(instance: Instance, token: string): Promise<InvitationLookupResponse> {
  const { Agency, AuthToken, User } = instance.models.identity;
  const found = await AuthToken.findById(tokenDigest(token)).lean();
  if (!found || found.expiresAt.getTime() <= Date.now()) throw invalidTokenError();
  let email: string | null | undefined = found.email;
  let agencyId: unknown = found.agencyId;
  if (found.purpose !== 'hidden_invite') {
    const user = found.userId ? await User.findById(found.userId, { email: 1, agencyId: 1, status: 1 }).lean<UserDoc>() : null;
    // A disabled account's link cannot be accepted, so it names nobody.
    if (!user || user.status === 'disabled') throw invalidTokenError();
    email = user.email;
    agencyId = user.agencyId;
  }
  const agency = agencyId ? await Agency.findById(agencyId, { name: 1, shortName: 1, country: 1 }).lean<AgencyDoc>() : null;
  if (!email || !agency) throw invalidTokenError();
  return {
    invitation: {
      purpose: found.purpose === 'reset' ? 'reset' : 'invite',
      email,
      agency: { name: agency.name, shortName: agency.shortName, country: agency.country },
      expiresAt: found.expiresAt.toISOString(),
    },
  };
}
