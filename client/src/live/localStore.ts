/**
 * Everything Puente keeps on the device, in one IndexedDB store: the live cursor, the new-alert
 * draft and the outbox. Nothing received from others is stored (no restricted data); what the
 * user typed is theirs and is wiped with the rest at sign-out and on session:revoked.
 */
import { clear, createStore, del, get, set, type UseStore } from 'idb-keyval';

let store: UseStore | null = null;
const db = (): UseStore => (store ??= createStore('puente', 'local'));

export const readLocal = <T>(key: string): Promise<T | undefined> => get<T>(key, db());
export const writeLocal = (key: string, value: unknown): Promise<void> => set(key, value, db());
export const removeLocal = (key: string): Promise<void> => del(key, db());

/** Removes everything stored on the device for Puente (the language and sound preferences stay). */
export async function wipeLocalData(): Promise<void> {
  await clear(db());
  sessionStorage.clear();
}
