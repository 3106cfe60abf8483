/** Agencies of both countries (system admins): create, edit (name, short name, kind, jurisdiction, contact lines), disable and enable. */
import { useEffect, useState } from 'preact/hooks';
import type { AgencyDto } from '../../../../shared/dto/agency.js';
import { admin } from '../../../../shared/i18n/client/admin.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { AGENCY_KINDS } from '../../../../shared/schemas/adminEnums.js';
import { createAgency, listAgencies, updateAgency } from '../../api/agencies.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { forgetAgencies, loadAgencies } from '../../state/agencies.js';
import { SelectField, TextField } from '../../ui/Field.js';
import { RequestErrorSummary } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { useAction } from '../../ui/useAction.js';
import { AdminNav, ConfirmAction } from './parts.js';

const t = translator(admin);
const td = translator(domain);
const tc = translator(common);
const kindWord = (k: AgencyDto['kind']) => t(`agencyKind_${k}`);
const KIND_OPTIONS = () => AGENCY_KINDS.map((k) => [k, kindWord(k)] as const);

/** The agencies everyone's screens name (state/agencies) are read again after a change. */
function refreshNames(): void {
  forgetAgencies();
  void loadAgencies();
}

interface AgencyForm {
  name: string;
  shortName: string;
  country: string;
  kind: string;
  jurisdiction: string;
  phone: string;
  email: string;
  dutyPhone: string;
}

/** The API's paths and the ids of the fields that show them, in the form's order. */
const agencyFieldIds = (prefix: string) =>
  [
    ['name', `${prefix}-name`],
    ['shortName', `${prefix}-short`],
    ['country', `${prefix}-country`],
    ['kind', `${prefix}-kind`],
    ['jurisdiction', `${prefix}-jur`],
    ['phone', `${prefix}-phone`],
    ['dutyPhone', `${prefix}-duty`],
    ['email', `${prefix}-email`],
  ] as const;

function AgencyFields({
  prefix,
  f,
  set,
  errors,
  countryFixed,
}: {
  prefix: string;
  f: AgencyForm;
  set: (f: AgencyForm) => void;
  errors: Record<string, string>;
  countryFixed: boolean;
}) {
  const on = (k: keyof AgencyForm) => (v: string) => set({ ...f, [k]: v });
  return (
    <>
      <TextField
        id={`${prefix}-name`}
        label={t('name')}
        value={f.name}
        onValue={on('name')}
        error={errors.name}
        required
        autocomplete="off"
      />
      <TextField
        id={`${prefix}-short`}
        label={t('shortName')}
        value={f.shortName}
        onValue={on('shortName')}
        error={errors.shortName}
        required
        autocomplete="off"
        maxLength={40}
      />
      {countryFixed ? (
        <p class="field-hint">
          {t('country')}: {td(f.country === 'PY' ? 'country_PY' : 'country_AR')} — {t('countryFixed')}
        </p>
      ) : (
        <SelectField
          id={`${prefix}-country`}
          label={t('country')}
          value={f.country}
          onValue={on('country')}
          options={[
            ['AR', td('country_AR')],
            ['PY', td('country_PY')],
          ]}
          empty="—"
          error={errors.country}
          required
        />
      )}
      <SelectField
        id={`${prefix}-kind`}
        label={t('kind')}
        value={f.kind}
        onValue={on('kind')}
        options={KIND_OPTIONS()}
        empty="—"
        error={errors.kind}
        required
      />
      <TextField
        id={`${prefix}-jur`}
        label={t('jurisdiction')}
        value={f.jurisdiction}
        onValue={on('jurisdiction')}
        error={errors.jurisdiction}
        autocomplete="off"
      />
      <TextField
        id={`${prefix}-phone`}
        label={t('agencyPhone')}
        type="tel"
        value={f.phone}
        onValue={on('phone')}
        error={errors.phone}
        autocomplete="off"
      />
      <TextField
        id={`${prefix}-duty`}
        label={t('dutyPhone')}
        type="tel"
        value={f.dutyPhone}
        onValue={on('dutyPhone')}
        error={errors.dutyPhone}
        autocomplete="off"
      />
      <TextField
        id={`${prefix}-email`}
        label={t('agencyEmail')}
        type="email"
        value={f.email}
        onValue={on('email')}
        error={errors.email}
        autocomplete="off"
      />
    </>
  );
}

const EMPTY: AgencyForm = { name: '', shortName: '', country: '', kind: '', jurisdiction: '', phone: '', email: '', dutyPhone: '' };

/** The optional lines as the API takes them: only those filled in (an address cannot be blank). */
const optionalLines = (f: AgencyForm) => {
  const out: { jurisdiction?: string; phone?: string; email?: string; dutyPhone?: string } = {};
  for (const k of ['jurisdiction', 'phone', 'email', 'dutyPhone'] as const) if (f[k].trim()) out[k] = f[k].trim();
  return out;
};
const formOf = (a: AgencyDto): AgencyForm => ({
  name: a.name,
  shortName: a.shortName,
  country: a.country,
  kind: a.kind,
  jurisdiction: a.jurisdiction ?? '',
  phone: a.phone ?? '',
  email: a.email ?? '',
  dutyPhone: a.dutyPhone ?? '',
});

