/**
 * Opened with no connection and no way to check the session (issue 25).
 * - `offlineSession`: the device keeps the last confirmed user (live/offlineCopies.ts), so the app
 *   opens as them, from what the device kept, until the server answers again (lifecycle.ts).
 * - `offlineDirectoryOnly`: no such user, but a directory copy (left by an older version): the
 *   directory opens from it and nothing else does.
 */
import { signal } from '@preact/signals';

export const offlineSession = signal(false);
export const offlineDirectoryOnly = signal(false);
