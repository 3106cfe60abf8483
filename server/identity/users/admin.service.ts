/** Operator tasks run from the command line (no HTTP actor): bootstrap a system administrator. */
import type { Country } from '../../../shared/schemas/common.js';
import { DomainError } from '../../platform/errors.js';
import { SYSTEM_ACTOR_ID } from '../../platform/actor.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { checkPassword, PASSWORD_PROBLEM_TEXT } from '../auth/passwordPolicy.js';
import { clearFailures } from '../auth/loginThrottle.service.js';
import { hashPassword } from '../../platform/crypto/passwordHash.js';
import { withDocLock } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

export const COORDINATION_AGENCY = { name: 'Unidad de Coordinación Binacional Puente', shortName: 'UCB-Puente', country: 'AR' as Country };

export interface CreateAdminInput {
  email: string;
  password: string;
  displayName?: string | undefined;
  agencyName?: string | undefined;
  country?: Country | undefined;
}

/** Creates, or resets, a system administrator: sets the password, activates, clears MFA and lockout. */
export async function createOrResetAdmin(
  instance: Instance,
  input: CreateAdminInput,
): Promise<{ id: string; created: boolean; agencyId: string }> {
  const { Agency, User } = instance.models.identity;
  const email = input.email.trim().toLowerCase();
  const problem = await checkPassword(input.password, email);
  if (problem)
    throw new DomainError('validation_failed', PASSWORD_PROBLEM_TEXT[problem], [
      { path: 'password', message: PASSWORD_PROBLEM_TEXT[problem] },
    ]);
  const agencyName = input.agencyName ?? COORDINATION_AGENCY.name;
  const country = input.country ?? COORDINATION_AGENCY.country;
  const agency =
    (await Agency.findOne({ name: agencyName, country })) ??
    (await Agency.create({
      name: agencyName,
      shortName: input.agencyName ? agencyName.slice(0, 40) : COORDINATION_AGENCY.shortName,
      country,
      kind: 'other',
    }));
  const passwordHash = await hashPassword(input.password);
  const existing = await User.findOne({ email });
  const roles = existing ? [...new Set([...(existing.roles as string[]), 'system_admin'])] : ['system_admin'];
  const user = await withDocLock(instance.store, existing ? `user:${String(existing._id)}` : `user-email:${email}`, () =>
    User.findOneAndUpdate(
      { email },
      {
        $set: {
          email,
          displayName: input.displayName ?? existing?.displayName ?? 'Administrador del sistema',
          agencyId: existing?.agencyId ?? agency._id,
          country: existing?.country ?? agency.country,
          roles,
          status: 'active',
          passwordHash,
          mfa: { enabled: false, secret: null, pendingSecret: null, lastUsedStep: 0 },
        },
        $inc: { sessionEpoch: 1 },
      },
      { upsert: true, returnDocument: 'after' },
    ),
  );
  await clearFailures(instance, email);
  await recordAudit(instance, {
    actor: null,
    actorIdOverride: SYSTEM_ACTOR_ID,
    action: existing ? 'user.admin_reset' : 'user.admin_create',
    targetType: 'user',
    targetId: String(user._id),
    details: { email, via: 'cli' },
  });
  return { id: String(user._id), created: !existing, agencyId: String(user.agencyId) };
}
