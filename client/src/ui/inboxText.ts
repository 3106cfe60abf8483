/** An inbox item's sentence and link, written here from its kind and facts (never free text from the server). */
import type { InboxItemDto } from '../../../shared/dto/inbox.js';
import { inbox } from '../../../shared/i18n/client/inbox.js';
import { translator } from '../i18n/index.js';
import { formatDate } from '../i18n/dates.js';

const t = translator(inbox);

/** The sentence for an item, from its kind and the facts it carries (never free text from the server). */
export function inboxSentence(item: InboxItemDto): string {
  if (!item.available) return t('unavailable');
  const reference = item.data.reference ?? '';
  switch (item.kind) {
    case 'access_decided':
      return t(
        item.data.status === 'granted'
          ? 'access_decided_granted'
          : item.data.status === 'refused'
            ? 'access_decided_refused'
            : 'access_decided_ended',
      );
    case 'protected_person_checked':
      return t('protected_person_checked', {
        reference,
        agency: item.data.agencyName ?? t('someAgency'),
        place: item.data.place ? t('placeSuffix', { place: item.data.place }) : '',
      });
    case 'retention_due':
      return t('retention_due', { reference, date: item.data.purgeAt ? formatDate(item.data.purgeAt) : '' });
    case 'role_grant_pending':
      return t('role_grant_pending', { roles: (item.data.roles ?? []).join(', ') });
    default:
      return t(item.kind, { reference });
  }
}

/** Where an item leads: the alert, the access requests, the accounts to approve, or the own account. */
export function inboxLink(item: InboxItemDto): string | null {
  const s = item.subject;
  if (!s) return null;
  if (s.type === 'alert') return `/alerts/${encodeURIComponent(s.id)}`;
  if (s.type === 'accessRequest') return '/search/requests';
  return item.kind === 'role_grant_pending' ? '/admin/accounts' : '/account';
}
