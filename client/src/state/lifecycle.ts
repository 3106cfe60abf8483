/**
 * Session lifecycle: the first check at boot, a completed sign-in, sign-out and revocation.
 * Ending a session wipes the device (IndexedDB, memory) and lands on sign-in with the reason.
 */
import type { UserDto } from '../../../shared/dto/user.js';
import type { RevocationReason } from '../../../shared/events.js';
import { logout, me } from '../api/auth.js';
import { ApiRequestError, setCsrfToken } from '../api/http.js';
import { wipeLocalData } from '../live/localStore.js';
import { startLive, stopLive } from '../live/socket.js';
import { flushOutbox } from '../live/outbox.js';
import { forgetAgencies, loadAgencies } from './agencies.js';
import { resetFeed } from './feed.js';
import { resetNotifications } from './notifications.js';
import { session } from './session.js';

/** Asks the server who is signed in (the session cookie is HttpOnly). */
export async function bootSession(): Promise<void> {
  try {
    const res = await me();
    startSession(res.user, res.mfaEnrolmentRequired);
  } catch (err) {
    // Offline at boot: nobody can be shown as signed in without the server; sign-in says why.
    session.value = null;
    if (!(err instanceof ApiRequestError)) throw err;
  }
}

/** A sign-in step succeeded: keep the user and, once MFA is satisfied, go live. */
export function startSession(user: UserDto, mfaEnrolmentRequired: boolean): void {
  session.value = { user, mfaEnrolmentRequired };
  if (mfaEnrolmentRequired) return;
  void loadAgencies();
  startLive({ onRevoked: (reason) => void endSession(reason), onConnected: () => void flushOutbox() });
}

/** Ends the session on this device: stops live updates, wipes local data, returns to sign-in. */
export async function endSession(reason: RevocationReason | null): Promise<void> {
  stopLive();
  resetFeed();
  resetNotifications();
  forgetAgencies();
  setCsrfToken(null);
  session.value = null;
  await wipeLocalData().catch(() => undefined);
  // A full navigation also drops everything held in memory by the screens.
  window.location.assign(reason ? `/sign-in?ended=${encodeURIComponent(reason)}` : '/sign-in');
}

export async function signOut(): Promise<void> {
  await logout().catch(() => undefined);
  await endSession(null);
}
