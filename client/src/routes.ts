/**
 * Screens by group, each group a chunk loaded on demand (esbuild code splitting). A group's
 * module exports its screens; add a screen by exporting it there and adding its route in app.tsx.
 */
import { lazy } from 'preact-iso';

const authGroup = () => import('./screens/auth/index.js');
const feedGroup = () => import('./screens/feed/index.js');
const alertGroup = () => import('./screens/alert/index.js');
const searchGroup = () => import('./screens/search/index.js');
const directoryGroup = () => import('./screens/directory/index.js');
const adminGroup = () => import('./screens/admin/index.js');
const accountGroup = () => import('./screens/account/index.js');
const inboxGroup = () => import('./screens/inbox/index.js');

export const SignInScreen = lazy(() => authGroup().then((m) => m.SignInScreen));
export const MfaEnrolmentScreen = lazy(() => authGroup().then((m) => m.MfaEnrolmentScreen));
export const InvitationScreen = lazy(() => authGroup().then((m) => m.InvitationScreen));
export const FeedScreen = lazy(() => feedGroup().then((m) => m.FeedScreen));
export const NewAlertScreen = lazy(() => alertGroup().then((m) => m.NewAlertScreen));
export const AlertDetailScreen = lazy(() => alertGroup().then((m) => m.AlertDetailScreen));
export const SearchArea = lazy(() => searchGroup().then((m) => m.SearchArea));
export const DirectoryArea = lazy(() => directoryGroup().then((m) => m.DirectoryArea));
export const AdminArea = lazy(() => adminGroup().then((m) => m.AdminArea));
export const AccountArea = lazy(() => accountGroup().then((m) => m.AccountArea));
export const InboxScreen = lazy(() => inboxGroup().then((m) => m.InboxScreen));

/** Paths anyone may open without a session. */
export const PUBLIC_PATHS = ['/sign-in', '/invitation', '/reset'];
