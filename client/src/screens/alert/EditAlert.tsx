/**
 * Editing with `version`: a 409 version_conflict fetches the new version, shows which fields
 * someone else changed (theirs beside yours), keeps every value the user typed, and lets them
 * save their edit over the new version.
 */
import { useState } from 'preact/hooks';
import type { AlertDto } from '../../../../shared/dto/alert.js';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { PRIORITIES } from '../../../../shared/schemas/alertEnums.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { editAlert, getAlert } from '../../api/alerts.js';
import { ApiRequestError } from '../../api/http.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';

const t = translator(dict);
const tc = translator(common);
const td = translator(domain);

interface Editable {
  title: string;
  summary: string;
  priority: string;
  actionText: string;
}
const FIELDS: Array<keyof Editable> = ['title', 'summary', 'priority', 'actionText'];

const editableOf = (a: AlertDto): Editable => ({
  title: a.title,
  summary: a.summary ?? '',
  priority: a.priority,
  actionText: a.actionRequested?.text ?? '',
});

export function EditAlert({ alert, onDone }: { alert: AlertDto; onDone: (updated: AlertDto | null) => void }) {
  /** The version the user's edit is based on; replaced by the newer one after a conflict. */
  const [base, setBase] = useState(alert);
  const [mine, setMine] = useState<Editable>(editableOf(alert));
  const [conflict, setConflict] = useState<Array<{ field: keyof Editable; theirs: string }> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const f = fieldErrors(error);
  const set = (patch: Partial<Editable>) => setMine({ ...mine, ...patch });

  const labels: Record<keyof Editable, string> = {
    title: t('title'),
    summary: t('summary'),
    priority: t('priority'),
    actionText: t('actionText'),
  };

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const changed = FIELDS.filter((k) => mine[k] !== editableOf(base)[k]);
      const body: Parameters<typeof editAlert>[1] = { version: base.version };
      if (changed.includes('title')) body.title = mine.title;
      if (changed.includes('summary')) body.summary = mine.summary;
      if (changed.includes('priority')) body.priority = mine.priority as 'urgent';
      if (changed.includes('actionText') && base.actionRequested)
        body.actionRequested = { code: base.actionRequested.code as 'locate_and_report', text: mine.actionText };
      onDone(await editAlert(alert.id, body));
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'version_conflict') {
        const latest = await getAlert(alert.id);
        const before = editableOf(base);
        const now = editableOf(latest);
        setConflict(FIELDS.filter((k) => now[k] !== before[k]).map((k) => ({ field: k, theirs: now[k] })));
        // Keep what the user edited; take the new version's value for every field they left alone.
        const edited = FIELDS.filter((k) => mine[k] !== before[k]);
        setMine({ ...now, ...Object.fromEntries(edited.map((k) => [k, mine[k]])) });
        setBase(latest);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card edit-form" onSubmit={onSubmit} noValidate>
      <h2>{t('editTitle')}</h2>
      {conflict ? (
        <Notice kind="warning">
          <p>
            <strong>{t('conflictTitle')}</strong> {t('conflictHelp')}
          </p>
          <dl class="facts conflict" data-testid="conflict">
            {conflict.map((c) => (
              <div key={c.field}>
                <dt>{labels[c.field]}</dt>
                <dd>
                  {t('conflictTheirs')}:{' '}
                  <span data-testid={`theirs-${c.field}`}>
                    {c.field === 'priority' ? td(`priority_${c.theirs}` as 'priority_high') : c.theirs || tc('none')}
                  </span>
                  <br />
                  {t('conflictYours')}:{' '}
                  {c.field === 'priority' ? td(`priority_${mine[c.field]}` as 'priority_high') : mine[c.field] || tc('none')}
                </dd>
              </div>
            ))}
          </dl>
        </Notice>
      ) : null}
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      <TextField
        id="ed-title"
        label={t('title')}
        required
        maxLength={LIMITS.shortText}
        value={mine.title}
        onValue={(title) => set({ title })}
        error={f.title}
      />
      <TextAreaField
        id="ed-summary"
        label={t('summary')}
        maxLength={LIMITS.longText}
        value={mine.summary}
        onValue={(summary) => set({ summary })}
        error={f.summary}
      />
      <SelectField
        id="ed-priority"
        label={t('priority')}
        value={mine.priority}
        onValue={(priority) => set({ priority })}
        options={PRIORITIES.map((p) => [p, td(`priority_${p}`)] as const)}
      />
      {base.actionRequested ? (
        <TextAreaField
          id="ed-action"
          label={t('actionText')}
          maxLength={1000}
          value={mine.actionText}
          onValue={(actionText) => set({ actionText })}
        />
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {conflict ? t('reapply') : t('saveEdit')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
