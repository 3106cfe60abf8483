/**
 * The phone's main navigation: a bar at the bottom (under the thumb) with the feed, search,
 * directory and inbox, and "Más" opening the other areas the user's roles reach, the sound
 * switch, who is signed in and "Cerrar sesión". The header stays one short row, so the feed
 * starts in the top third of the screen.
 */
import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { common } from '../../../shared/i18n/client/common.js';
import { translator } from '../i18n/index.js';
import { signOut } from '../state/lifecycle.js';
import { currentUser } from '../state/session.js';
import { NavBadge } from './NavLinks.js';
import { tabLinks } from './navItems.js';
import { SoundSwitch } from './SoundSwitch.js';

const t = translator(common);
const PANEL_ID = 'more-panel';

export function TabBar() {
  const { path } = useLocation();
  const { tabs, more } = tabLinks(path);
  const [open, setOpen] = useState(false);
  const bar = useRef<HTMLElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const inMore = more.some((l) => l.current);

  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    // A tap anywhere else closes the panel, as a menu does.
    const outside = (e: PointerEvent) => {
      if (bar.current && !bar.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (open && e.key === 'Escape') {
      setOpen(false);
      moreButton.current?.focus();
    }
  };

  return (
    <nav class="tab-bar" aria-label={t('mainNav')} ref={bar} onKeyDown={onKeyDown} data-testid="tab-bar">
      <div id={PANEL_ID} class="more-panel" hidden={!open}>
        <p class="more-user">{currentUser.value?.displayName}</p>
        <ul class="more-links">
          {more.map((l) => (
            <li key={l.href}>
              <a href={l.href} aria-current={l.current ? 'page' : undefined}>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
        <div class="more-actions">
          <SoundSwitch />
          <button type="button" class="sign-out" onClick={() => void signOut()}>
            {t('signOut')}
          </button>
        </div>
      </div>
      <ul class="tabs">
        {tabs.map((l) => (
          <li key={l.href}>
            <a class="tab" href={l.href} aria-current={l.current ? 'page' : undefined}>
              <span class="tab-label">{l.label}</span>
              <NavBadge badge={l.badge} />
            </a>
          </li>
        ))}
        <li>
          <button
            ref={moreButton}
            type="button"
            class={`tab${inMore ? ' tab-current' : ''}`}
            aria-expanded={open}
            aria-controls={PANEL_ID}
            onClick={() => setOpen(!open)}
          >
            <span class="tab-label">{t('tabMore')}</span>
          </button>
        </li>
      </ul>
    </nav>
  );
}
