/**
 * The outbox: alerts the user sent while offline (or whose sending failed on the network), each
 * with its own Idempotency-Key, sent once when the connection returns. A retry of the same key
 * returns the first result on the server, so a send interrupted after the server stored it does
 * not make a second alert. Photos ride along and are uploaded after their alert, each with a key.
 *
 * Several tabs share one outbox (one IndexedDB record): every change is one read-and-write
 * transaction (updateLocal), so no tab overwrites another's entry, and sending happens under one
 * Web Lock (`navigator.locks`), so two tabs coming back online never both send an entry. Tabs
 * tell each other through a BroadcastChannel when the outbox changed and which alert was sent.
 */
import { signal } from '@preact/signals';
import type { AlertDto } from '../../../shared/dto/alert.js';
import type { ErrorDetail } from '../../../shared/errors.js';
import type { CreateAlertInput } from '../../../shared/schemas/alerts.js';
import { createAlert, uploadPhoto, type PhotoTarget } from '../api/alerts.js';
import { ApiRequestError } from '../api/http.js';
import { readLocal, updateLocal } from './localStore.js';

const OUTBOX_KEY = 'outbox';
/** The Web Lock held by the one tab that sends. */
const SEND_LOCK = 'puente-outbox-send';
const CHANNEL = 'puente-outbox';

/** A photo waiting for its alert: whom it shows (PhotoTarget; entries kept from before `shows` have none) and its key. */
export interface OutboxPhoto extends PhotoTarget {
  image: Blob;
  key: string;
}

export interface OutboxEntry {
  key: string;
  /** The id of the user who wrote it: it is only ever sent as that user. */
  owner: string;
  body: CreateAlertInput;
  photos: OutboxPhoto[];
  queuedAt: string;
  /** Set when the server refused the alert (not a network failure): the user must edit it. */
  refused?: { code: string; details: ErrorDetail[] };
  /** The created alert's id and reference once the alert itself was accepted (photos may still be pending). */
  alertId?: string;
  reference?: string;
}

/** An alert the outbox delivered (in this tab or another of the same user). */
export interface SentFromOutbox {
  owner: string;
  id: string;
  reference: string;
}

type ChannelMessage = { type: 'changed' } | ({ type: 'sent' } & SentFromOutbox);

export const outbox = signal<OutboxEntry[]>([]);

/** A random key of the shape the API accepts (8–100 of [A-Za-z0-9_.:-]). */
export const newIdempotencyKey = (): string => `pu-${crypto.randomUUID()}`;

/** Which tab submitted each recent key (the latest first). */
const CLAIMS_KEY = 'outbox-key-claims';
const CLAIMS_KEPT = 50;
interface KeyClaim {
  key: string;
  tab: string;
}
/** This page's id: a reload is another tab. */
const TAB = crypto.randomUUID();

/**
 * The keys a submission uses: the draft's own, unless another tab already submitted a draft with
 * the same key (two tabs opened the one saved draft). Then the alert and its photos get new keys,
 * or the server would answer the second alert with the first and it would be lost.
 */
export async function claimEntry(entry: Omit<OutboxEntry, 'queuedAt'>): Promise<Omit<OutboxEntry, 'queuedAt'>> {
  let key = entry.key;
  try {
    await updateLocal<KeyClaim[]>(CLAIMS_KEY, (old) => {
      const claims = old ?? [];
      if (claims.some((c) => c.key === key && c.tab !== TAB)) key = newIdempotencyKey();
      return [{ key, tab: TAB }, ...claims.filter((c) => c.key !== key)].slice(0, CLAIMS_KEPT);
    });
  } catch {
    // The device's store failed: the draft's own key (what it was before tabs were told apart).
    return entry;
  }
  if (key === entry.key) return entry;
  return { ...entry, key, photos: entry.photos.map((p) => ({ ...p, key: newIdempotencyKey() })) };
}

/** The user whose entries this tab shows (set by loadOutbox). */
let shownOwner: string | null = null;
const sentListeners = new Set<(sent: SentFromOutbox) => void>();

/** Subscribes to alerts sent from the outbox by any tab of this device; returns the unsubscribe function. */
export function onSentFromOutbox(fn: (sent: SentFromOutbox) => void): () => void {
  sentListeners.add(fn);
  return () => sentListeners.delete(fn);
}

