/** What a signed-in user does to their own account (docs/api-extensions.md "My account"). */
import type { OwnPreferencesInput } from '../../../shared/schemas/account.js';
import { DomainError } from '../../platform/errors.js';
import { type UserDoc } from '../users/User.js';
import type { Actor } from '../../platform/actor.js';
import { presentUser, type UserDto } from '../users/user.presenter.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';

import { lockUser } from './auth.service.js';
import type { Instance } from '../../platform/instance.js';

/** Language and time zone: the user's own, so no administrator policy applies. */
export async function updateOwnPreferences(instance: Instance, actor: Actor, input: OwnPreferencesInput): Promise<UserDto> {
  const { User } = instance.models.identity;
  const updated = await lockUser(instance, actor.id, () =>
    User.findByIdAndUpdate(actor.id, { $set: input }, { returnDocument: 'after' }).lean<UserDoc>(),
  );
  if (!updated) throw new DomainError('unauthenticated');
  await recordAudit(instance, { actor, action: 'user.preferences', targetType: 'user', targetId: actor.id, details: { ...input } });
  return presentUser(updated);
}

/**
 * Sign out everywhere: the session epoch moves on, so every session of the user (this one
 * included) stops restoring the user, and every socket gets `session:revoked` and is closed.
 */
export async function endEverySession(instance: Instance, actor: Actor): Promise<void> {
  const { User } = instance.models.identity;
  await lockUser(instance, actor.id, () => User.updateOne({ _id: actor.id }, { $inc: { sessionEpoch: 1 } }));
  instance.events.emit('user.sessions_revoked', { userId: actor.id, reason: 'logout' });
  await recordAudit(instance, { actor, action: 'auth.logout_all', targetType: 'user', targetId: actor.id });
}
