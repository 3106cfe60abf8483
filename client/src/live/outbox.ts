/**
 * The outbox: alerts the user sent while offline (or whose sending failed on the network), each
 * with its own Idempotency-Key, sent once when the connection returns. A retry of the same key
 * returns the first result on the server, so a send interrupted after the server stored it does
 * not make a second alert. Photos ride along and are uploaded after their alert, each with a key.
 */
import { signal } from '@preact/signals';
import type { AlertDto } from '../../../shared/dto/alert.js';
import type { ErrorDetail } from '../../../shared/errors.js';
import type { CreateAlertInput } from '../../../shared/schemas/alerts.js';
import { createAlert, uploadPhoto, type PhotoTarget } from '../api/alerts.js';
import { ApiRequestError } from '../api/http.js';
import { readLocal, writeLocal } from './localStore.js';

const OUTBOX_KEY = 'outbox';

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
  /** The created alert's id once the alert itself was accepted (photos may still be pending). */
  alertId?: string;
}

export const outbox = signal<OutboxEntry[]>([]);
/** Alerts the outbox delivered in this page's life, for the "sent" confirmation. */
export const deliveredFromOutbox = signal<AlertDto[]>([]);

/** A random key of the shape the API accepts (8–100 of [A-Za-z0-9_.:-]). */
export const newIdempotencyKey = (): string => `pu-${crypto.randomUUID()}`;

async function save(entries: OutboxEntry[]): Promise<void> {
  outbox.value = entries;
  await writeLocal(OUTBOX_KEY, entries);
}

/** The owner's entries; another user's (or one without an owner) are never shown or sent, and go at the next save. */
export async function loadOutbox(owner: string): Promise<void> {
  const stored = (await readLocal<OutboxEntry[]>(OUTBOX_KEY)) ?? [];
  outbox.value = stored.filter((e) => e.owner === owner);
}

export async function queueAlert(entry: Omit<OutboxEntry, 'queuedAt'>): Promise<void> {
  await loadOutbox(entry.owner);
  await save([...outbox.value.filter((e) => e.key !== entry.key), { ...entry, queuedAt: new Date().toISOString() }]);
}

export async function discardOutboxEntry(key: string): Promise<void> {
  await save(outbox.value.filter((e) => e.key !== key));
}

/** Uploads an entry's photos after its alert exists; each photo has its own key. */
async function sendPhotos(alertId: string, photos: OutboxPhoto[]): Promise<OutboxPhoto[]> {
  const left = [...photos];
  while (left.length) {
    const p = left[0]!;
    await uploadPhoto(alertId, p.image, { subjectIndex: p.subjectIndex, shows: p.shows }, p.key);
    left.shift();
  }
  return left;
}

/** Sends one alert now; throws ApiRequestError (code `network` when it never reached the server). */
export async function sendEntry(entry: Omit<OutboxEntry, 'queuedAt'>): Promise<AlertDto | { id: string }> {
  const alert = entry.alertId ? { id: entry.alertId } : await createAlert(entry.body, entry.key);
  await sendPhotos(alert.id, entry.photos).catch(async (err: unknown) => {
    // The alert exists: keep only the photos for a later try.
    await queueAlert({ ...entry, alertId: alert.id });
    throw err;
  });
  return alert;
}

let flushing: Promise<void> | null = null;

/**
 * Sends what `owner` queued, oldest first, once each; stops at the first network failure. `owner`
 * is the user the server confirmed for this session: nobody else's entry is sent.
 */
export function flushOutbox(owner: string): Promise<void> {
  flushing ??= (async () => {
    try {
      await loadOutbox(owner);
      for (const entry of [...outbox.value]) {
        if (entry.refused) continue;
        try {
          const alert = await sendEntry(entry);
          await save(outbox.value.filter((e) => e.key !== entry.key));
          if ('reference' in alert) deliveredFromOutbox.value = [...deliveredFromOutbox.value, alert];
        } catch (err) {
          if (err instanceof ApiRequestError && err.code !== 'network' && err.status < 500) {
            const refused = { code: err.code, details: err.details };
            await save(outbox.value.map((e) => (e.key === entry.key ? { ...e, refused } : e)));
            continue;
          }
          return;
        }
      }
    } finally {
      flushing = null;
    }
  })();
  return flushing;
}