let channel: BroadcastChannel | null = null;
function tabs(): BroadcastChannel | null {
  if (channel || typeof BroadcastChannel === 'undefined') return channel;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (e: MessageEvent<ChannelMessage>) => {
    if (!shownOwner) return;
    if (e.data.type === 'changed') void loadOutbox(shownOwner);
    else if (e.data.type === 'sent' && e.data.owner === shownOwner) announceSent(e.data);
  };
  return channel;
}

function announceSent(sent: SentFromOutbox): void {
  for (const fn of sentListeners) fn(sent);
}

const stored = async (): Promise<OutboxEntry[]> => (await readLocal<OutboxEntry[]>(OUTBOX_KEY)) ?? [];

/**
 * Changes `owner`'s entries in one transaction (another user's entries, or ones without an owner,
 * are dropped on the way), then shows the result here and tells the other tabs.
 */
async function change(owner: string, fn: (entries: OutboxEntry[]) => OutboxEntry[]): Promise<void> {
  await updateLocal<OutboxEntry[]>(OUTBOX_KEY, (old) => fn((old ?? []).filter((e) => e.owner === owner)));
  await loadOutbox(owner);
  tabs()?.postMessage({ type: 'changed' } satisfies ChannelMessage);
}

/** The owner's entries; another user's (or one without an owner) are never shown or sent. */
export async function loadOutbox(owner: string): Promise<void> {
  shownOwner = owner;
  tabs();
  outbox.value = (await stored()).filter((e) => e.owner === owner);
}

export async function queueAlert(entry: Omit<OutboxEntry, 'queuedAt'>): Promise<void> {
  await change(entry.owner, (all) => [...all.filter((e) => e.key !== entry.key), { ...entry, queuedAt: new Date().toISOString() }]);
}

export async function discardOutboxEntry(key: string): Promise<void> {
  if (shownOwner) await change(shownOwner, (all) => all.filter((e) => e.key !== key));
}

/** Uploads an entry's photos after its alert exists; each photo has its own key. */
async function sendPhotos(alertId: string, photos: OutboxPhoto[]): Promise<void> {
  for (const p of photos) await uploadPhoto(alertId, p.image, { subjectIndex: p.subjectIndex, shows: p.shows }, p.key);
}

/** Sends one alert now; throws ApiRequestError (code `network` when it never reached the server). */
export async function sendEntry(entry: Omit<OutboxEntry, 'queuedAt'>): Promise<Pick<AlertDto, 'id' | 'reference'>> {
  const alert =
    entry.alertId && entry.reference ? { id: entry.alertId, reference: entry.reference } : await createAlert(entry.body, entry.key);
  await sendPhotos(alert.id, entry.photos).catch(async (err: unknown) => {
    // The alert exists: keep only the photos for a later try.
    await queueAlert({ ...entry, alertId: alert.id, reference: alert.reference });
    throw err;
  });
  return alert;
}

/**
 * Runs `fn` while holding the device-wide send lock: one tab sends at a time, the others wait
 * and then find what it sent gone from the outbox. Without Web Locks (older browsers) the tab
 * still sends one entry at a time and the server's Idempotency-Key keeps a repeat to one alert.
 */
function withSendLock(fn: () => Promise<void>): Promise<void> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request(SEND_LOCK, fn) : fn();
}

/** Sends what `owner` queued, oldest first, once each; stops at the first network failure. */
async function sendQueued(owner: string): Promise<void> {
  const tried = new Set<string>();
  for (;;) {
    // Read again before each entry: another tab may have queued, sent or discarded meanwhile.
    const entry = (await stored()).find((e) => e.owner === owner && !e.refused && !tried.has(e.key));
    if (!entry) return;
    tried.add(entry.key);
    try {
      const alert = await sendEntry(entry);
      await change(owner, (all) => all.filter((e) => e.key !== entry.key));
      const sent: SentFromOutbox = { owner, id: alert.id, reference: alert.reference };
      announceSent(sent);
      tabs()?.postMessage({ type: 'sent', ...sent } satisfies ChannelMessage);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code !== 'network' && err.status < 500) {
        const refused = { code: err.code, details: err.details };
        await change(owner, (all) => all.map((e) => (e.key === entry.key ? { ...e, refused } : e)));
        continue;
      }
      return;
    }
  }
}

let flushing: Promise<void> | null = null;

/**
 * Sends what `owner` queued, once each, from one tab at a time. `owner` is the user the server
 * confirmed for this session: nobody else's entry is sent.
 */
export function flushOutbox(owner: string): Promise<void> {
  flushing ??= (async () => {
    try {
      await loadOutbox(owner);
      await withSendLock(() => sendQueued(owner));
      await loadOutbox(owner);
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}
