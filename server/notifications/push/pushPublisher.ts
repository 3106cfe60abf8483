/**
 * Turns domain events into push messages, and removes devices when sessions end. Runs beside the
 * socket publishers: it never delays the request that caused the event (the work is queued) and a
 * failure is logged, never thrown back at the emitter.
 */
import type { Logger } from '../../platform/config/logger.js';
import type { AlertDoc } from '../../alerts/index.js';
import type { DomainEventMap } from '../../platform/domainEvents.js';
import { accessDecisionPayload, alertHitPayload, urgentAlertPayload, watchHitPayload, type AlertPushFacts } from './pushMessages.js';
import { agencyMemberIds, recipientsOf, recipientsWhoSee, type PushRecipient } from './pushRecipients.js';
import type { PushSender, PushTarget } from './pushSender.js';
import { removeAgencySubscriptions, removeSessionSubscriptions, removeUserSubscriptions } from './pushSubscriptions.service.js';
import type { PushPayload } from '../../../shared/dto/push.js';
import type { Language } from '../../../shared/i18n/messages.js';
import type { Instance } from '../../platform/instance.js';

const factsOf = (a: AlertDoc): AlertPushFacts => ({ id: String(a._id), reference: a.reference, kind: a.kind, priority: a.priority });

function targets(recipients: PushRecipient[], payloadFor: (lang: Language) => PushPayload, urgency: PushTarget['urgency']): PushTarget[] {
  return recipients.flatMap((r) => {
    const payload = payloadFor(r.language);
    return r.devices.map((subscription) => ({ subscription, payload, urgency }));
  });
}

export interface PushPublisher {
  unwire(): void;
  /** Resolves when the work of every event so far is done: recipients read, messages sent or failed. */
  settled(): Promise<void>;
}

export function wirePushPublisher(instance: Instance, sender: PushSender, logger: Logger): PushPublisher {
  // Each event's recipients are read behind the emitter; `pending` lets shutdown and tests wait.
  const pending = new Set<Promise<void>>();
  const later = (what: string, work: () => Promise<void>) => {
    const p = work().catch((err: unknown) => logger.error({ err, event: what }, 'push: recipients not read'));
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };

  const onCreated = ({ alert }: DomainEventMap['alert.created'][0]) => {
    if (alert.priority !== 'urgent' || alert.status !== 'active') return;
    later('alert.created', async () => {
      const facts = factsOf(alert);
      sender.send(targets(await recipientsWhoSee(instance, alert, alert.createdBy), (l) => urgentAlertPayload(l, facts), 'high'));
    });
  };
  const onUpdate = ({ alert, update }: DomainEventMap['alert.update_added'][0]) => {
    if (update.kind !== 'hit') return;
    later('alert.update_added', async () => {
      const members = (await agencyMemberIds(instance, alert.originAgencyId)).filter((id) => id !== update.authorId);
      const facts = factsOf(alert);
      sender.send(targets(await recipientsOf(instance, members), (l) => alertHitPayload(l, facts, update.hitType ?? null), 'high'));
    });
  };
  const onWatchHit = ({ watch, alert }: DomainEventMap['watch.hit'][0]) => {
    later('watch.hit', async () => {
      const facts = factsOf(alert);
      sender.send(targets(await recipientsOf(instance, [watch.userId]), (l) => watchHitPayload(l, facts, watch.id), 'normal'));
    });
  };
  const onDecided = ({ request, requesterId }: DomainEventMap['access.decided'][0]) => {
    later('access.decided', async () => {
      sender.send(targets(await recipientsOf(instance, [requesterId]), (l) => accessDecisionPayload(l, request), 'normal'));
    });
  };
  // Sign-out of a session removes its device; revocation removes every device of the user. An
  // expired session keeps its device: an officer away from the app must still be reached.
  const onSessionEnded = ({ sessionId, reason }: DomainEventMap['session.ended'][0]) => {
    if (reason !== 'logout') return;
    later('session.ended', () => removeSessionSubscriptions(instance, sessionId));
  };
  const onUserRevoked = ({ userId, keepSessionId }: DomainEventMap['user.sessions_revoked'][0]) =>
    later('user.sessions_revoked', () => removeUserSubscriptions(instance, userId, keepSessionId));
  const onAgencyRevoked = ({ agencyId }: DomainEventMap['agency.sessions_revoked'][0]) =>
    later('agency.sessions_revoked', () => removeAgencySubscriptions(instance, agencyId));

  const offs: Array<() => void> = [];
  const listen = <K extends keyof DomainEventMap>(event: K, fn: (...args: DomainEventMap[K]) => void) => {
    // The typed emitter cannot relate a generic K to its listener type: the signature above checks it.
    instance.events.on(event, fn as never);
    offs.push(() => instance.events.off(event, fn as never));
  };
  listen('alert.created', onCreated);
  listen('alert.update_added', onUpdate);
  listen('watch.hit', onWatchHit);
  listen('access.decided', onDecided);
  listen('session.ended', onSessionEnded);
  listen('user.sessions_revoked', onUserRevoked);
  listen('agency.sessions_revoked', onAgencyRevoked);
  const unwire = () => {
    for (const off of offs.splice(0)) off();
  };
  const settled = async (): Promise<void> => {
    while (pending.size) await Promise.all(pending);
    await sender.idle();
  };
  return { unwire, settled };
}
