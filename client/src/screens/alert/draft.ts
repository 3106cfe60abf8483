/** The new-alert draft kept in IndexedDB, so it survives a reload or a lost signal (the model: draftModel.ts). */
import { readLocal, removeLocal, writeLocal } from '../../live/localStore.js';
import { newIdempotencyKey } from '../../live/outbox.js';
import { blankDraft, withDefaults, type AlertDraft } from './draftModel.js';

export * from './draftModel.js';

export const newDraft = (owner: string): AlertDraft => blankDraft(owner, newIdempotencyKey());

const DRAFT_KEY = 'new-alert-draft';
/** The owner's draft; another user's (or one without an owner) is removed, never shown. */
export async function loadDraft(owner: string): Promise<AlertDraft | undefined> {
  const saved = await readLocal<AlertDraft>(DRAFT_KEY);
  if (saved && saved.owner !== owner) await removeLocal(DRAFT_KEY);
  return saved?.owner === owner ? withDefaults(saved) : undefined;
}
export const saveDraft = (d: AlertDraft) => writeLocal(DRAFT_KEY, d);
export const clearDraft = () => removeLocal(DRAFT_KEY);
