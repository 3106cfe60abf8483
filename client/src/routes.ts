/**
 * Screens by group. Sign-in and the feed — the first screen of a visit, signed out or in — are in
 * the first bundle, so neither waits for another round trip after the session check; every other
 * group is a chunk loaded on demand (esbuild code splitting) through its `lazy/<group>.ts` module.
 * Add a screen by exporting it from its group's index and adding its route in app.tsx.
 */
import { lazy } from 'preact-iso';

export { SignInScreen } from './screens/auth/SignInScreen.js';
export { FeedScreen } from './screens/feed/FeedScreen.js';

const authGroup = () => import('./lazy/auth.js');
const alertGroup = () => import('./lazy/alert.js');
const searchGroup = () => import('./lazy/search.js');
const directoryGroup = () => import('./lazy/directory.js');
const adminGroup = () => import('./lazy/admin.js');
const accountGroup = () => import('./lazy/account.js');
const inboxGroup = () => import('./lazy/inbox.js');
const statisticsGroup = () => import('./lazy/statistics.js');

export const MfaEnrolmentScreen = lazy(() => authGroup().then((m) => m.MfaEnrolmentScreen));
export const InvitationScreen = lazy(() => authGroup().then((m) => m.InvitationScreen));
export const NewAlertScreen = lazy(() => alertGroup().then((m) => m.NewAlertScreen));
export const AlertDetailScreen = lazy(() => alertGroup().then((m) => m.AlertDetailScreen));
export const SearchArea = lazy(() => searchGroup().then((m) => m.SearchArea));
export const DirectoryArea = lazy(() => directoryGroup().then((m) => m.DirectoryArea));
export const AdminArea = lazy(() => adminGroup().then((m) => m.AdminArea));
export const AccountArea = lazy(() => accountGroup().then((m) => m.AccountArea));
export const InboxScreen = lazy(() => inboxGroup().then((m) => m.InboxScreen));
export const StatisticsScreen = lazy(() => statisticsGroup().then((m) => m.StatisticsScreen));

/** Paths anyone may open without a session. */
export const PUBLIC_PATHS = ['/sign-in', '/invitation', '/reset'];

/** The statistics role's screens (issue 29): its own, and its account (the server refuses it the rest). */
export const STATISTICS_PATHS = ['/statistics', '/account'];
