/**
 * "Who viewed this alert", for the originating agency: each view or export with its time and
 * agency, the list as CSV, and for administrators the audit events behind each line.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AlertViewDto } from '../../../../shared/dto/alert.js';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { listViews } from '../../api/alerts.js';
import { errorText } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { onAlertActivity } from '../../live/socket.js';
import { agencyLabel } from '../../state/agencies.js';
import { hasRole } from '../../state/session.js';
import { Notice } from '../../ui/Notice.js';
import { Time } from '../../ui/Time.js';

const t = translator(dict);

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
          {items.map((v) => (
            <li key={v.auditSeq}>
              <Time iso={v.at} /> — {agencyLabel(v.agencyId)} {t(v.action === 'export' ? 'view_export' : 'view_view')}
              {auditor ? (
                <>
                  {' '}
                  (<a href={`/admin/audit/${v.auditSeq}`}>{t('viewsAuditEvent', { seq: v.auditSeq })}</a>)
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
