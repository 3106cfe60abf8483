/**
 * Whether the window is phone-sized: the shell then shows a compact header and a bottom tab bar,
 * and the feed folds its filters. The same width as the `@media (max-width: 47.99rem)` rules in
 * styles/shell.css; a signal, so turning a tablet or resizing a window re-renders.
 */
import { signal } from '@preact/signals';

export const PHONE_QUERY = '(max-width: 47.99rem)';

const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(PHONE_QUERY) : null;

export const isPhone = signal<boolean>(query?.matches ?? false);

query?.addEventListener('change', (e) => {
  isPhone.value = e.matches;
});
