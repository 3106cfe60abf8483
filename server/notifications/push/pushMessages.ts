/**
 * Push payloads. A lock screen is read by whoever holds the phone, and the message crosses the
 * browser vendor's push service: it carries only the kind of event, the alert's kind, priority and
 * reference, and where to go. Never a title, summary, name, document, phone, plate, place or note
 * (docs/security.md "Issue 24 — what reaches the officer").
 */
import type { AccessRequestDto } from '../../../shared/dto/access.js';
import type { PushPayload } from '../../../shared/dto/push.js';
import { domain } from '../../../shared/i18n/client/domain.js';
import type { Language } from '../../../shared/i18n/messages.js';
import { PUSH_TEXTS } from '../../../shared/i18n/pushMessages.js';

/** What of an alert a push message may name. */
export interface AlertPushFacts {
  id: string;
  reference: string;
  kind: string;
  priority: string;
}

const label = (lang: Language, key: string, fallback: string): string =>
  (domain[lang] as Record<string, string | undefined>)[key] ?? fallback;

function line(lang: Language, parts: Array<string | null>): string {
  return `${parts.filter((p): p is string => Boolean(p)).join(' · ')} — ${PUSH_TEXTS[lang].open}`;
}

const alertParts = (lang: Language, a: AlertPushFacts) => [
  label(lang, `kind_${a.kind}`, a.kind),
  label(lang, `priority_${a.priority}`, a.priority),
  a.reference,
];

export function urgentAlertPayload(lang: Language, a: AlertPushFacts): PushPayload {
  return {
    topic: 'urgent_alert',
    title: PUSH_TEXTS[lang].urgent_alert!,
    body: line(lang, alertParts(lang, a)),
    url: `/alerts/${a.id}`,
    tag: `alert-${a.id}`,
  };
}

export function alertHitPayload(lang: Language, a: AlertPushFacts, hitType: string | null): PushPayload {
  const hit = hitType ? label(lang, `hit_${hitType}`, hitType) : null;
  return {
    topic: 'alert_hit',
    title: PUSH_TEXTS[lang].alert_hit!,
    body: line(lang, [hit, ...alertParts(lang, a)]),
    url: `/alerts/${a.id}`,
    tag: `hit-${a.id}`,
  };
}

export function watchHitPayload(lang: Language, a: AlertPushFacts, watchId: string): PushPayload {
  return {
    topic: 'watch_hit',
    title: PUSH_TEXTS[lang].watch_hit!,
    body: line(lang, alertParts(lang, a)),
    url: `/alerts/${a.id}`,
    tag: `watch-${watchId}-${a.id}`,
  };
}

export function accessDecisionPayload(
  lang: Language,
  r: Pick<AccessRequestDto, 'id' | 'alertId' | 'reference' | 'kind' | 'status'>,
): PushPayload {
  return {
    topic: 'access_decision',
    title: PUSH_TEXTS[lang][`access_${r.status}`] ?? PUSH_TEXTS[lang].access_pending!,
    body: line(lang, [r.kind ? label(lang, `kind_${r.kind}`, r.kind) : null, r.reference]),
    url: `/alerts/${r.alertId}`,
    tag: `access-${r.id}`,
  };
}
