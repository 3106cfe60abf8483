/**
 * The directory kept on the device for use without a connection (issue 14): the whole directory
 * downloaded page by page while signed in, stored in IndexedDB through live/localStore.ts with its
 * owner and time, refreshed in the background, and searched by localSearch.ts when there is no
 * connection. Wiped with everything else at sign-out and on session:revoked.
 */
import { signal } from '@preact/signals';
import type { ContactDto } from '../../../../shared/dto/contact.js';
import { listContacts } from '../../api/contacts.js';
import { readDirectoryCopy, removeDirectoryCopy, writeDirectoryCopy, type DirectoryCopy } from '../../live/localStore.js';
import { agencies, loadAgencies } from '../../state/agencies.js';
import { currentUser } from '../../state/session.js';

/** When the device's copy was saved and how many contacts it holds; null when there is none. */
export const copyInfo = signal<{ savedAt: string; count: number } | null | undefined>(undefined);
export const syncing = signal(false);

/** At most this many pages of 100 are kept (the directory is small; this bounds a runaway). */
const MAX_PAGES = 50;

/** The device's copy, if it belongs to whoever is signed in (offline at boot: to the last user). */
export async function loadCopy(): Promise<DirectoryCopy | null> {
  const copy = await readDirectoryCopy().catch(() => undefined);
  const user = currentUser.value;
  if (copy && user && copy.owner !== user.id) {
    await removeDirectoryCopy().catch(() => undefined);
    copyInfo.value = null;
    return null;
  }
  copyInfo.value = copy ? { savedAt: copy.savedAt, count: copy.contacts.length } : null;
  return copy ?? null;
}

let running: Promise<void> | null = null;

/** Downloads the whole directory and replaces the device's copy (once at a time; failures keep the old copy). */
export function syncDirectory(): Promise<void> {
  running ??= (async () => {
    const user = currentUser.value;
    if (!user) return;
    syncing.value = true;
    try {
      const contacts: ContactDto[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < MAX_PAGES; i++) {
        const page = await listContacts({}, cursor, 100);
        // What the screen may do is decided online; the copy keeps only the entry itself.
        for (const { abilities: _abilities, ...c } of page.items) contacts.push(c);
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      await loadAgencies();
      const agencyShortNames = Object.fromEntries([...agencies.value.values()].map((a) => [a.id, a.shortName]));
      // The session may have ended meanwhile: never write a copy for a user who left.
      if (currentUser.value?.id !== user.id) return;
      const savedAt = new Date().toISOString();
      await writeDirectoryCopy({ owner: user.id, savedAt, contacts, agencyShortNames });
      copyInfo.value = { savedAt, count: contacts.length };
    } catch {
      // Offline or refused: the previous copy stays; the next visit or reconnection tries again.
    } finally {
      syncing.value = false;
      running = null;
    }
  })();
  return running;
}
