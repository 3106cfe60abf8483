/** Screen group "search", loaded on demand: search, access requests, matches and watches, under /search. */
import { useLocation } from 'preact-iso';
import { MatchesScreen } from './MatchesScreen.js';
import { RequestsScreen } from './RequestsScreen.js';
import { SearchScreen } from './SearchScreen.js';
import { WatchesScreen } from './WatchesScreen.js';

export { MatchesPanel } from './MatchesPanel.js';

const SCREENS = { '/requests': RequestsScreen, '/matches': MatchesScreen, '/watches': WatchesScreen } as const;

/** The area's own routing on the path below /search (whatever the parent route's pattern passes on). */
export function SearchArea() {
  const { path } = useLocation();
  const sub = path.replace(/^\/search/, '').replace(/\/$/, '');
  const Screen = SCREENS[sub as keyof typeof SCREENS] ?? SearchScreen;
  return <Screen key={sub} />;
}
