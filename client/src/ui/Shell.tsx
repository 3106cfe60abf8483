/**
 * The frame around screens: the official-use banner, connection indicator, language and sound
 * switches, the main navigation (with places for every area), and the live regions. On a phone
 * the header is one short row (name, connection, language) and the areas are in a bottom tab
 * bar (ui/TabBar.tsx); on wider screens the header holds the navigation and the account.
 */
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { common } from '../../../shared/i18n/client/common.js';
import { notices } from '../../../shared/i18n/client/notices.js';
import { translator } from '../i18n/index.js';
import { loadInboxOnce } from '../state/inbox.js';
import { signOut } from '../state/lifecycle.js';
import { confinedToStatistics, currentUser } from '../state/session.js';
import { loadIncomingOnce } from '../state/notifications.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { LiveAnnouncer } from './LiveAnnouncer.js';
import { LiveNotices } from './LiveNotices.js';
import { NavLinks } from './NavLinks.js';
import { navLinks } from './navItems.js';
import { enableSound, muted, soundBlocked } from './sound.js';
import { SoundSwitch } from './SoundSwitch.js';
import { TabBar } from './TabBar.js';
import { isPhone } from './viewport.js';

const t = translator(common);
const tn = translator(notices);

function Banner() {
  return (
    <p class="banner" id="banner">
      {t('officialUse')}
    </p>
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
  return <NavLinks class="main-nav" label={t('mainNav')} links={navLinks(path)} />;
}

/** Signed-in frame. */
export function Shell({ children }: { children: ComponentChildren }) {
  const user = currentUser.value;
  const phone = isPhone.value;
  const decides = !!user?.roles.some((r) => r === 'officer' || r === 'prosecutor' || r === 'agency_admin');
  // The statistics seat has no inbox and no live connection (issue 29).
  const statisticsOnly = confinedToStatistics(user);
  useEffect(() => {
    // Pending requests addressed to the agency, for the badge; live events keep it current.
    if (decides) void loadIncomingOnce();
  }, [decides]);
  useEffect(() => {
    // The unread count for the badge: stored on the server, so it survives the session.
    if (user && !statisticsOnly) void loadInboxOnce();
  }, [user?.id]);
  return (
    <div class={phone ? 'shell shell-phone' : 'shell'}>
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header class="app-header">
        <div class="app-header-row">
          <a class="brand" href={statisticsOnly ? '/statistics' : '/'}>
            {t('appName')}
          </a>
          <div class="toolbar">
            {statisticsOnly ? null : <ConnectionIndicator />}
            <LanguageSwitch />
            {phone ? null : (
              <>
                <SoundSwitch />
                <div class="user-box">
                  <span class="user-name">{user?.displayName}</span>
                  <button type="button" class="link-button sign-out" onClick={() => void signOut()}>
                    {t('signOut')}
                  </button>
                </div>
              </>
            )}
          </div>
        </div>
        {phone ? null : (
          <div class="app-header-row">
            <MainNav />
          </div>
        )}
      </header>
      <main id="main" class="app-main">
        <SoundPrompt />
        <LiveNotices />
        {children}
      </main>
      <footer class="app-footer">
        <Banner />
      </footer>
      {phone ? <TabBar /> : null}
      <LiveAnnouncer />
    </div>
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
