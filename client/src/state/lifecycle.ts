/**
 * Session lifecycle: the first check at boot, a completed sign-in, sign-out and revocation.
 * Ending a session wipes the device (IndexedDB, memory) and lands on sign-in with the reason; so
 * does a boot that finds no session, and a sign-in by another user than the one whose data the
 * device holds (claimDevice). Offline at boot the app opens as the last confirmed user from what
 * the device kept for them (issue 25), sends nothing, and asks the server again when the signal
 * returns: the same user goes live, no session wipes the device, another user's session wipes it
 * before anything else is shown.
 */
import type { UserDto } from '../../../shared/dto/user.js';
import type { RevocationReason } from '../../../shared/events.js';
import { logoutEverywhere } from '../api/account.js';
import { logout, me } from '../api/auth.js';
import { ApiRequestError, forgetPrimed, prefetchCsrfToken, setCsrfToken } from '../api/http.js';
import { keepFeedCopy } from '../live/feedCopy.js';
import { claimDevice, readDeviceOwner, readDirectoryCopy, wipeLocalData } from '../live/localStore.js';
import { readAgenciesCopy, readFeedCopy, readSessionCopy, saveAgenciesCopy, saveSessionCopy } from '../live/offlineCopies.js';
import { enableOfflineShell } from '../live/offlineShell.js';
import { refreshPushState } from '../live/pushDevice.js';
import type { LiveHandlers } from '../live/socket.js';
import type * as LiveModule from '../lazy/live.js';
import { flushOutbox, loadOutbox, onSentFromOutbox } from '../live/outbox.js';
import { agencies, forgetAgencies, loadAgencies, showKeptAgencies } from './agencies.js';
import { connection } from './connection.js';
import { feedSyncedAt, mergeAlerts, resetFeed } from './feed.js';
import { receiveOutboxSent, resetNotifications } from './notifications.js';
import { resetInbox } from './inbox.js';
import { offlineDirectoryOnly, offlineSession } from './offline.js';
import { confinedToStatistics, currentUser, session } from './session.js';

// "Enviada: AR-2026-000123" on every screen of every tab of the user whose alert it was.
onSentFromOutbox((sent) => {
  if (sent.owner === currentUser.value?.id) receiveOutboxSent({ id: sent.id, reference: sent.reference });
});

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

/** While opened offline, the server is asked again this often (a signal may return without an `online` event). */
const RECHECK_EVERY_MS = 20_000;
let recheckTimer: number | undefined;

function recheckWhenOnline(): void {
  window.addEventListener('online', onlineAgain);
  window.clearInterval(recheckTimer);
  recheckTimer = window.setInterval(() => void recheckSession(), RECHECK_EVERY_MS);
}

function stopRechecking(): void {
  window.removeEventListener('online', onlineAgain);
  window.clearInterval(recheckTimer);
}

const onlineAgain = () => void recheckSession();

let rechecking = false;
/**
 * The signal returned after an offline boot: the server says who is signed in. The same user goes
 * live (the outbox is sent only now); no session ends it and wipes the device, as a revocation
 * does; another user's session wipes what the device showed and starts again as that user.
 */
async function recheckSession(): Promise<void> {
  if (rechecking) return;
  rechecking = true;
  try {
    const res = await me();
    stopRechecking();
    const shown = currentUser.value?.id;
    if (shown && res.user.id !== shown) {
      await wipeLocalData().catch(() => undefined);
      window.location.reload();
      return;
    }
    offlineSession.value = false;
    offlineDirectoryOnly.value = false;
    await startSession(res.user, res.mfaEnrolmentRequired);
  } catch (err) {
    // Still unreachable (or the server in trouble): the copy stays, the next try comes.
    if (err instanceof ApiRequestError && err.code === 'unauthenticated') {
      stopRechecking();
      await endSession('expired');
    }
  } finally {
    rechecking = false;
  }
}

/**
 * Opens the app as the user the server confirmed last on this device, from what the device kept
 * for them (feed, opened alerts, agency names, outbox, directory); false when it keeps no such user.
 */
async function openOffline(): Promise<boolean> {
  const user = await readSessionCopy(await readDeviceOwner().catch(() => undefined)).catch(() => null);
  if (!user) return false;
  offlineSession.value = true;
  connection.value = 'offline';
  const [feed, kept] = await Promise.all([readFeedCopy(user.id).catch(() => null), readAgenciesCopy(user.id).catch(() => [])]);
  showKeptAgencies(kept);
  if (feed) {
    mergeAlerts(feed.items);
    feedSyncedAt.value = feed.savedAt;
  }
  await loadOutbox(user.id).catch(() => undefined);
  session.value = { user, mfaEnrolmentRequired: false };
  return true;
}

/** Asks the server who is signed in (the session cookie is HttpOnly). */
export async function bootSession(): Promise<void> {
  try {
    const res = await me();
    offlineDirectoryOnly.value = false;
    await startSession(res.user, res.mfaEnrolmentRequired);
  } catch (err) {
    if (err instanceof ApiRequestError && err.code === 'network') {
      // Offline at boot: the last confirmed user's copy opens, or else a directory copy left by a
      // user who did not sign out opens on its own; the session is checked once back online.
      if (await openOffline()) {
        recheckWhenOnline();
        return;
      }
      if (await readDirectoryCopy().catch(() => undefined)) {
        offlineDirectoryOnly.value = true;
        recheckWhenOnline();
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
  // The statistics seat reads its tables and nothing else: no agencies, feed, live connection or push.
  const statisticsOnly = confinedToStatistics(user);
  // Agency names (memory only; often sent with the sign-in step): the feed names them at once.
  const agenciesLoaded = mfaEnrolmentRequired || statisticsOnly ? null : loadAgencies();
  // Nothing of this session touches the device before the previous one's data is gone.
  await bootWipe;
  await claimDevice(user.id).catch(() => undefined);
  if (mfaEnrolmentRequired || statisticsOnly) return;
  // What reopens the app without a signal: this user, the feed as it syncs, the agency names.
  await saveSessionCopy(user).catch(() => undefined);
  stopFeedCopy?.();
  stopFeedCopy = keepFeedCopy(user.id);
  void agenciesLoaded?.then(() => {
    if (agencies.value.size && currentUser.value?.id === user.id)
      void saveAgenciesCopy(user.id, [...agencies.value.values()]).catch(() => undefined);
  });
  enableOfflineShell();
  // A device that opted in earlier is handed to this session, so its sign-out removes it.
  void refreshPushState().catch(() => undefined);
  goLive({ onRevoked: (reason) => void endSession(reason), onConnected: () => void flushOutbox(user.id) });
}

let stopFeedCopy: (() => void) | null = null;
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
  stopRechecking();
  stopFeedCopy?.();
  stopFeedCopy = null;
  offlineSession.value = false;
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
