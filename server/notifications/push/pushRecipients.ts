/**
 * Who gets a push message: devices of active users only, and for an alert only users the alert's
 * own visibility rule (alert.policy.ts canSeeAlert, as for the live socket events) lets see it.
 */
import type { Language } from '../../../shared/i18n/messages.js';
import { agencyFields, agencyUserIds, usersByIds } from '../../identity/index.js';
import { canSeeAlert, type AlertDoc, type Viewer } from '../../alerts/index.js';
import { type PushSubscriptionDoc } from './PushSubscription.js';
import { op } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

export interface PushRecipient {
  userId: string;
  language: Language;
  devices: Array<Pick<PushSubscriptionDoc, '_id' | 'endpoint' | 'keys'>>;
}

interface RecipientUser {
  _id: unknown;
  agencyId: unknown;
  country: Viewer['country'];
  roles: Viewer['roles'];
  language: Language;
}

/** Active users among `userIds` who have at least one subscribed device, with those devices. */
async function recipientsAmong(
  instance: Instance,
  subs: PushSubscriptionDoc[],
  keep: (u: RecipientUser, kinds: Map<string, Viewer['agencyKind'] & string>) => boolean,
): Promise<PushRecipient[]> {
  if (!subs.length) return [];
  const users: RecipientUser[] = await usersByIds(
    instance,
    subs.map((s) => s.userId),
    ['agencyId', 'country', 'roles', 'language'],
    { activeOnly: true },
  );
  const kinds = await agencyFields(
    instance,
    users.map((u) => u.agencyId),
    'kind',
  );
  const out: PushRecipient[] = [];
  for (const u of users) {
    if (!keep(u, kinds)) continue;
    const userId = String(u._id);
    out.push({ userId, language: u.language, devices: subs.filter((s) => s.userId === userId) });
  }
  return out;
}

/** Devices of these users (a watch's owner, a requester, an agency's members). */
export async function recipientsOf(instance: Instance, userIds: string[]): Promise<PushRecipient[]> {
  const { PushSubscription } = instance.models.notifications;
  if (!userIds.length) return [];
  const subs = await PushSubscription.find({ userId: op({ $in: userIds }) }).lean<PushSubscriptionDoc[]>();
  return recipientsAmong(instance, subs, () => true);
}

/** Devices of every user who may see the alert (every subscription is read: devices are few). */
export async function recipientsWhoSee(instance: Instance, alert: AlertDoc, exceptUserId?: string): Promise<PushRecipient[]> {
  const { PushSubscription } = instance.models.notifications;
  const subs = (await PushSubscription.find({}).lean<PushSubscriptionDoc[]>()).filter((s) => s.userId !== exceptUserId);
  return recipientsAmong(instance, subs, (u, kinds) => {
    const agencyId = String(u.agencyId);
    const kind = kinds.get(agencyId);
    // A user whose agency is gone sees nothing.
    if (!kind) return false;
    return canSeeAlert({ agencyId, country: u.country, roles: u.roles, agencyKind: kind }, alert);
  });
}

/** Active members of an agency, as ids. */
export async function agencyMemberIds(instance: Instance, agencyId: string): Promise<string[]> {
  return agencyUserIds(instance, agencyId, { activeOnly: true });
}
