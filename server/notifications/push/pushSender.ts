/**
 * Sends push messages: web-push encrypts (RFC 8291 aes128gcm) and signs (VAPID, RFC 8292); the
 * request itself goes through fetch, so it has a deadline and never follows a redirect. Sends run
 * a few at a time, behind the request that caused them; failures are logged, and a subscription
 * the push service no longer knows (404/410) is removed.
 */
import webpush from 'web-push';
import type { PushPayload } from '../../../shared/dto/push.js';
import type { Logger } from '../../platform/config/logger.js';
import type { PushSubscriptionDoc } from './PushSubscription.js';
import { acceptsPushEndpoint } from './push.policy.js';
import { removeGoneSubscription } from './pushSubscriptions.service.js';
import type { VapidKeys } from './vapidKeys.js';
import type { Instance } from '../../platform/instance.js';

/** Sends in flight at once, per process. */
const CONCURRENCY = 4;
const SEND_TIMEOUT_MS = 10_000;
/** How long a push service keeps a message for a device that is off (seconds). */
const TTL_SECONDS = 12 * 3600;

export interface PushTarget {
  subscription: Pick<PushSubscriptionDoc, '_id' | 'endpoint' | 'keys'>;
  payload: PushPayload;
  urgency: 'high' | 'normal';
}

export interface PushSender {
  /** Queues the messages and returns at once. */
  send(targets: PushTarget[]): void;
  /** Resolves when every queued message has been sent or has failed (shutdown, tests). */
  idle(): Promise<void>;
}

export function createPushSender(
  instance: Instance,
  opts: { keys: VapidKeys; subject: string; allowInsecure: boolean; logger: Logger },
): PushSender {
  const queue: PushTarget[] = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];

  const deliver = async ({ subscription, payload, urgency }: PushTarget): Promise<void> => {
    // Checked again at send time: the rule may be stricter than when the device subscribed.
    if (!acceptsPushEndpoint(subscription.endpoint, opts.allowInsecure)) return;
    const details = webpush.generateRequestDetails({ endpoint: subscription.endpoint, keys: subscription.keys }, JSON.stringify(payload), {
      vapidDetails: { subject: opts.subject, publicKey: opts.keys.publicKey, privateKey: opts.keys.privateKey },
      TTL: TTL_SECONDS,
      urgency,
      contentEncoding: 'aes128gcm',
    });
    const res = await fetch(details.endpoint, {
      method: details.method,
      headers: details.headers as Record<string, string>,
      body: details.body ? new Uint8Array(details.body) : null,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await res.body?.cancel();
    if (res.status === 404 || res.status === 410) {
      await removeGoneSubscription(instance, subscription._id);
      opts.logger.info({ status: res.status }, 'push subscription gone: removed');
    } else if (res.status < 200 || res.status >= 300) {
      opts.logger.warn({ status: res.status, topic: payload.topic }, 'push message refused by the push service');
    }
  };

  const pump = () => {
    while (running < CONCURRENCY && queue.length) {
      const target = queue.shift()!;
      running += 1;
      void deliver(target)
        .catch((err: unknown) => opts.logger.warn({ err, topic: target.payload.topic }, 'push message not sent'))
        .finally(() => {
          running -= 1;
          pump();
        });
    }
    if (running === 0 && queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  return {
    send(targets) {
      queue.push(...targets);
      pump();
    },
    idle() {
      if (running === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
