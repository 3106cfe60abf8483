/**
 * Small notices for working without a signal (issue 25): the time of the data a screen shows
 * from the device ("Sin conexión — datos de las 14:32"), and what waits in the outbox and why.
 */
import { offline as dict } from '../../../shared/i18n/client/offline.js';
import { formatInstant } from '../i18n/dates.js';
import { pluralTranslator, translator } from '../i18n/index.js';
import { outbox, type OutboxEntry } from '../live/outbox.js';
import { connection } from '../state/connection.js';
import { offlineSession } from '../state/offline.js';
import { currentUser } from '../state/session.js';

const t = translator(dict);
const tp = pluralTranslator(dict);

/** "datos de las 14:32" the same day (24-hour clock), "datos del 05/12/2026 14:32" before. */
export function offlineDataText(savedAt: string): string {
  const sameDay = new Date(savedAt).toDateString() === new Date().toDateString();
  const f = formatInstant(savedAt, currentUser.value?.country ?? null, !sameDay);
  return sameDay ? t('dataAt', { time: f.local }) : t('dataOn', { date: f.local });
}

/** The time of the data shown from the device; says that the session is checked later when it was not yet. */
export function OfflineDataNotice({ savedAt, testId }: { savedAt: string; testId: string }) {
  return (
    <div class="notice notice-warning offline-data" role="status">
      <strong data-testid={testId} data-saved-at={savedAt}>
        {offlineDataText(savedAt)}
      </strong>
      {offlineSession.value ? <> {t('sessionPending')}</> : null}
    </div>
  );
}

type Reason = 'waiting' | 'sending' | 'refused' | 'photos';

/** Why an entry is still in the outbox. */
function reasonOf(e: OutboxEntry, online: boolean): Reason {
  if (e.refused) return 'refused';
  if (!online) return e.alertId ? 'photos' : 'waiting';
  return 'sending';
}

/** "2 alertas esperan conexión", "1 alerta rechazada por el servidor: …", one line per reason. */
export function OutboxStatus() {
  const entries = outbox.value;
  if (!entries.length) return null;
  const online = connection.value === 'online';
  const counts: Record<Reason, number> = { waiting: 0, sending: 0, refused: 0, photos: 0 };
  for (const e of entries) counts[reasonOf(e, online)] += 1;
  const text = {
    waiting: () => tp('outboxWaiting', counts.waiting),
    sending: () => tp('outboxSending', counts.sending),
    refused: () => tp('outboxRefused', counts.refused),
    photos: () => tp('outboxPhotos', counts.photos),
  };
  const shown = (Object.keys(counts) as Reason[]).filter((r) => counts[r] > 0);
  return (
    <div class={`notice ${counts.refused ? 'notice-error' : 'notice-warning'} outbox-status`} role="status" data-testid="outbox-status">
      {shown.map((r) => (
        <p key={r} data-reason={r}>
          {text[r]()}
        </p>
      ))}
    </div>
  );
}
