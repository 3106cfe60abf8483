/**
 * /directory/new and /directory/:id/edit: an agency admin (their agency) or a system admin (any)
 * writes a contact. The API's validation messages appear beside the fields they name; a failed
 * save keeps everything typed.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { ContactDto } from '../../../../shared/dto/contact.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { directory } from '../../../../shared/i18n/client/directory.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import {
  CONTACT_KINDS,
  CONTACT_LANGUAGES,
  CONTACT_LIMITS,
  type ContactKind,
  type ContactLanguage,
} from '../../../../shared/schemas/contactEnums.js';
import { createContact, getContact, updateContact } from '../../api/contacts.js';
import { errorText, fieldMessage } from '../../api/errors.js';
import { ApiRequestError } from '../../api/http.js';
import { translator } from '../../i18n/index.js';
import { agencies } from '../../state/agencies.js';
import { currentUser, hasRole } from '../../state/session.js';
import { describedBy, Field, SelectField, TextAreaField, TextField } from '../../ui/Field.js';
import { ErrorSummary, summaryItems } from '../../ui/ErrorSummary.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import { flash } from './DirectoryScreen.js';
import { syncDirectory } from './offlineCopy.js';

const t = translator(directory);
const tc = translator(common);

interface PhoneDraft {
  number: string;
  is24h: boolean;
  whatsapp: boolean;
}
interface Draft {
  agencyId: string;
  kind: ContactKind;
  name: string;
  unit: string;
  position: string;
  phones: PhoneDraft[];
  emails: string[];
  languages: ContactLanguage[];
  availability: string;
  notes: string;
}

const emptyPhone = (): PhoneDraft => ({ number: '', is24h: false, whatsapp: false });

function draftOf(c: ContactDto): Draft {
  return {
    agencyId: c.agencyId,
    kind: c.kind,
    name: c.name,
    unit: c.unit ?? '',
    position: c.position ?? '',
    phones: c.phones.map((p) => ({ number: p.number, is24h: p.is24h, whatsapp: p.whatsapp })),
    emails: [...c.emails],
    languages: [...c.languages],
    availability: c.availability ?? '',
    notes: c.notes ?? '',
  };
}

/** What is sent: rows left empty are dropped, optional texts left empty are null. */
function payloadOf(d: Draft) {
  return {
    kind: d.kind,
    name: d.name,
    unit: d.unit.trim() || null,
    position: d.position.trim() || null,
    phones: d.phones.filter((p) => p.number.trim() !== ''),
    emails: d.emails.map((e) => e.trim()).filter(Boolean),
    languages: d.languages,
    availability: d.availability.trim() || null,
    notes: d.notes.trim() || null,
  };
}

/** The server's phone messages in the user's words; other messages as errors.ts words them. */
function message(path: string, text: string): string {
  if (/^phones\.\d+\.number$/.test(path)) {
    if (text.startsWith('not a valid phone number')) return t('phoneInvalid');
    if (text.startsWith('same number as')) return t('phoneRepeated');
  }
  if (path === 'phones' && text.includes('at least one phone or email')) return t('unreachable');
  return fieldMessage(text);
}

/**
 * Field errors keyed by the path of the field they belong to. Dropped empty rows shift indexes,
 * so the server's `phones.N` is mapped back to the row the user sees.
 */
function errorsFor(err: unknown, d: Draft): Record<string, string> {
  if (!(err instanceof ApiRequestError)) return {};
  const phoneRows = d.phones.map((p, i) => (p.number.trim() !== '' ? i : -1)).filter((i) => i >= 0);
  const emailRows = d.emails.map((e, i) => (e.trim() !== '' ? i : -1)).filter((i) => i >= 0);
  const out: Record<string, string> = {};
  for (const detail of err.details) {
    if (!detail.path) continue;
    const path = detail.path
      .replace(/^phones\.(\d+)/, (_m, n: string) => `phones.${phoneRows[Number(n)] ?? n}`)
      .replace(/^emails\.(\d+)/, (_m, n: string) => `emails.${emailRows[Number(n)] ?? n}`);
    out[path] ??= message(detail.path, detail.message);
  }
  return out;
}

