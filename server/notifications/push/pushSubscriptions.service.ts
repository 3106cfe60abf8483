/** This device's push subscription: stored at opt-in, removed at opt-out, sign-out and revocation. */
import { createHash } from 'node:crypto';
import type { PushSubscribeInput } from '../../../shared/schemas/push.js';
import { DomainError } from '../../platform/errors.js';
import { agencyUserIds } from '../../identity/index.js';
import type { Actor } from '../../platform/actor.js';
import { acceptsPushEndpoint } from './push.policy.js';
import { op } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

/** The entry's `_id`: one per endpoint, so subscribing again replaces it (inserting an `_id` is atomic). */
export const subscriptionId = (endpoint: string): string => createHash('sha256').update(endpoint).digest('base64url');

function assertEndpoint(endpoint: string, allowInsecure: boolean): void {
  if (!acceptsPushEndpoint(endpoint, allowInsecure))
    throw new DomainError('validation_failed', 'the endpoint must be an https URL of a push service', [
      { path: 'endpoint', message: 'must be an https URL of a push service' },
    ]);
}

/**
 * Stores this device's subscription for the actor and this session. A device that subscribed
 * before (same endpoint) is taken over: it belongs to whoever signed in on it last.
 */
export async function subscribeDevice(
  instance: Instance,
  actor: Actor,
  sessionId: string,
  input: PushSubscribeInput,
  opts: { allowInsecure: boolean; userAgent: string | null },
): Promise<void> {
  const { PushSubscription } = instance.models.notifications;
  assertEndpoint(input.endpoint, opts.allowInsecure);
  const label = input.label ?? opts.userAgent?.slice(0, 80) ?? null;
  await PushSubscription.replaceOne(
    { _id: subscriptionId(input.endpoint) },
    {
      userId: actor.id,
      sessionId,
      endpoint: input.endpoint,
      keys: { p256dh: input.keys.p256dh, auth: input.keys.auth },
      userAgent: label,
      createdAt: new Date(),
    },
    { upsert: true },
  );
}

/** Removes the actor's subscription for this endpoint (someone else's is left alone). */
export async function unsubscribeDevice(instance: Instance, actor: Actor, endpoint: string): Promise<void> {
  const { PushSubscription } = instance.models.notifications;
  await PushSubscription.deleteOne({ _id: subscriptionId(endpoint), userId: actor.id });
}

/** The device subscribed in this session, at its sign-out. */
export async function removeSessionSubscriptions(instance: Instance, sessionId: string): Promise<void> {
  const { PushSubscription } = instance.models.notifications;
  await PushSubscription.deleteMany({ sessionId });
}

/** Every device of the user (disabled, reset, sessions revoked), but the session that stays. */
export async function removeUserSubscriptions(instance: Instance, userId: string, keepSessionId?: string): Promise<void> {
  const { PushSubscription } = instance.models.notifications;
  await PushSubscription.deleteMany(keepSessionId ? { userId, sessionId: op({ $ne: keepSessionId }) } : { userId });
}

/** Every device of every user of the agency (agency deactivated or changed kind). */
export async function removeAgencySubscriptions(instance: Instance, agencyId: string): Promise<void> {
  const { PushSubscription } = instance.models.notifications;
  const userIds = await agencyUserIds(instance, agencyId);
  if (userIds.length) await PushSubscription.deleteMany({ userId: op({ $in: userIds }) });
}

/** A subscription the push service no longer knows (404/410): removed by `_id`, atomic everywhere. */
export async function removeGoneSubscription(instance: Instance, id: string): Promise<void> {
  const { PushSubscription } = instance.models.notifications;
  await PushSubscription.deleteOne({ _id: id });
}
