/** TOTP (RFC 6238: SHA-1, 6 digits, 30 s, ±1 step) with single-use codes. */
import { generateSecret, generateURI, verify } from 'otplib';
import { isDuplicateKeyError, op } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

export const TOTP_ISSUER = 'Puente';

/** A fresh base32 secret from a CSPRNG (otplib's default, 20 bytes). */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label, secret });
}

/**
 * Verifies a code and consumes it: the (user, time step) pair is inserted under a unique id,
 * so a replayed code — even one racing the first use — is refused. Returns the step or null.
 */
export async function consumeTotp(
  instance: Instance,
  userId: string,
  secret: string,
  code: string,
  afterStep: number,
): Promise<number | null> {
  const { UsedTotpCode } = instance.models.identity;
  const result = await verify({ secret, token: code, epochTolerance: 30, ...(afterStep > 0 ? { afterTimeStep: afterStep } : {}) }).catch(
    () => ({ valid: false as const }),
  );
  if (!result.valid || !('timeStep' in result)) return null;
  try {
    await UsedTotpCode.create({ _id: `${userId}:${result.timeStep}`, at: new Date() });
  } catch (err) {
    if (isDuplicateKeyError(err)) return null;
    throw err;
  }
  return result.timeStep;
}

/** Removes used-code records older than the acceptance window (they can no longer matter). */
export async function purgeUsedTotpCodes(instance: Instance, olderThanMs = 10 * 60_000): Promise<number> {
  const { UsedTotpCode } = instance.models.identity;
  const res = await UsedTotpCode.deleteMany({ at: op({ $lt: new Date(Date.now() - olderThanMs) }) });
  return res.deletedCount;
}
