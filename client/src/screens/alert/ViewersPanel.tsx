/**
 * "Who viewed this alert", for the originating agency: one line per person (name, agency, how
 * many views and exports, the last one's local time), the list as CSV, and for administrators
 * the audit event of each person's last view.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AlertViewDto } from '../../../../shared/dto/alert.js';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { listViews } from '../../api/alerts.js';
import { errorText } from '../../api/errors.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { onAlertActivity } from '../../live/socket.js';
import { agencyLabel } from '../../state/agencies.js';
import { hasRole } from '../../state/session.js';
import { Notice } from '../../ui/Notice.js';
import { Time } from '../../ui/Time.js';

const t = translator(dict);
const tp = pluralTranslator(dict);

interface Viewer {
  last: AlertViewDto;
  views: number;
  exports: number;
}

/** One entry per person, in the order of their last view (the API lists newest first). */
function byPerson(items: AlertViewDto[]): Viewer[] {
  const people = new Map<string, Viewer>();
  for (const v of items) {
    const p = people.get(v.userId) ?? { last: v, views: 0, exports: 0 };
    if (v.action === 'export') p.exports++;
    else p.views++;
    people.set(v.userId, p);
  }
  return [...people.values()];
}

export function ViewersPanel({ alertId }: { alertId: string }) {
  const [items, setItems] = useState<AlertViewDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const load = () => listViews(alertId).then((p) => setItems(p.items), setError);
    void load();
    return onAlertActivity((changed) => {
      if (changed === alertId) void load();
    });
  }, [alertId]);
  const auditor = hasRole('agency_admin') || hasRole('system_admin');
  const path = `/api/v1/alerts/${encodeURIComponent(alertId)}/views/export.csv`;
  return (
    <section aria-labelledby="views-h">
      <h2 id="views-h">{t('views')}</h2>
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {items === null && !error ? <p>{t('loadingViews')}</p> : null}
      {items?.length ? (
        <ul class="plain views-list" data-testid="views">
          {byPerson(items).map(({ last, views, exports }) => (
            <li key={last.userId}>
              <strong>{last.userName ?? t('unknownViewer')}</strong> — {agencyLabel(last.agencyId)}:{' '}
              {[views ? tp('viewsCount', views) : '', exports ? tp('exportsCount', exports) : ''].filter(Boolean).join(', ')};{' '}
              {t('viewsLast')} <Time iso={last.at} />
              {auditor ? (
                <>
                  {' '}
                  (<a href={`/admin/audit/${last.auditSeq}`}>{t('viewsAuditEvent', { seq: last.auditSeq })}</a>)
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : items ? (
        <p class="muted">{t('noViews')}</p>
      ) : null}
      <p class="actions">
        {items?.length ? (
          <a class="button" href={path} download>
            {t('viewsExport')}
          </a>
        ) : null}
        {auditor ? <a href={`/admin/audit?targetType=alert&targetId=${encodeURIComponent(alertId)}`}>{t('viewsAuditAll')}</a> : null}
      </p>
    </section>
  );
}
