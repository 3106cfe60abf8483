/**
 * The audit trail: filters kept in the address (so other screens link to "events on this
 * resource"), pages by cursor, one event in full, and the chain verification for system admins.
 */
import { useLocation } from 'preact-iso';
import { privacy } from '../../../../shared/i18n/client/privacy.js';
import { useEffect, useState } from 'preact/hooks';
import type { AuditVerifyDto, LabelledAuditEventDto } from '../../../../shared/dto/admin.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { auditWords } from '../../../../shared/i18n/client/auditWords.js';
import { getAuditEvent, listAudit, verifyAudit, type AuditFilters } from '../../api/audit.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { query as queryString } from '../../api/http.js';
import { pluralTranslator, translator } from '../../i18n/index.js';
import { hasRole } from '../../state/session.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { Time } from '../../ui/Time.js';
import { useAction } from '../../ui/useAction.js';
import {
  actionText,
  actorText,
  agencyText,
  PersonSelect,
  resourceKindText,
  TARGET_TYPES,
  targetText,
  technicalFields,
} from './auditText.js';
import { usePaged } from './hooks.js';
import { AdminNav, agencyOptions, LoadMore } from './parts.js';

const t = translator(admin);
const tp = pluralTranslator(admin);
const tpr = translator(privacy);

const KEYS = ['actorId', 'agencyId', 'action', 'outcome', 'targetType', 'targetId', 'from', 'to'] as const;
type Key = (typeof KEYS)[number];
type Form = Record<Key, string>;

/** The actions offered as a filter: those with words, sorted by them. */
const actionOptions = () =>
  Object.keys(auditWords.es)
    .filter((k) => k.includes('.'))
    .map((k) => [k, actionText(k)] as const)
    .sort((x, y) => x[1].localeCompare(y[1]));

