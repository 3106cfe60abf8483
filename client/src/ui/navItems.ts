/**
 * The areas of Puente, shared by the desktop header navigation and the phone's tab bar: which
 * areas a user's roles reach, which one the path belongs to, and the counts badged on them.
 */
import { common } from '../../../shared/i18n/client/common.js';
import { feed } from '../../../shared/i18n/client/feed.js';
import { inbox } from '../../../shared/i18n/client/inbox.js';
import { notices } from '../../../shared/i18n/client/notices.js';
import { ALERT_POSTING_ROLES } from '../../../shared/schemas/adminEnums.js';
import type { Role } from '../../../shared/schemas/common.js';
import { pluralTranslator, translator } from '../i18n/index.js';
import { unseenCount } from '../state/feed.js';
import { inboxUnread } from '../state/inbox.js';
import { pendingIncoming } from '../state/notifications.js';
import { currentUser } from '../state/session.js';
import type { NavLink } from './NavLinks.js';

const t = translator(common);
const tfp = pluralTranslator(feed);
const tn = translator(notices);
const ti = translator(inbox);

interface NavItem {
  href: string;
  label: () => string;
  /** The shorter label of the phone's tab bar (tabs only). */
  tabLabel?: () => string;
  /** A tab of the phone's tab bar; the other areas are under "Más". */
  tab: boolean;
  /** Shown only to users with one of these roles (all users when absent). */
  roles?: Role[];
  /** Not shown to users with one of these roles (they reach it another way). */
  unlessRoles?: Role[];
  /** Whether the current path belongs to this item. */
  match: (path: string) => boolean;
}

/** The statistics role reaches its screen and its account only (server/api.ts confines it). */
const NOT_STATISTICS: Role[] = ['statistics'];

const NAV: NavItem[] = [
  {
    href: '/',
    label: () => t('navFeed'),
    tab: true,
    unlessRoles: NOT_STATISTICS,
    match: (p) => p === '/' || (p.startsWith('/alerts/') && p !== '/alerts/new'),
  },
  { href: '/alerts/new', label: () => t('navNewAlert'), tab: false, roles: [...ALERT_POSTING_ROLES], match: (p) => p === '/alerts/new' },
  { href: '/inbox', label: () => ti('title'), tab: true, unlessRoles: NOT_STATISTICS, match: (p) => p.startsWith('/inbox') },
  {
    href: '/search',
    label: () => t('navSearch'),
    tabLabel: () => t('tabSearch'),
    tab: true,
    unlessRoles: NOT_STATISTICS,
    match: (p) => p.startsWith('/search'),
  },
  { href: '/directory', label: () => t('navDirectory'), tab: true, unlessRoles: NOT_STATISTICS, match: (p) => p.startsWith('/directory') },
  // The commission's seat has it as its one tab; system administrators find it beside Administration.
  { href: '/statistics', label: () => t('navStatistics'), tab: true, roles: ['statistics'], match: (p) => p.startsWith('/statistics') },
  {
    href: '/statistics',
    label: () => t('navStatistics'),
    tab: false,
    roles: ['system_admin'],
    unlessRoles: NOT_STATISTICS,
    match: (p) => p.startsWith('/statistics'),
  },
  { href: '/admin', label: () => t('navAdmin'), tab: false, roles: ['agency_admin', 'system_admin'], match: (p) => p.startsWith('/admin') },
  {
    href: '/admin/reminders',
    label: () => t('navReminders'),
    tab: false,
    roles: ['officer', 'prosecutor'],
    unlessRoles: ['agency_admin', 'system_admin'], // they have it in Administration
    match: (p) => p.startsWith('/admin/reminders'),
  },
  { href: '/account', label: () => t('navAccount'), tab: false, match: (p) => p.startsWith('/account') },
];

/** The phone's tab order: the feed, search, directory and inbox (the thumb's most used first). */
const TAB_ORDER = ['/', '/search', '/directory', '/inbox', '/statistics'];

function allowed(n: NavItem, roles: readonly Role[]): boolean {
  return (!n.roles || n.roles.some((r) => roles.includes(r))) && !n.unlessRoles?.some((r) => roles.includes(r));
}

function badgeFor(href: string): NavLink['badge'] {
  if (href === '/') {
    const count = unseenCount.value;
    return { count, label: tfp('newBadgeLabel', count), testId: 'feed-badge' };
  }
  if (href === '/inbox') {
    const count = inboxUnread.value;
    return { count, label: ti('navBadge', { count }), testId: 'inbox-badge' };
  }
  if (href === '/search') {
    const count = pendingIncoming.value;
    return { count, label: tn('searchBadge', { count }), testId: 'search-badge' };
  }
  return undefined;
}

function toLink(n: NavItem, path: string, short: boolean): NavLink {
  return { href: n.href, label: (short && n.tabLabel ? n.tabLabel : n.label)(), current: n.match(path), badge: badgeFor(n.href) };
}

/** Every area the signed-in user reaches, in the header's order (desktop). */
export function navLinks(path: string): NavLink[] {
  const roles = currentUser.value?.roles ?? [];
  return NAV.filter((n) => allowed(n, roles)).map((n) => toLink(n, path, false));
}

/** The phone's split: the tabs, and the areas listed under "Más". */
export function tabLinks(path: string): { tabs: NavLink[]; more: NavLink[] } {
  const roles = currentUser.value?.roles ?? [];
  const items = NAV.filter((n) => allowed(n, roles));
  const tabs = TAB_ORDER.flatMap((href) => items.filter((n) => n.tab && n.href === href)).map((n) => toLink(n, path, true));
  const more = items.filter((n) => !n.tab).map((n) => toLink(n, path, false));
  return { tabs, more };
}
