/** The agency's closed alerts whose personal data is purged within 120 days, soonest first (a reminders section). */
import { useEffect, useState } from 'preact/hooks';
import type { AlertRetentionDueDto, Page } from '../../../../shared/dto/alert.js';
import { retention as dict } from '../../../../shared/i18n/client/retention.js';
import { errorText } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { Notice } from '../../ui/Notice.js';
import { dayMonthYear } from './RetentionPanel.js';

const t = translator(dict);

export function RetentionDueList({ load }: { load: () => Promise<Page<AlertRetentionDueDto>> }) {
  const [items, setItems] = useState<AlertRetentionDueDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    load().then((p) => setItems(p.items), setError);
  }, []);
  return (
    <>
      <h2 id="retention-due-h">{t('dueHeading')}</h2>
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {items === null ? null : items.length === 0 ? (
        <p class="muted">{t('dueNone')}</p>
      ) : (
        <ul class="plain reminder-list" aria-labelledby="retention-due-h" data-testid="retention-due">
          {items.map((d) => (
            <li key={d.alert.id} class="card">
              <a href={`/alerts/${d.alert.id}`}>
                <span class="reference">{d.alert.reference}</span> {d.alert.title}
              </a>
              <p>{t('dueOn', { date: dayMonthYear(d.purgeAt) })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