function NewAgency({ onCreated }: { onCreated: (a: AgencyDto) => void }) {
  const [f, setF] = useState(EMPTY);
  const { busy, error, run } = useAction();
  return (
    <form
      class="card"
      aria-labelledby="new-agency-h"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const created = await createAgency({
            name: f.name.trim(),
            shortName: f.shortName.trim(),
            country: f.country as AgencyDto['country'],
            kind: f.kind as AgencyDto['kind'],
            ...optionalLines(f),
          });
          setF(EMPTY);
          onCreated(created);
        });
      }}
    >
      <h2 id="new-agency-h">{t('newAgency')}</h2>
      <RequestErrorSummary error={error} fields={[...agencyFieldIds('new-agency')]} />
      <AgencyFields prefix="new-agency" f={f} set={setF} errors={fieldErrors(error)} countryFixed={false} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {t('createAgency')}
        </button>
      </div>
    </form>
  );
}

function AgencyCard({ a, onChanged }: { a: AgencyDto; onChanged: (a: AgencyDto) => void }) {
  const [editing, setEditing] = useState(false);
  const [f, setF] = useState(formOf(a));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const save = async (change: Parameters<typeof updateAgency>[1]) => {
    setError(null);
    setSaved(false);
    try {
      onChanged(await updateAgency(a.id, change));
      setSaved(true);
      return true;
    } catch (err) {
      setError(err);
      return false;
    }
  };
  return (
    <li class="card agency-card" data-testid="agency" data-name={a.name}>
      <div class="account-head">
        <h3 class="h3">{a.name}</h3>
        <span class={`status-pill status-pill-${a.active ? 'active' : 'disabled'}`}>{t(a.active ? 'active' : 'inactive')}</span>
      </div>
      <p class="muted">
        {a.shortName} · {td(a.country === 'PY' ? 'country_PY' : 'country_AR')} · {kindWord(a.kind)}
        {a.jurisdiction ? ` · ${a.jurisdiction}` : ''}
      </p>
      {a.phone || a.dutyPhone || a.email ? (
        <p class="muted break">
          {[a.phone, a.dutyPhone ? `${t('dutyPhone')}: ${a.dutyPhone}` : null, a.email].filter(Boolean).join(' · ')}
        </p>
      ) : null}
      <RequestErrorSummary error={error} fields={[...agencyFieldIds(`agency-${a.id}`)]} />
      {saved ? <Notice kind="success">{t('agencySaved')}</Notice> : null}
      {editing ? (
        <form
          noValidate
          aria-label={t('editOf', { name: a.name })}
          onSubmit={async (e) => {
            e.preventDefault();
            const ok = await save({
              name: f.name.trim(),
              shortName: f.shortName.trim(),
              kind: f.kind as AgencyDto['kind'],
              // Cleared text lines are sent empty; an address is sent only when there is one.
              jurisdiction: f.jurisdiction.trim(),
              phone: f.phone.trim(),
              dutyPhone: f.dutyPhone.trim(),
              ...(f.email.trim() ? { email: f.email.trim() } : {}),
            });
            if (ok) setEditing(false);
          }}
        >
          <AgencyFields prefix={`agency-${a.id}`} f={f} set={setF} errors={fieldErrors(error)} countryFixed />
          <div class="actions">
            <button type="submit" class="primary">
              {tc('save')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {tc('cancel')}
            </button>
          </div>
        </form>
      ) : (
        <div class="actions">
          <button type="button" aria-label={t('editOf', { name: a.name })} onClick={() => setEditing(true)}>
            {t('edit')}
          </button>
          {a.active ? (
            <ConfirmAction
              danger
              label={t('disableAgency')}
              question={t('confirmDisableAgency', { name: a.name })}
              onConfirm={() => void save({ active: false })}
            />
          ) : (
            <button type="button" onClick={() => void save({ active: true })}>
              {t('enableAgency')}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

export function AgenciesScreen() {
  const [items, setItems] = useState<AgencyDto[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);
  useEffect(() => {
    listAgencies().then((p) => setItems(p.items), setError);
  }, []);
  const sorted = [...(items ?? [])].sort((x, y) => x.country.localeCompare(y.country) || x.name.localeCompare(y.name));
  const changed = (a: AgencyDto) => {
    setItems((prev) => (prev?.some((x) => x.id === a.id) ? prev.map((x) => (x.id === a.id ? a : x)) : [...(prev ?? []), a]));
    refreshNames();
  };
  return (
    <section class="admin">
      <ScreenHeading title={t('agenciesTitle')} />
      <AdminNav />
      <p>{t('agenciesIntro')}</p>
      {created ? <Notice kind="success">{t('agencyCreated', { name: created })}</Notice> : null}
      <NewAgency
        onCreated={(a) => {
          setCreated(a.name);
          changed(a);
        }}
      />
      {error ? <Notice kind="error">{errorText(error)}</Notice> : null}
      {(['AR', 'PY'] as const).map((c) => (
        <section key={c} aria-labelledby={`agencies-${c}`}>
          <h2 id={`agencies-${c}`}>{td(c === 'AR' ? 'country_AR' : 'country_PY')}</h2>
          {items === null ? (
            <p role="status">{t('loadingAgencies')}</p>
          ) : (
            <ul class="plain agency-list">
              {sorted
                .filter((a) => a.country === c)
                .map((a) => (
                  <AgencyCard key={a.id} a={a} onChanged={changed} />
                ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}
