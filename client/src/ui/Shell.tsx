/**
 * The frame around screens: the official-use banner, connection indicator, language and sound
 * switches, the main navigation (with places for every area), and the live regions.
 */
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { common } from '../../../shared/i18n/client/common.js';
import { feed } from '../../../shared/i18n/client/feed.js';
import { notices } from '../../../shared/i18n/client/notices.js';
import { inbox } from '../../../shared/i18n/client/inbox.js';
import { inboxUnread, loadInboxOnce } from '../state/inbox.js';
import { ALERT_POSTING_ROLES } from '../../../shared/schemas/adminEnums.js';
import type { Role } from '../../../shared/schemas/common.js';
import { pluralTranslator, translator } from '../i18n/index.js';
import { signOut } from '../state/lifecycle.js';
import { currentUser } from '../state/session.js';
import { unseenCount } from '../state/feed.js';
import { loadIncomingOnce, pendingIncoming } from '../state/notifications.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { LiveAnnouncer } from './LiveAnnouncer.js';
import { LiveNotices } from './LiveNotices.js';
import { NavLinks, type NavLink } from './NavLinks.js';
import { enableSound, muted, setMuted, soundBlocked } from './sound.js';

const t = translator(common);
const tfp = pluralTranslator(feed);
const tn = translator(notices);
const ti = translator(inbox);

interface NavItem {
  href: string;
  label: () => string;
  /** Shown only to users with one of these roles (all users when absent). */
  roles?: Role[];
  /** Not shown to users with one of these roles (they reach it another way). */
  unlessRoles?: Role[];
  /** Whether the current path belongs to this item. */
  match: (path: string) => boolean;
}

/** The areas of Puente; later parts fill the search, directory, administration and account areas. */
const NAV: NavItem[] = [
  { href: '/', label: () => t('navFeed'), match: (p) => p === '/' || (p.startsWith('/alerts/') && p !== '/alerts/new') },
  { href: '/alerts/new', label: () => t('navNewAlert'), roles: [...ALERT_POSTING_ROLES], match: (p) => p === '/alerts/new' },
  { href: '/inbox', label: () => ti('title'), match: (p) => p.startsWith('/inbox') },
  { href: '/search', label: () => t('navSearch'), match: (p) => p.startsWith('/search') },
  { href: '/directory', label: () => t('navDirectory'), match: (p) => p.startsWith('/directory') },
  { href: '/admin', label: () => t('navAdmin'), roles: ['agency_admin', 'system_admin'], match: (p) => p.startsWith('/admin') },
  {
    href: '/admin/reminders',
    label: () => t('navReminders'),
    roles: ['officer', 'prosecutor'],
    unlessRoles: ['agency_admin', 'system_admin'], // they have it in Administration
    match: (p) => p.startsWith('/admin/reminders'),
  },
  { href: '/account', label: () => t('navAccount'), match: (p) => p.startsWith('/account') },
];

function Banner() {
  return (
    <p class="banner" id="banner">
      {t('officialUse')}
    </p>
  );
}

function Toolbar() {
  return (
    <div class="toolbar">
      <ConnectionIndicator />
      <LanguageSwitch />
      <button type="button" class="icon-button" aria-pressed={muted.value} onClick={() => setMuted(!muted.value)}>
        {muted.value ? t('unmuteSound') : t('muteSound')}
      </button>
    </div>
  );
}

/** Shown when the browser held back an urgent alert's sound: one tap allows sound from then on. */
function SoundPrompt() {
  if (!soundBlocked.value || muted.value) return null;
  return (
    <div class="notice notice-warning sound-prompt" role="status" data-testid="sound-prompt">
      <span>{tn('soundBlocked')}</span>
      <button type="button" class="primary" onClick={() => void enableSound()}>
        {tn('soundEnable')}
      </button>
    </div>
  );
}

function MainNav() {
  const { path } = useLocation();
  const user = currentUser.value;
  const count = unseenCount.value;
  const pending = pendingIncoming.value;
  const unread = inboxUnread.value;
  const items = NAV.filter(
    (n) => (!n.roles || n.roles.some((r) => user?.roles.includes(r))) && !n.unlessRoles?.some((r) => user?.roles.includes(r)),
  );
  const badges: Record<string, NavLink['badge']> = {
    '/': { count, label: tfp('newBadgeLabel', count), testId: 'feed-badge' },
    '/inbox': { count: unread, label: ti('navBadge', { count: unread }), testId: 'inbox-badge' },
    '/search': { count: pending, label: tn('searchBadge', { count: pending }), testId: 'search-badge' },
  };
  return (
    <NavLinks
      class="main-nav"
      label={t('mainNav')}
      links={items.map((n) => ({ href: n.href, label: n.label(), current: n.match(path), badge: badges[n.href] }))}
    />
  );
}

/** Signed-in frame. */
export function Shell({ children }: { children: ComponentChildren }) {
  const user = currentUser.value;
  const decides = !!user?.roles.some((r) => r === 'officer' || r === 'prosecutor' || r === 'agency_admin');
  useEffect(() => {
    // Pending requests addressed to the agency, for the badge; live events keep it current.
    if (decides) void loadIncomingOnce();
  }, [decides]);
  useEffect(() => {
    // The unread count for the badge: stored on the server, so it survives the session.
    if (user) void loadInboxOnce();
  }, [user?.id]);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header class="app-header">
        <div class="app-header-row">
          <a class="brand" href="/">
            {t('appName')}
          </a>
          <Toolbar />
        </div>
        <div class="app-header-row">
          <MainNav />
          <div class="user-box">
            <span class="user-name">{user?.displayName}</span>
            <button type="button" class="link-button" onClick={() => void signOut()}>
              {t('signOut')}
            </button>
          </div>
        </div>
      </header>
      <main id="main" class="app-main">
        <SoundPrompt />
        <LiveNotices />
        {children}
      </main>
      <footer class="app-footer">
        <Banner />
      </footer>
      <LiveAnnouncer />
    </>
  );
}

/** Frame of the screens reached without a session (sign-in, invitation, reset, MFA enrolment). */
export function PublicFrame({ children }: { children: ComponentChildren }) {
  return (
    <>
      <header class="app-header">
        <div class="app-header-row">
          <span class="brand">{t('appName')}</span>
          <div class="toolbar">
            <LanguageSwitch />
          </div>
        </div>
      </header>
      <main id="main" class="app-main narrow">
        <Banner />
        {children}
      </main>
    </>
  );
}
