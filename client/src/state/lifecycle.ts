/**
 * Session lifecycle: the first check at boot, a completed sign-in, sign-out and revocation.
 * Ending a session wipes the device (IndexedDB, memory) and lands on sign-in with the reason; so
 * does a boot that finds no session, and a sign-in by another user than the one whose data the
 * device holds (claimDevice). Offline at boot the data stays for its owner, unread and unsent.
 */
import type { UserDto } from '../../../shared/dto/user.js';
import type { RevocationReason } from '../../../shared/events.js';
import { logoutEverywhere } from '../api/account.js';
import { logout, me } from '../api/auth.js';
import { ApiRequestError, setCsrfToken } from '../api/http.js';
import { claimDevice, readDirectoryCopy, wipeLocalData } from '../live/localStore.js';
import { enableOfflineShell } from '../live/offlineShell.js';
import { refreshPushState } from '../live/pushDevice.js';
import { startLive, stopLive } from '../live/socket.js';
import { flushOutbox } from '../live/outbox.js';
import { forgetAgencies, loadAgencies } from './agencies.js';
import { resetFeed } from './feed.js';
import { resetNotifications } from './notifications.js';
import { resetInbox } from './inbox.js';
import { offlineDirectoryOnly } from './offline.js';
import { session } from './session.js';

/** Asks the server who is signed in (the session cookie is HttpOnly). */
export async function bootSession(): Promise<void> {
  try {
    const res = await me();
    offlineDirectoryOnly.value = false;
    await startSession(res.user, res.mfaEnrolmentRequired);
  } catch (err) {
    if (err instanceof ApiRequestError && err.code === 'network') {
      // Offline at boot: nobody can be shown as signed in without the server, but a directory copy
      // left by a user who did not sign out opens on its own; the session is checked once back online.
      if (await readDirectoryCopy().catch(() => undefined)) {
        offlineDirectoryOnly.value = true;
        window.addEventListener('online', () => void bootSession(), { once: true });
      }
    } else if (err instanceof ApiRequestError && err.code === 'unauthenticated') {
      // No session (ended elsewhere, idled out): whatever it left on the device goes — outbox,
      // draft, directory copy, shell — before anyone else can sign in here.
      offlineDirectoryOnly.value = false;
      await wipeLocalData().catch(() => undefined);
    }
    session.value = null;
    if (!(err instanceof ApiRequestError)) throw err;
  }
}

/**
 * A sign-in step succeeded (or the boot found a session): keep the user the server confirmed, make
 * the device theirs (another user's data is wiped first) and, once MFA is satisfied, go live.
 */
export async function startSession(user: UserDto, mfaEnrolmentRequired: boolean): Promise<void> {
  session.value = { user, mfaEnrolmentRequired };
  await claimDevice(user.id).catch(() => undefined);
  if (mfaEnrolmentRequired) return;
  void loadAgencies();
  enableOfflineShell();
  // A device that opted in earlier is handed to this session, so its sign-out removes it.
  void refreshPushState().catch(() => undefined);
  startLive({ onRevoked: (reason) => void endSession(reason), onConnected: () => void flushOutbox(user.id) });
}

let ending = false;
/** Set while this device asks to sign out everywhere: the `logout` revocation that follows is its own doing. */
let signingOutEverywhere = false;

/** Why sign-in says the session ended: a revocation, or this device's own "sign out everywhere". */
export type EndReason = RevocationReason | 'everywhere';

/** Ends the session on this device: stops live updates, wipes local data, returns to sign-in. */
export async function endSession(revocation: EndReason | null): Promise<void> {
  // Once: a revocation arriving while a sign-out is wiping must not start a second navigation.
  if (ending) return;
  ending = true;
  const reason = signingOutEverywhere && (revocation === 'logout' || revocation === null) ? 'everywhere' : revocation;
  stopLive();
  resetFeed();
  resetNotifications();
  resetInbox();
  forgetAgencies();
  setCsrfToken(null);
  // Not yet "signed out" (that would show the sign-in form, lost again at the navigation below):
  // the app shows its loading state while the device is wiped.
  session.value = undefined;
  await wipeLocalData().catch(() => undefined);
  // A full navigation also drops everything held in memory by the screens.
  window.location.assign(reason ? `/sign-in?ended=${encodeURIComponent(reason)}` : '/sign-in');
}

/** Ends every session of the user, this one included; this device then says so (not "ended elsewhere"). */
export async function signOutEverywhere(): Promise<void> {
  signingOutEverywhere = true;
  try {
    await logoutEverywhere();
  } catch (err) {
    signingOutEverywhere = false;
    throw err;
  }
  await endSession('everywhere');
}

export async function signOut(): Promise<void> {
  // The socket goes first, so the server's session:revoked for this very logout is not taken for another's.
  stopLive();
  await logout().catch(() => undefined);
  await endSession(null);
}
