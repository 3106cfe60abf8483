/** Notices of live search events on every screen: a watch hit or a protected person checked opens its alert, access requests and decisions open the inbox. */
import { notices as dict } from '../../../shared/i18n/client/notices.js';
import { offline } from '../../../shared/i18n/client/offline.js';
import { translator } from '../i18n/index.js';
import { formatInstant } from '../i18n/dates.js';
import { agencyLabel } from '../state/agencies.js';
import { currentUser } from '../state/session.js';
import { dismissNotice, notices, type Notice } from '../state/notifications.js';
import { inboxLink, inboxSentence } from './inboxText.js';

const t = translator(dict);
const to = translator(offline);

function content(n: Notice): { text: string; href: string; link: string } {
  if (n.type === 'outbox_sent')
    return { text: to('sent', { reference: n.alert.reference }), href: `/alerts/${n.alert.id}`, link: to('openSent') };
  if (n.type === 'inbox') return { text: inboxSentence(n.item), href: inboxLink(n.item) ?? '/inbox', link: t('openAlert') };
  if (n.type === 'watch_hit')
    return {
      text: t('watchHit', { reference: n.hit.alert.reference, title: n.hit.alert.title }),
      href: `/alerts/${n.hit.alert.id}`,
      link: t('openAlert'),
    };
  if (n.type === 'protected_checked') {
    const { check } = n;
    const time = formatInstant(check.at, currentUser.value?.country ?? null, false).local;
    const vars = { reference: check.reference, agency: check.checkedByAgencyName, time };
    return {
      text: check.place ? t('protectedChecked', { ...vars, place: check.place }) : t('protectedCheckedNoPlace', vars),
      href: `/alerts/${check.alertId}`,
      link: t('openAlert'),
    };
  }
  const reference = n.request.reference ?? '';
  if (n.type === 'access_request')
    return {
      text: t('accessRequest', { reference, agency: agencyLabel(n.request.requesterAgencyId) }),
      href: '/search/requests',
      link: t('openRequests'),
    };
  const status = n.request.status;
  const text = t(status === 'granted' ? 'accessGranted' : status === 'refused' ? 'accessRefused' : 'accessEnded', { reference });
  return status === 'granted'
    ? { text, href: `/alerts/${n.request.alertId}`, link: t('openAlert') }
    : { text, href: '/search/requests', link: t('openRequests') };
}

export function LiveNotices() {
  const list = notices.value;
  return (
    <div class="live-notices" aria-live="polite" aria-label={t('region')} role="region">
      {list.length ? (
        <ul>
          {list.map((n) => {
            const c = content(n);
            return (
              <li key={n.id} class={`live-notice live-notice-${n.type}`} data-testid={`notice-${n.type}`}>
                <span>{c.text}</span>{' '}
                <a href={c.href} onClick={() => dismissNotice(n.id)}>
                  {c.link}
                </a>{' '}
                <button type="button" class="link-button" onClick={() => dismissNotice(n.id)}>
                  {t('dismiss')}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