export function ContactForm({ id }: { id?: string }) {
  const { route } = useLocation();
  const user = currentUser.value;
  const isSystemAdmin = hasRole('system_admin');
  const [draft, setDraft] = useState<Draft | null>(
    id
      ? null
      : {
          agencyId: user?.agencyId ?? '',
          kind: 'desk',
          name: '',
          unit: '',
          position: '',
          phones: [emptyPhone()],
          emails: [],
          languages: ['es'],
          availability: '',
          notes: '',
        },
  );
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  /** The API's field errors, mapped to the rows as they were when the save failed. */
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!id) return;
    getContact(id).then((c) => setDraft(draftOf(c)), setLoadError);
  }, [id]);

  const title = id ? t('editTitle') : t('newTitle');
  if (!draft) {
    return (
      <section>
        <ScreenHeading title={title} />
        {loadError ? (
          <Notice kind="error">
            {loadError instanceof ApiRequestError && loadError.code === 'not_found' ? t('contactNotFound') : errorText(loadError)}
          </Notice>
        ) : (
          <p>{tc('loading')}</p>
        )}
        <p>
          <a href="/directory">{t('backToDirectory')}</a>
        </p>
      </section>
    );
  }

  const d = draft;
  const set = (patch: Partial<Draft>) => setDraft({ ...d, ...patch });
  const setPhone = (i: number, patch: Partial<PhoneDraft>) => set({ phones: d.phones.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const setEmail = (i: number, value: string) => set({ emails: d.emails.map((e, j) => (j === i ? value : e)) });
  const toggleLanguage = (l: ContactLanguage, on: boolean) =>
    set({ languages: on ? CONTACT_LANGUAGES.filter((x) => x === l || d.languages.includes(x)) : d.languages.filter((x) => x !== l) });

  async function save(e: Event) {
    e.preventDefault();
    setSaving(true);
    setError(null);
    setErrors({});
    try {
      const saved = id ? await updateContact(id, payloadOf(d)) : await createContact({ agencyId: d.agencyId, ...payloadOf(d) });
      flash.value = t('saved', { name: saved.name });
      void syncDirectory();
      route('/directory');
    } catch (err) {
      setError(err);
      setErrors(errorsFor(err, d));
    } finally {
      setSaving(false);
    }
  }

  const agencyOptions = [...agencies.value.values()]
    .filter((a) => isSystemAdmin || a.id === user?.agencyId)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => [a.id, `${a.name} (${a.country})`] as const);
  const generalError = error && Object.keys(errors).length === 0 ? errorText(error) : error ? t('formErrors') : null;
  // Each error the form shows, linked to its field in the form's order.
  const summary = summaryItems(errors, [
    ['agencyId', 'contact-agency'],
    ['kind', 'contact-kind'],
    ['name', 'contact-name'],
    ['unit', 'contact-unit'],
    ['position', 'contact-position'],
    ['phones', d.phones.length ? 'contact-phone-0' : 'contact-add-phone'],
    ...d.phones.map((_, i) => [`phones.${i}.number`, `contact-phone-${i}`] as const),
    ...d.emails.map((_, i) => [`emails.${i}`, `contact-email-${i}`] as const),
    ['languages', 'contact-languages'],
    ['availability', 'contact-availability'],
    ['notes', 'contact-notes'],
  ]);

  return (
    <section class="contact-form">
      <ScreenHeading title={title} />
      <ErrorSummary message={generalError} items={summary} />
      <form onSubmit={(e) => void save(e)} noValidate>
        {id ? null : (
          <SelectField
            id="contact-agency"
            label={t('fieldAgency')}
            value={d.agencyId}
            onValue={(v) => set({ agencyId: v })}
            options={agencyOptions.length > 0 ? agencyOptions : [[d.agencyId, d.agencyId]]}
            error={errors.agencyId}
            required
          />
        )}
        <SelectField
          id="contact-kind"
          label={t('fieldKind')}
          value={d.kind}
          onValue={(v) => set({ kind: v as ContactKind })}
          options={CONTACT_KINDS.map((k) => [k, t(`kind_${k}`)] as const)}
          error={errors.kind}
        />
        <TextField
          id="contact-name"
          label={t('fieldName')}
          value={d.name}
          onValue={(v) => set({ name: v })}
          maxLength={LIMITS.shortText}
          error={errors.name}
          required
        />
        <div class="grid-2">
          <TextField id="contact-unit" label={t('fieldUnit')} value={d.unit} onValue={(v) => set({ unit: v })} error={errors.unit} />
          <TextField
            id="contact-position"
            label={t('fieldPosition')}
            value={d.position}
            onValue={(v) => set({ position: v })}
            error={errors.position}
          />
        </div>
        {errors.phones ? (
          <p class="field-error" id="contact-phones-error">
            {errors.phones}
          </p>
        ) : null}
        {d.phones.map((p, i) => {
          const n = i + 1;
          const fid = `contact-phone-${i}`;
          const err = errors[`phones.${i}.number`];
          return (
            <fieldset key={i} class="phone-row">
              <legend>{t('phoneN', { n })}</legend>
              <Field id={fid} label={t('phoneNumber')} error={err} hint={t('phoneNumberHint')}>
                <input
                  id={fid}
                  type="tel"
                  inputMode="tel"
                  autocomplete="off"
                  maxLength={CONTACT_LIMITS.phoneText}
                  value={p.number}
                  onInput={(e) => setPhone(i, { number: e.currentTarget.value })}
                  aria-describedby={describedBy(fid, { hint: true, error: err })}
                  aria-invalid={err ? true : undefined}
                />
              </Field>
              <label class="choice">
                <input type="checkbox" checked={p.is24h} onChange={(e) => setPhone(i, { is24h: e.currentTarget.checked })} />
                {t('phoneIs24h')}
              </label>
              <label class="choice">
                <input type="checkbox" checked={p.whatsapp} onChange={(e) => setPhone(i, { whatsapp: e.currentTarget.checked })} />
                {t('phoneWhatsapp')}
              </label>
              <button type="button" class="link-button" onClick={() => set({ phones: d.phones.filter((_, j) => j !== i) })}>
                {t('removePhone', { n })}
              </button>
            </fieldset>
          );
        })}
        {d.phones.length < CONTACT_LIMITS.phones ? (
          <p>
            <button type="button" id="contact-add-phone" onClick={() => set({ phones: [...d.phones, emptyPhone()] })}>
              {t('addPhone')}
            </button>
          </p>
        ) : null}
        {d.emails.map((value, i) => {
          const n = i + 1;
          return (
            <div class="email-row" key={i}>
              <TextField
                id={`contact-email-${i}`}
                label={t('emailN', { n })}
                type="email"
                autocomplete="off"
                value={value}
                onValue={(v) => setEmail(i, v)}
                error={errors[`emails.${i}`]}
              />
              <button type="button" class="link-button" onClick={() => set({ emails: d.emails.filter((_, j) => j !== i) })}>
                {t('removeEmail', { n })}
              </button>
            </div>
          );
        })}
        {d.emails.length < CONTACT_LIMITS.emails ? (
          <p>
            <button type="button" onClick={() => set({ emails: [...d.emails, ''] })}>
              {t('addEmail')}
            </button>
          </p>
        ) : null}
        <fieldset id="contact-languages" tabIndex={-1} aria-describedby={errors.languages ? 'contact-languages-error' : undefined}>
          <legend>{t('fieldLanguages')}</legend>
          {CONTACT_LANGUAGES.map((l) => (
            <label class="choice" key={l}>
              <input type="checkbox" checked={d.languages.includes(l)} onChange={(e) => toggleLanguage(l, e.currentTarget.checked)} />
              {t(`lang_${l}`)}
            </label>
          ))}
          {errors.languages ? (
            <p class="field-error" id="contact-languages-error">
              {errors.languages}
            </p>
          ) : null}
        </fieldset>
        <TextField
          id="contact-availability"
          label={t('fieldAvailability')}
          value={d.availability}
          onValue={(v) => set({ availability: v })}
          hint={t('fieldAvailabilityHint')}
          error={errors.availability}
        />
        <TextAreaField
          id="contact-notes"
          label={t('fieldNotes')}
          value={d.notes}
          onValue={(v) => set({ notes: v })}
          maxLength={CONTACT_LIMITS.notes}
          error={errors.notes}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={saving}>
            {saving ? t('saving') : t('saveContact')}
          </button>
          <a href="/directory">{t('backToDirectory')}</a>
        </div>
      </form>
    </section>
  );
}
