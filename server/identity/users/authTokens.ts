import { newToken, tokenDigest } from '../../platform/crypto/tokens.js';
import type { Instance } from '../../platform/instance.js';

export const INVITATION_HOURS = 72;

export type TokenFields = { userId: string; purpose: 'invite' | 'reset' } | { purpose: 'hidden_invite'; email: string; agencyId: string };

export async function issueToken(instance: Instance, fields: TokenFields): Promise<string> {
  const { AuthToken } = instance.models.identity;
  const token = newToken();
  await AuthToken.create({ _id: tokenDigest(token), ...fields, expiresAt: new Date(Date.now() + INVITATION_HOURS * 3600_000) });
  return token;
}
