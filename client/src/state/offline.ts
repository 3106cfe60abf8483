/**
 * Opened with no connection and no way to check the session: when the device keeps a directory
 * copy (left by a user who has not signed out), the directory opens from it and nothing else does.
 */
import { signal } from '@preact/signals';

export const offlineDirectoryOnly = signal(false);
