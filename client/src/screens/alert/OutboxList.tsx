/** What waits in the outbox: sent once when the connection returns; refused ones can be discarded. */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { ERROR_MESSAGES } from '../../../../shared/i18n/messages.js';
import type { ErrorCode } from '../../../../shared/errors.js';
import { language, translator } from '../../i18n/index.js';
import { discardOutboxEntry, type OutboxEntry } from '../../live/outbox.js';
import { OutboxStatus } from '../../ui/OfflineNotices.js';

const t = translator(dict);

export function OutboxList({ entries }: { entries: OutboxEntry[] }) {
  if (!entries.length) return null;
  return (
    <section class="outbox" aria-labelledby="outbox-title">
      <h2 id="outbox-title">{t('outboxTitle')}</h2>
      <OutboxStatus />
      <ul>
        {entries.map((e) => (
          <li key={e.key} data-outbox-key={e.key}>
            <strong>{e.body.title}</strong> —{' '}
            {e.refused
              ? t('outboxRefused', { reason: ERROR_MESSAGES[e.refused.code as ErrorCode]?.[language.value] ?? e.refused.code })
              : t('outboxWaiting')}{' '}
            {e.refused ? (
              <button type="button" class="link-button" onClick={() => void discardOutboxEntry(e.key)}>
                {t('outboxDiscard')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
