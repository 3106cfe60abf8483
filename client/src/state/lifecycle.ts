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
import { ApiRequestError, forgetPrimed, prefetchCsrfToken, setCsrfToken } from '../api/http.js';
import { claimDevice, readDirectoryCopy, wipeLocalData } from '../live/localStore.js';
import { enableOfflineShell } from '../live/offlineShell.js';
import { refreshPushState } from '../live/pushDevice.js';
import type { LiveHandlers } from '../live/socket.js';
import type * as LiveModule from '../lazy/live.js';
import { flushOutbox } from '../live/outbox.js';
import { forgetAgencies, loadAgencies } from './agencies.js';
import { resetFeed } from './feed.js';
import { resetNotifications } from './notifications.js';
import { resetInbox } from './inbox.js';
import { offlineDirectoryOnly } from './offline.js';
import { session } from './session.js';

/**
 * The live connection's code (Socket.IO) is loaded once a session is fully signed in: the sign-in
 * screen does without it (issue 25: a smaller first load on a weak link).
 */
let liveModule: Promise<typeof LiveModule> | null = null;
/** Whether a session wants the live connection now (false once it ended, so a late load starts nothing). */
let liveWanted = false;

function goLive(handlers: LiveHandlers): void {
  liveWanted = true;
  liveModule ??= import('../lazy/live.js');
  liveModule.then(
    (m) => {
      if (liveWanted) m.startLive(handlers);
    },
    () => {
      // The chunk did not arrive (the link dropped): try again when the device is back online.
      liveModule = null;
      window.addEventListener('online', () => liveWanted && goLive(handlers), { once: true });
    },
  );
}

async function stopLive(): Promise<void> {
  liveWanted = false;
  const m = await liveModule?.catch(() => null);
  m?.stopLive();
}

/**
 * A boot that found no session wipes what the last one left; the sign-in form shows meanwhile,
 * and the next session starts only once the wipe is done (startSession waits for it).
 */
let bootWipe: Promise<void> = Promise.resolve();

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
      bootWipe = wipeLocalData().catch(() => undefined);
    }
    session.value = null;
    // The sign-in form shows now: its token is fetched while the user types.
    if (err instanceof ApiRequestError && err.code === 'unauthenticated') prefetchCsrfToken();
    if (!(err instanceof ApiRequestError)) throw err;
  }
}

/**
 * A sign-in step succeeded (or the boot found a session): keep the user the server confirmed, make
 * the device theirs (another user's data is wiped first) and, once MFA is satisfied, go live.
 */
export async function startSession(user: UserDto, mfaEnrolmentRequired: boolean): Promise<void> {
  session.value = { user, mfaEnrolmentRequired };
  // Agency names (memory only; often sent with the sign-in step): the feed names them at once.
  if (!mfaEnrolmentRequired) void loadAgencies();
  // Nothing of this session touches the device before the previous one's data is gone.
  await bootWipe;
  await claimDevice(user.id).catch(() => undefined);
  if (mfaEnrolmentRequired) return;
  enableOfflineShell();
  // A device that opted in earlier is handed to this session, so its sign-out removes it.
  void refreshPushState().catch(() => undefined);
  goLive({ onRevoked: (reason) => void endSession(reason), onConnected: () => void flushOutbox(user.id) });
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
  await stopLive();
  resetFeed();
  resetNotifications();
  resetInbox();
  forgetAgencies();
  setCsrfToken(null);
  forgetPrimed();
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
  await stopLive();
  await logout().catch(() => undefined);
  await endSession(null);
}