/** datetime-local value ↔ ISO instant (the browser's zone). */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
const toLocal = (iso: string) => {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

export const auditLink = (filters: Partial<Form>) => `/admin/audit${queryString(filters)}`;

function formFrom(q: Record<string, string>): Form {
  const f = {} as Form;
  for (const k of KEYS) f[k] = q[k] ?? '';
  return f;
}

function VerifyPanel() {
  const [result, setResult] = useState<AuditVerifyDto | null>(null);
  const { busy, error, run } = useAction();
  const reason = (r: string) =>
    t(/hash/.test(r) ? 'reason_hash' : /link|prevHash/.test(r) ? 'reason_link' : /twice/.test(r) ? 'reason_twice' : 'reason_malformed');
  return (
    <div class="verify">
      <button
        type="button"
        class="primary"
        disabled={busy}
        onClick={() => {
          setResult(null);
          void run(async () => setResult(await verifyAudit()));
        }}
      >
        {t('verify')}
      </button>
      <div data-testid="verify-result">
        {busy ? <p role="status">{t('verifying')}</p> : null}
        {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
        {result?.ok ? <Notice kind="success">{tp('verifyOk', result.checked)}</Notice> : null}
        {result && !result.ok ? (
          <Notice kind="error">
            <p>
              <strong>{t('verifyBroken', { seq: result.brokenAt })}</strong>
            </p>
            <p>{t('verifyBrokenWhy', { reason: reason(result.reason) })}</p>
            <p>{t('verifyBrokenBefore', { checked: result.checked, seq: result.brokenAt })}</p>
            <p>
              <a href={`/admin/audit/${result.brokenAt}`}>{t('openBroken', { seq: result.brokenAt })}</a>
            </p>
          </Notice>
        ) : null}
      </div>
    </div>
  );
}

function AuditFiltersForm({ value, onApply }: { value: Form; onApply: (f: Form) => void }) {
  const [f, setF] = useState(value);
  useEffect(() => setF(value), [JSON.stringify(value)]);
  const set = (k: Key) => (v: string) => setF({ ...f, [k]: v });
  /** Open while filters apply, so what narrows the list is in view. */
  const active = Object.values(value).some(Boolean);
  return (
    <details class="filters" open={active}>
      <summary>{t('filters')}</summary>
      <form
        aria-label={t('filters')}
        onSubmit={(e) => {
          e.preventDefault();
          onApply(f);
        }}
      >
        <div class="filter-grid">
          <PersonSelect value={f.actorId} onValue={set('actorId')} />
          {hasRole('system_admin') ? (
            <SelectField
              id="au-agency"
              label={t('agency')}
              value={f.agencyId}
              onValue={set('agencyId')}
              options={agencyOptions()}
              empty={t('allAgencies')}
            />
          ) : null}
          <SelectField
            id="au-action"
            label={t('action')}
            value={f.action}
            onValue={set('action')}
            options={actionOptions()}
            empty={t('any')}
          />
          <SelectField
            id="au-outcome"
            label={t('outcome')}
            value={f.outcome}
            onValue={set('outcome')}
            options={[
              ['success', t('outcome_success')],
              ['failure', t('outcome_failure')],
            ]}
            empty={t('any')}
          />
          <SelectField
            id="au-ttype"
            label={t('targetType')}
            value={f.targetType}
            onValue={set('targetType')}
            options={TARGET_TYPES.map((x) => [x, resourceKindText(x)] as const)}
            empty={t('any')}
          />
          <TextField id="au-tid" label={t('targetId')} value={f.targetId} onValue={set('targetId')} autocomplete="off" />
          <TextField id="au-from" label={t('from')} type="datetime-local" value={toLocal(f.from)} onValue={(v) => set('from')(toIso(v))} />
          <TextField id="au-to" label={t('to')} type="datetime-local" value={toLocal(f.to)} onValue={(v) => set('to')(toIso(v))} />
        </div>
        {!hasRole('system_admin') ? <p class="field-hint">{t('agencyOwn')}</p> : null}
        <div class="actions">
          <button type="submit" class="primary">
            {t('applyFilters')}
          </button>
          <button type="button" onClick={() => onApply(formFrom({}))}>
            {t('clearFilters')}
          </button>
        </div>
      </form>
    </details>
  );
}

export function AuditScreen() {
  const { query, route } = useLocation();
  const form = formFrom(query);
  const filters: AuditFilters = {};
  for (const k of KEYS) if (form[k]) filters[k] = form[k];
  const list = usePaged((cursor) => listAudit(filters, cursor), JSON.stringify(form));
  const { items, error } = list;
  const fields = fieldErrors(error);

  return (
    <section class="admin">
      <ScreenHeading title={t('auditTitle')} />
      <AdminNav />
      <p>{t('auditIntro')}</p>
      {hasRole('system_admin') ? <VerifyPanel /> : null}
      <AuditFiltersForm value={form} onApply={(f) => route(auditLink(f))} />
      {error ? (
        <Notice kind="error">
          {errorText(error)} {Object.values(fields).join(' · ')}
        </Notice>
      ) : null}
      <h2 id="events-h">{t('eventsList')}</h2>
      {items === null ? (
        error ? null : (
          <p role="status">{t('loadingAudit')}</p>
        )
      ) : items.length === 0 ? (
        <p role="status">{t('noEvents')}</p>
      ) : (
        <ol class="plain audit-list" aria-labelledby="events-h">
          {items.map((e) => (
            <li key={e.seq} class={`audit-row outcome-${e.outcome}`} data-testid="audit-event">
              <a href={`/admin/audit/${e.seq}`} class="audit-seq">
                {t('eventN', { seq: e.seq })}
              </a>
              <span class="audit-action">{actionText(e.action)}</span>
              <span class={`status-pill outcome-pill-${e.outcome}`}>{t(`outcome_${e.outcome}`)}</span>
              <span class="audit-meta">
                <Time iso={e.at} /> · {actorText(e)}
                {agencyText(e) ? ` · ${agencyText(e)}` : ''} · {targetText(e)}
              </span>
            </li>
          ))}
        </ol>
      )}
      <LoadMore next={list.next} busy={list.busy} onMore={list.more} />
    </section>
  );
}

export function AuditEventScreen({ seq }: { seq: number }) {
  const [e, setE] = useState<LabelledAuditEventDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setE(null);
    getAuditEvent(seq).then(setE, setError);
  }, [seq]);
  return (
    <section class="admin">
      <ScreenHeading title={t('eventTitle', { seq })} />
      <AdminNav />
      <p>
        <a href="/admin/audit">{t('backToAudit')}</a>
      </p>
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {!e && !error ? <p role="status">{t('loadingAudit')}</p> : null}
      {e ? (
        <>
          <dl class="facts audit-event" data-testid="audit-detail">
            <dt>{t('at')}</dt>
            <dd>
              <Time iso={e.at} />
            </dd>
            <dt>{t('action')}</dt>
            <dd>{actionText(e.action)}</dd>
            <dt>{t('outcome')}</dt>
            <dd>{t(`outcome_${e.outcome}`)}</dd>
            <dt>{t('actor')}</dt>
            <dd class="break">{actorText(e)}</dd>
            <dt>{t('actorAgency')}</dt>
            <dd>{agencyText(e) ?? '—'}</dd>
            <dt>{t('target')}</dt>
            <dd class="break">{targetText(e)}</dd>
            <dt>{t('ip')}</dt>
            <dd>{e.ip ?? '—'}</dd>
            {e.personalErased ? (
              <>
                <dt>{tpr('personalDetails')}</dt>
                <dd data-testid="personal-erased">
                  {tpr('personalErasedOn', { number: e.personalErased.requestNumber })} <Time iso={e.personalErased.at} />
                </dd>
              </>
            ) : null}
          </dl>
          <details class="technical">
            <summary>{t('technicalDetails')}</summary>
            <pre class="audit-details">{JSON.stringify(technicalFields(e), null, 2)}</pre>
          </details>
          <ul class="plain">
            {e.targetType && e.targetId ? (
              <li>
                <a href={auditLink({ targetType: e.targetType, targetId: e.targetId })}>{t('sameTarget')}</a>
              </li>
            ) : null}
            {e.actorId && e.actorId !== 'system' ? (
              <li>
                <a href={auditLink({ actorId: e.actorId })}>{t('sameActor')}</a>
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
    </section>
  );
}
