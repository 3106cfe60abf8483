/** Status with its history, and the status change the origin agency may make (with a reason). */
import { useState } from 'preact/hooks';
import type { AlertDto, HistoryEntryDto } from '../../../../shared/dto/alert.js';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { changeStatus } from '../../api/alerts.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { agencyLabel } from '../../state/agencies.js';
import { SelectField, TextAreaField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { Time } from '../../ui/Time.js';

const t = translator(dict);
const td = translator(domain);
const status = (s: string | null | undefined) => (s ? td(`status_${s}` as Parameters<typeof td>[0]) : '');

function describe(h: HistoryEntryDto): string {
  switch (h.action) {
    case 'edited':
      return t('hist_edited', { fields: (h.fields ?? []).join(', ') });
    case 'status_changed':
      return t('hist_status_changed', { from: status(h.fromStatus), to: status(h.toStatus) });
    case 'subject_rectified':
    case 'subject_erased':
      return t(`hist_${h.action}`, { number: h.requestNumber ?? '' });
    default:
      return t(`hist_${h.action}`);
  }
}

export function StatusPanel({ alert, onChanged }: { alert: AlertDto; onChanged: (a: AlertDto) => void }) {
  const [next, setNext] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const choices = (['resolved', 'cancelled', 'active'] as const).filter((s) => s !== alert.status);
  const f = fieldErrors(error);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (!next) return;
    setBusy(true);
    setError(null);
    try {
      onChanged(await changeStatus(alert.id, next as 'resolved', reason));
      setNext('');
      setReason('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{t('history')}</h2>
      <ol class="history">
        {alert.history.map((h, i) => (
          <li key={i}>
            <Time iso={h.at} /> — {describe(h)} — {agencyLabel(h.agencyId)}
            {h.reason ? <span class="muted"> ({h.reason})</span> : null}
          </li>
        ))}
      </ol>
      {alert.abilities.changeStatus ? (
        <form onSubmit={onSubmit} class="card compact" noValidate>
          <h3 class="h3">{t('changeStatus')}</h3>
          {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
          <SelectField
            id="st-next"
            label={t('newStatus')}
            value={next}
            empty="—"
            onValue={setNext}
            options={choices.map((s) => [s, status(s)] as const)}
            error={f.status}
          />
          <TextAreaField id="st-reason" label={t('reason')} value={reason} onValue={setReason} maxLength={1000} error={f.reason} required />
          <button type="submit" disabled={busy || !next}>
            {t('applyStatus')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
