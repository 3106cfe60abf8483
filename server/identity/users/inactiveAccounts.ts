/** Accounts unused for INACTIVE_ACCOUNT_DAYS are disabled (CJIS AC-2(3)). */
import { type UserDoc } from './User.js';
import { recordAudit } from '../../platform/auditTrail/auditTrail.js';
import { lockUser } from '../auth/auth.service.js';

import { DAY_MS } from '../../../shared/time.js';
import type { Instance } from '../../platform/instance.js';

/** Disables active accounts whose last sign-in (or creation, if never) is older than `days`. */
export async function disableInactiveAccounts(instance: Instance, days: number, now = new Date()): Promise<number> {
  const { User } = instance.models.identity;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const candidates = await User.find({ status: 'active' }, { _id: 1, lastLoginAt: 1, createdAt: 1 }).lean<
    Array<Pick<UserDoc, '_id' | 'lastLoginAt' | 'createdAt'>>
  >();
  let disabled = 0;
  for (const c of candidates) {
    if ((c.lastLoginAt ?? c.createdAt) > cutoff) continue;
    const done = await lockUser(instance, c._id, async () => {
      const u = await User.findById(c._id).lean<UserDoc>();
      if (!u || u.status !== 'active' || (u.lastLoginAt ?? u.createdAt) > cutoff) return false;
      await User.updateOne({ _id: c._id }, { $set: { status: 'disabled', disabledReason: 'inactive' }, $inc: { sessionEpoch: 1 } });
      return true;
    });
    if (!done) continue;
    disabled++;
    instance.events.emit('user.sessions_revoked', { userId: String(c._id), reason: 'disabled' });
    await recordAudit(instance, {
      actor: null,
      actorIdOverride: 'system',
      action: 'user.disable',
      targetType: 'user',
      targetId: String(c._id),
      details: { reason: 'inactive', days },
    });
  }
  return disabled;
}
