/**
 * The directory kept on the device for use without a connection (issue 14): the whole directory
 * downloaded page by page while signed in, stored in IndexedDB through live/localStore.ts with its
 * owner and time, refreshed in the background, and searched here the way the server searches
 * when there is no connection. Wiped with everything else at sign-out and on session:revoked.
 */
import { signal } from '@preact/signals';
import type { ContactDto } from '../../../../shared/dto/contact.js';
import { foldName } from '../../../../shared/identifiers/fold.js';
import { listContacts, type ContactFilters } from '../../api/contacts.js';
import { readDirectoryCopy, removeDirectoryCopy, writeDirectoryCopy } from '../../live/localStore.js';
import { currentUser } from '../../state/session.js';

/** When the device's copy was saved and how many contacts it holds; null when there is none. */
export const copyInfo = signal<{ savedAt: string; count: number } | null | undefined>(undefined);
export const syncing = signal(false);

/** At most this many pages of 100 are kept (the directory is small; this bounds a runaway). */
const MAX_PAGES = 50;

/** The device's copy, if it belongs to whoever is signed in (offline at boot: to the last user). */
export async function loadCopy(): Promise<ContactDto[] | null> {
  const copy = await readDirectoryCopy().catch(() => undefined);
  const user = currentUser.value;
  if (copy && user && copy.owner !== user.id) {
    await removeDirectoryCopy().catch(() => undefined);
    copyInfo.value = null;
    return null;
  }
  copyInfo.value = copy ? { savedAt: copy.savedAt, count: copy.contacts.length } : null;
  return copy?.contacts ?? null;
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
      // The session may have ended meanwhile: never write a copy for a user who left.
      if (currentUser.value?.id !== user.id) return;
      const savedAt = new Date().toISOString();
      await writeDirectoryCopy({ owner: user.id, savedAt, contacts });
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

/** A query that could be a phone: only phone characters and at least six digits (as the server reads it). */
const looksLikePhone = (q: string) => /^[0-9+()\-./ ]+$/.test(q) && (q.match(/\d/g)?.length ?? 0) >= 6;

/**
 * The server's search over the copy: every word in the name, unit, position or agency name (accents
 * and case ignored), or — for a phone — any E.164 form it can mean; then the filters; server order kept.
 */
export async function searchCopy(contacts: readonly ContactDto[], f: ContactFilters): Promise<ContactDto[]> {
  const q = f.q?.trim() ?? '';
  const words = foldName(q).split(' ').filter(Boolean);
  let phoneKeys = new Set<string>();
  if (looksLikePhone(q)) {
    // libphonenumber loads only here (from the shell cache when offline), never with the screen.
    const { phoneSearchKeys } = await import('../../../../shared/identifiers/phone.js');
    phoneKeys = new Set(phoneSearchKeys(q, f.country ?? currentUser.value?.country ?? 'AR'));
  }
  const textOf = (c: ContactDto) => foldName([c.name, c.unit, c.position].filter(Boolean).join(' '));
  return contacts.filter((c) => {
    if (f.agencyId && c.agencyId !== f.agencyId) return false;
    if (f.country && c.country !== f.country) return false;
    if (f.language && !c.languages.includes(f.language)) return false;
    if (f.h24 && !c.phones.some((p) => p.is24h)) return false;
    if (!q) return true;
    if (c.phones.some((p) => phoneKeys.has(p.e164))) return true;
    if (words.length === 0) return false;
    const own = textOf(c);
    const agency = foldName(c.agencyName ?? '');
    return words.every((w) => own.includes(w) || agency.includes(w));
  });
}
