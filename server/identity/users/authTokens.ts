/** Issuing invitation and reset tokens: the bearer gets the token, the store keeps its digest. */
import { AuthToken } from '../auth/AuthToken.js';
import { newToken, tokenDigest } from '../../platform/crypto/tokens.js';

export const INVITATION_HOURS = 72;

export type TokenFields = { userId: string; purpose: 'invite' | 'reset' } | { purpose: 'hidden_invite'; email: string; agencyId: string };

export async function issueToken(fields: TokenFields): Promise<string> {
  const token = newToken();
  await AuthToken.create({ _id: tokenDigest(token), ...fields, expiresAt: new Date(Date.now() + INVITATION_HOURS * 3600_000) });
  return token;
}
