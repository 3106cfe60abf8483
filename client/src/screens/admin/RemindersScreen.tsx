/** The agency's reminders: hits not acknowledged in time, alerts due for review (live), one-click review. */
import { useEffect, useState } from 'preact/hooks';
import type { OverdueHitDto } from '../../../../shared/dto/admin.js';
import type { AlertSummaryDto } from '../../../../shared/dto/alert.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { errorText } from '../../api/errors.js';
import { listOverdueHits, listRetentionDue, listReviewDue, reviewAlert } from '../../api/reminders.js';
import { RetentionDueList } from '../alert/RetentionDueList.js';
import { translator } from '../../i18n/index.js';
import { onReviewDue } from '../../live/socket.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { AdminNav } from './parts.js';

const t = translator(admin);

export function RemindersScreen() {
  const [hits, setHits] = useState<OverdueHitDto[] | null>(null);
  const [due, setDue] = useState<AlertSummaryDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [said, setSaid] = useState<{ text: string; reviewAt?: string } | null>(null);

  const load = () => {
    listOverdueHits().then((p) => setHits(p.items), setError);
    listReviewDue().then((p) => setDue(p.items), setError);
  };
  useEffect(() => {
    load();
    return onReviewDue((a) => {
      setSaid({ text: t('reviewDueLive', { reference: a.reference }) });
      load();
    });
  }, []);

  const review = async (a: AlertSummaryDto) => {
    setError(null);
    try {
      const updated = await reviewAlert(a.id);
      setSaid({ text: t('reviewed', { reference: a.reference }), reviewAt: updated.reviewAt });
      setDue((prev) => prev?.filter((x) => x.id !== a.id) ?? null);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section class="admin">
      <ScreenHeading title={t('remindersTitle')} />
      <AdminNav />
      <p>{t('remindersIntro')}</p>
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      <div role="status" class="reminder-status">
        {said ? (
          <p>
            {said.text}
            {said.reviewAt ? <Time iso={said.reviewAt} /> : null}
          </p>
        ) : null}
      </div>
      <h2 id="overdue-h">{t('overdueHits')}</h2>
      {hits === null ? (
        <p>{t('loadingReminders')}</p>
      ) : hits.length === 0 ? (
        <p class="muted">{t('noOverdue')}</p>
      ) : (
        <ul class="plain reminder-list" aria-labelledby="overdue-h" data-testid="overdue-hits">
          {hits.map((h) => (
            <li key={h.update.id} class="card">
              <a href={`/alerts/${h.alertId}`}>
                <span class="reference">{h.reference}</span> {h.title}
              </a>
              <p>{h.update.text}</p>
              {h.update.dueAt ? (
                <p class="overdue">
                  {t('dueAt')}
                  <Time iso={h.update.dueAt} />
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2 id="review-h">{t('reviewDue')}</h2>
      {due === null ? (
        <p>{t('loadingReminders')}</p>
      ) : due.length === 0 ? (
        <p class="muted">{t('noReviewDue')}</p>
      ) : (
        <ul class="plain reminder-list" aria-labelledby="review-h" data-testid="review-due">
          {due.map((a) => (
            <li key={a.id} class="card">
              <a href={`/alerts/${a.id}`}>
                <span class="reference">{a.reference}</span> {a.title}
              </a>
              <p>
                {t('reviewAt')}
                <Time iso={a.reviewAt} />
              </p>
              <button type="button" aria-label={t('reviewOf', { reference: a.reference })} onClick={() => void review(a)}>
                {t('review')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <RetentionDueList load={listRetentionDue} />
    </section>
  );
}
