/**
 * Retention of a closed alert's personal data (docs/security.md "Retention"): on an alert nearing
 * its purge (within the first notice's 120 days), the date and, for the issuing agency's officers
 * and administrators, "Extender conservación" with a reason; on a purged alert, the note saying so.
 */
import { useState } from 'preact/hooks';
import type { AlertDto } from '../../../../shared/dto/alert.js';
import { retention as dict } from '../../../../shared/i18n/client/retention.js';
import { DAY_MS } from '../../../../shared/time.js';
import { extendRetention } from '../../api/alerts.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { language, translator } from '../../i18n/index.js';
import { SelectField, TextAreaField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';

const t = translator(dict);
/** How far ahead the notice shows: the first of the agency's notices (120, 30 and 7 days before). */
const NOTICE_REACH_MS = 120 * DAY_MS;
const YEARS = ['1', '2', '3', '5'] as const;

/** dd/mm/aaaa in the portal's time (both countries keep UTC−3), as the server's note writes it. */
export const dayMonthYear = (iso: string) =>
  new Date(iso).toLocaleDateString(language.value === 'es' ? 'es-AR' : 'en-GB', {
    timeZone: 'America/Argentina/Buenos_Aires',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });

export function RetentionPanel({
  alert,
  onChanged,
  now = Date.now(),
}: {
  alert: AlertDto;
  onChanged: (a: AlertDto) => void;
  now?: number;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [years, setYears] = useState<string>('1');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [extendedTo, setExtendedTo] = useState<string | null>(null);
  const r = alert.retention;
  if (!r) return null;
  if (r.purgedAt)
    return (
      <Notice kind="info">
        <span data-testid="purged-note">{t('purgedNote', { date: dayMonthYear(r.purgedAt) })}</span>
      </Notice>
    );
  const near = r.purgeAt !== null && Date.parse(r.purgeAt) - now <= NOTICE_REACH_MS;
  if (!near && !extendedTo) return null;
  const f = fieldErrors(error);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await extendRetention(alert.id, reason, Number(years));
      setExtendedTo(updated.retention?.purgeAt ?? null);
      setOpen(false);
      setReason('');
      onChanged(updated);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="retention-h" class="card compact retention" data-testid="retention">
      <h2 id="retention-h" class="h3">
        {t('heading')}
      </h2>
      {extendedTo ? <Notice kind="success">{t('extended', { date: dayMonthYear(extendedTo) })}</Notice> : null}
      {near && r.purgeAt ? (
        <>
          <Notice kind="warning">{t('nearing', { date: dayMonthYear(r.purgeAt) })}</Notice>
          {alert.abilities.extendRetention ? <p class="muted">{t('nearingHelp')}</p> : null}
        </>
      ) : null}
      {alert.abilities.extendRetention && near && !open ? (
        <button type="button" onClick={() => setOpen(true)}>
          {t('extend')}
        </button>
      ) : null}
      {open ? (
        <form onSubmit={onSubmit} noValidate>
          {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
          <TextAreaField
            id="ret-reason"
            label={t('reason')}
            value={reason}
            onValue={setReason}
            maxLength={1000}
            error={f.reason}
            required
          />
          <SelectField
            id="ret-years"
            label={t('years')}
            value={years}
            onValue={setYears}
            options={YEARS.map((n) => [n, t('yearsOption', { n })] as const)}
            error={f.years}
          />
          <p class="actions">
            <button type="submit" class="primary" disabled={busy || !reason.trim()}>
              {t('confirm')}
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              {t('cancel')}
            </button>
          </p>
        </form>
      ) : null}
    </section>
  );
}
