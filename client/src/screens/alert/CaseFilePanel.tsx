/**
 * "Expediente para la justicia" (issue 29): the alert's case file as PDF or JSON, for those who may
 * export it (`abilities.exportCaseFile`: prosecutors of an agency the alert reaches). Plain download
 * links: the browser saves what the server streams, and the server audits each download.
 */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { translator } from '../../i18n/index.js';

const t = translator(dict);

export function CaseFilePanel({ alertId }: { alertId: string }) {
  const base = `/api/v1/alerts/${encodeURIComponent(alertId)}/case-file`;
  return (
    <div class="case-file">
      <p class="actions">
        <a class="button primary" href={`${base}.pdf`} download data-testid="case-file-pdf" aria-describedby="case-file-help">
          {t('caseFilePdf')}
        </a>
        <a href={`${base}.json`} download data-testid="case-file-json" aria-describedby="case-file-help">
          {t('caseFileJson')}
        </a>
      </p>
      <p class="muted" id="case-file-help">
        {t('caseFileHelp')}
      </p>
    </div>
  );
}
