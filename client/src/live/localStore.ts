/**
 * Everything Puente keeps on the device, in one IndexedDB store: the live cursor, the new-alert
 * draft, the outbox (what the user typed), the offline copy of the contact directory (issue 14)
 * and, for reopening without a signal (issue 25), the signed-in user, the feed, the alerts they
 * opened and the agency names (live/offlineCopies.ts), each with its owner. Wiped, with the service worker's shell
 * cache, at sign-out, on session:revoked, when a boot finds no session, and when another user
 * signs in (claimDevice): the device holds one user's data at a time.
 */
import { clear, createStore, del, get, keys, set, update, type UseStore } from 'idb-keyval';
import type { ContactDto } from '../../../shared/dto/contact.js';
import { forgetOfflineShell } from './offlineShell.js';

let store: UseStore | null = null;
const db = (): UseStore => (store ??= createStore('puente', 'local'));

export const readLocal = <T>(key: string): Promise<T | undefined> => get<T>(key, db());
export const writeLocal = (key: string, value: unknown): Promise<void> => set(key, value, db());
export const removeLocal = (key: string): Promise<void> => del(key, db());
/**
 * Reads and rewrites one record in a single IndexedDB transaction: two tabs changing the same
 * record (the outbox) never overwrite each other's change.
 */
export const updateLocal = <T>(key: string, change: (old: T | undefined) => T): Promise<void> => update<T>(key, change, db());

/** The directory as last downloaded by `owner` (a user id): shown and searched when offline. */
export interface DirectoryCopy {
  owner: string;
  savedAt: string;
  contacts: ContactDto[];
  /** Agencies' short names by id: the server's search reads them too. */
  agencyShortNames: Record<string, string>;
}

const DIRECTORY_KEY = 'directory';
export const readDirectoryCopy = (): Promise<DirectoryCopy | undefined> => readLocal<DirectoryCopy>(DIRECTORY_KEY);
export const writeDirectoryCopy = (copy: DirectoryCopy): Promise<void> => writeLocal(DIRECTORY_KEY, copy);
export const removeDirectoryCopy = (): Promise<void> => removeLocal(DIRECTORY_KEY);

/** Removes everything stored on the device for Puente (the language and sound preferences stay). */
export async function wipeLocalData(): Promise<void> {
  await clear(db());
  sessionStorage.clear();
  await forgetOfflineShell().catch(() => undefined);
}

/** The user whose data the device holds (absent before the first claim, or when an older version wrote it). */
const OWNER_KEY = 'device-owner';
export const readDeviceOwner = (): Promise<string | undefined> => readLocal<string>(OWNER_KEY);

/**
 * Makes the device the confirmed user's before anything of it is read or sent: what another user
 * left (or data without an owner, written by an older version) is wiped first.
 */
export async function claimDevice(userId: string): Promise<void> {
  const owner = await readLocal<string>(OWNER_KEY);
  if (owner !== userId && (await keys(db())).some((k) => k !== OWNER_KEY)) await wipeLocalData();
  await writeLocal(OWNER_KEY, userId);
}
