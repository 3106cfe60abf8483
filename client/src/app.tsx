/** The app: router, guards (signed in, MFA enrolled), and the shell around signed-in screens. */
import { ErrorBoundary, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { common } from '../../shared/i18n/client/common.js';
import { translator } from './i18n/index.js';
import {
  AccountArea,
  InboxScreen,
  AdminArea,
  AlertDetailScreen,
  DirectoryArea,
  FeedScreen,
  InvitationScreen,
  MfaEnrolmentScreen,
  NewAlertScreen,
  PUBLIC_PATHS,
  SearchArea,
  SignInScreen,
  STATISTICS_PATHS,
  StatisticsScreen,
} from './routes.js';
import { offlineDirectoryOnly } from './state/offline.js';
import { confinedToStatistics, session } from './state/session.js';
import { Shell, PublicFrame } from './ui/Shell.js';
import { ScreenHeading } from './ui/ScreenHeading.js';

const t = translator(common);

function NotFound() {
  return (
    <section>
      <ScreenHeading title={t('notFoundTitle')} />
      <p>{t('notFoundText')}</p>
      <p>
        <a href="/">{t('backToFeed')}</a>
      </p>
    </section>
  );
}

/** Sends visitors without a session to sign-in, users who must enrol MFA to enrolment, and the statistics role to its screen. */
function useGuard(path: string): 'wait' | 'public' | 'enrol' | 'app' {
  const s = session.value;
  const { route } = useLocation();
  // Offline with the directory kept on this device: the directory opens (state/offline.ts).
  const isPublic = PUBLIC_PATHS.includes(path) || (offlineDirectoryOnly.value && path.startsWith('/directory'));
  const target =
    s === undefined
      ? null
      : s === null
        ? isPublic
          ? null
          : offlineDirectoryOnly.value
            ? '/directory'
            : '/sign-in'
        : s.mfaEnrolmentRequired && path !== '/mfa-setup'
          ? '/mfa-setup'
          : !s.mfaEnrolmentRequired && confinedToStatistics(s.user) && !isPublic && !STATISTICS_PATHS.some((p) => path.startsWith(p))
            ? '/statistics'
            : null;
  useEffect(() => {
    if (target) route(target === '/sign-in' && path !== '/' ? `/sign-in?next=${encodeURIComponent(path)}` : target, true);
  }, [target, path]);
  if (s === undefined || target) return 'wait';
  if (isPublic || s === null) return 'public';
  return s.mfaEnrolmentRequired ? 'enrol' : 'app';
}

function Screens() {
  const { path } = useLocation();
  const mode = useGuard(path);
  if (mode === 'wait') return <p class="boot">{t('loading')}</p>;
  const routes = (
    <ErrorBoundary>
      <Router>
        <Route path="/sign-in" component={SignInScreen} />
        <Route path="/invitation" component={InvitationScreen} />
        <Route path="/reset" component={InvitationScreen} />
        <Route path="/mfa-setup" component={MfaEnrolmentScreen} />
        <Route path="/" component={FeedScreen} />
        <Route path="/alerts/new" component={NewAlertScreen} />
        <Route path="/alerts/:id" component={AlertDetailScreen} />
        <Route path="/search/:rest*" component={SearchArea} />
        <Route path="/directory/:rest*" component={DirectoryArea} />
        <Route path="/admin/:rest*" component={AdminArea} />
        <Route path="/account/:rest*" component={AccountArea} />
        <Route path="/inbox" component={InboxScreen} />
        <Route path="/statistics" component={StatisticsScreen} />
        <Route default component={NotFound} />
      </Router>
    </ErrorBoundary>
  );
  return mode === 'app' ? <Shell>{routes}</Shell> : <PublicFrame>{routes}</PublicFrame>;
}

export function App() {
  return (
    <LocationProvider>
      <Screens />
    </LocationProvider>
  );
}
