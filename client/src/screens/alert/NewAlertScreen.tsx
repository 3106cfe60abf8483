/**
 * New alert: every field of the API's alert schema, identifiers checked as typed with
 * shared/identifiers, a plain-language preview of who will see it, photos shrunk on the phone,
 * a draft that survives reload, and the outbox when there is no connection.
 */
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { ACTION_CODES, ALERT_KINDS, DOCUMENT_TYPES, PRIORITIES, SCOPES, SUBJECT_ROLES } from '../../../../shared/schemas/alertEnums.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { ApiRequestError } from '../../api/http.js';
import { errorText, fieldErrors } from '../../api/errors.js';
import { translator } from '../../i18n/index.js';
import { isLive } from '../../live/socket.js';
import { claimEntry, newIdempotencyKey, outbox, queueAlert, sendEntry } from '../../live/outbox.js';
import { agencies } from '../../state/agencies.js';
import { currentUser } from '../../state/session.js';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.js';
import { Notice } from '../../ui/Notice.js';
import { ScreenHeading } from '../../ui/ScreenHeading.js';
import {
  clearDraft,
  emptyDocument,
  emptyLocation,
  emptySubject,
  emptyVehicle,
  loadDraft,
  newDraft,
  saveDraft,
  toAlertInput,
  type AlertDraft,
} from './draft.js';
import { DocumentCheck, PhoneCheck, PlateCheck } from './IdentifierCheck.js';
import { numberTyped } from './documentPrefix.js';
import { OutboxList } from './OutboxList.js';
import { PhotoDraftItem } from './PhotoDraftItem.js';
import { withoutSubject } from './photoDraftLinks.js';
import { shrinkImage } from './photos.js';

const t = translator(dict);
const tc = translator(common);
const td = translator(domain);

const COUNTRY_OPTIONS = () => [['AR', td('country_AR')] as const, ['PY', td('country_PY')] as const];

/** Replaces item `i` of a list with a patched copy. */
const patchAt = <T,>(list: T[], i: number, patch: Partial<T>): T[] => list.map((x, j) => (j === i ? { ...x, ...patch } : x));
const removeAt = <T,>(list: T[], i: number): T[] => list.filter((_, j) => j !== i);

function DistributionPreview({ d }: { d: AlertDraft }) {
  const user = currentUser.value;
  const own = user ? agencies.value.get(user.agencyId) : undefined;
  const names = d.agencyIds.map((id) => agencies.value.get(id)?.shortName ?? id);
  let text: string;
  if (d.scope === 'agency') text = t('previewAgency', { agency: own?.shortName ?? '' });
  else if (d.scope === 'country') text = t('previewCountry', { country: td(user?.country === 'PY' ? 'country_PY' : 'country_AR') });
  else if (d.scope === 'agencies') text = names.length ? t('previewAgencies', { list: names.join(', ') }) : t('previewAgenciesNone');
  else text = t('previewBilateral');
  return (
    <p class="preview" id="distribution-preview" aria-live="polite">
      {text}
      {d.sensitivity === 'restricted' ? <> {t('previewRestricted')}</> : null}
    </p>
  );
}

export function NewAlertScreen() {
  const { route } = useLocation();
  const [d, setD] = useState<AlertDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [queued, setQueued] = useState(false);
  const home = currentUser.value?.country ?? 'AR';
  // The screen is only reached signed in; the draft and outbox entries are the signed-in user's.
  const owner = currentUser.value?.id ?? '';

  useEffect(() => {
    loadDraft(owner).then(
      (saved) => setD(saved ?? newDraft(owner)),
      () => setD(newDraft(owner)),
    );
  }, [owner]);
  useEffect(() => {
    if (!d) return;
    const timer = window.setTimeout(() => void saveDraft(d), 250);
    return () => window.clearTimeout(timer);
  }, [d]);

  if (!d) return <p>{tc('loading')}</p>;
  const f = fieldErrors(error);
  const set = (patch: Partial<AlertDraft>) => setD({ ...d, ...patch });

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setQueued(false);
    const entry = await claimEntry({ key: d.key, owner: d.owner, body: toAlertInput(d), photos: d.photos });
    try {
      if (!navigator.onLine || !isLive()) throw new ApiRequestError('network', 0);
      const created = await sendEntry(entry);
      await clearDraft();
      route(`/alerts/${created.id}`);
    } catch (err) {
      if (err instanceof ApiRequestError && err.code === 'network') {
        await queueAlert(entry);
        await clearDraft();
        setD(newDraft(owner));
        setQueued(true);
      } else setError(err);
    } finally {
      setBusy(false);
    }
  };

  const onPhoto = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const image = await shrinkImage(file);
    // Until the poster says whom it shows, a photo counts as an unidentified person (restricted on a restricted alert).
    set({ photos: [...d.photos, { image, subjectIndex: null, shows: 'person', key: newIdempotencyKey() }] });
  };

  return (
    <section>
      <ScreenHeading title={t('newTitle')} />
      {queued ? <Notice kind="warning">{t('queued')}</Notice> : null}
      <OutboxList entries={outbox.value} />
      {error ? (
        <Notice kind="error">
          {errorText(error)} {Object.keys(f).length ? t('fixErrors') : null}
        </Notice>
      ) : null}
      <form onSubmit={onSubmit} noValidate class="alert-form">
        <fieldset>
          <legend>{t('sectionBasics')}</legend>
          <div class="grid-2">
            <SelectField
              id="a-kind"
              label={t('kind')}
              required
              value={d.kind}
              onValue={(kind) => set({ kind })}
              options={ALERT_KINDS.map((k) => [k, td(`kind_${k}`)] as const)}
              error={f.kind}
            />
            <SelectField
              id="a-priority"
              label={t('priority')}
              required
              value={d.priority}
              onValue={(priority) => set({ priority })}
              options={PRIORITIES.map((p) => [p, td(`priority_${p}`)] as const)}
              error={f.priority}
            />
          </div>
          <TextField
            id="a-title"
            label={t('title')}
            required
            maxLength={LIMITS.shortText}
            value={d.title}
            onValue={(title) => set({ title })}
            error={f.title}
          />
          <TextAreaField
            id="a-summary"
            label={t('summary')}
            maxLength={LIMITS.longText}
            value={d.summary}
            onValue={(summary) => set({ summary })}
            error={f.summary}
          />
          <div class="grid-2">
            <TextField
              id="a-occurred"
              type="datetime-local"
              label={t('occurredAt')}
              value={d.occurredAt}
              onValue={(occurredAt) => set({ occurredAt })}
              error={f.occurredAt}
            />
            <TextField
              id="a-review"
              type="date"
              label={t('reviewAt')}
              hint={t('reviewAtHint')}
              value={d.reviewAt}
              onValue={(reviewAt) => set({ reviewAt })}
              error={f.reviewAt}
            />
          </div>
          <TextField id="a-tags" label={t('tags')} value={d.tags} onValue={(tags) => set({ tags })} error={f.tags ?? f['tags.0']} />
        </fieldset>

        <fieldset>
          <legend>{t('sectionSubjects')}</legend>
          {d.subjects.map((s, i) => {
            const setS = (patch: Partial<typeof s>) => set({ subjects: patchAt(d.subjects, i, patch) });
            const p = `subjects.${i}`;
            return (
              <fieldset key={i} class="nested">
                <legend>{t('subjectN', { n: i + 1 })}</legend>
                <div class="grid-2">
                  <SelectField
                    id={`s${i}-role`}
                    label={t('role')}
                    value={s.role}
                    onValue={(role) => setS({ role })}
                    options={SUBJECT_ROLES.map((r) => [r, td(`role_${r}`)] as const)}
                  />
                  <SelectField
                    id={`s${i}-sex`}
                    label={t('sex')}
                    value={s.sex}
                    empty={tc('none')}
                    onValue={(sex) => setS({ sex })}
                    options={(['female', 'male', 'other', 'unknown'] as const).map((x) => [x, td(`sex_${x}`)] as const)}
                  />
                  <TextField
                    id={`s${i}-given`}
                    label={t('givenNames')}
                    value={s.givenNames}
                    onValue={(givenNames) => setS({ givenNames })}
                    error={f[`${p}.givenNames`]}
                  />
                  <TextField
                    id={`s${i}-family`}
                    label={t('familyNames')}
                    value={s.familyNames}
                    onValue={(familyNames) => setS({ familyNames })}
                    error={f[`${p}.familyNames`]}
                  />
                  <TextField
                    id={`s${i}-mother`}
                    label={t('mothersName')}
                    value={s.mothersName}
                    onValue={(mothersName) => setS({ mothersName })}
                  />
                  <TextField id={`s${i}-aliases`} label={t('aliases')} value={s.aliases} onValue={(aliases) => setS({ aliases })} />
                  <TextField
                    id={`s${i}-dob`}
                    type="date"
                    label={t('dateOfBirth')}
                    value={s.dateOfBirth}
                    onValue={(dateOfBirth) => setS({ dateOfBirth })}
                    error={f[`${p}.dateOfBirth`]}
                  />
                  <TextField
                    id={`s${i}-age`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={120}
                    label={t('approxAge')}
                    value={s.approxAge}
                    onValue={(approxAge) => setS({ approxAge })}
                    error={f[`${p}.approxAge`]}
                  />
                  <SelectField
                    id={`s${i}-nat`}
                    label={t('nationality')}
                    value={s.nationality}
                    empty={tc('none')}
                    onValue={(nationality) => setS({ nationality })}
                    options={COUNTRY_OPTIONS()}
                  />
                </div>
                <TextAreaField
                  id={`s${i}-desc`}
                  label={t('description')}
                  value={s.description}
                  onValue={(description) => setS({ description })}
                />
                <h3 class="h3">{t('documents')}</h3>
                {s.documents.map((doc, k) => {
                  const setDoc = (patch: Partial<typeof doc>) => setS({ documents: patchAt(s.documents, k, patch) });
                  const id = `s${i}-doc${k}`;
                  return (
                    <div key={k} class="grid-3">
                      <SelectField
                        id={`${id}-type`}
                        label={t('docType')}
                        value={doc.type}
                        onValue={(type) => setDoc({ type })}
                        options={DOCUMENT_TYPES.map((x) => [x, x] as const)}
                      />
                      <SelectField
                        id={`${id}-country`}
                        label={t('docCountry')}
                        value={doc.country}
                        onValue={(country) => setDoc({ country })}
                        options={COUNTRY_OPTIONS()}
                      />
                      <TextField
                        id={`${id}-number`}
                        label={t('docNumber')}
                        value={doc.number}
                        onValue={(number) => setDoc(numberTyped(doc, number))}
                        error={f[`${p}.documents.${k}.number`]}
                        hint={<DocumentCheck doc={doc} />}
                      />
                      <button type="button" class="link-button" onClick={() => setS({ documents: removeAt(s.documents, k) })}>
                        {tc('remove')}
                      </button>
                    </div>
                  );
                })}
                <div class="actions">
                  <button type="button" onClick={() => setS({ documents: [...s.documents, emptyDocument(s.nationality || home)] })}>
                    {t('addDocument')}
                  </button>
                  <button type="button" class="link-button" onClick={() => set(withoutSubject(d, i))}>
                    {tc('remove')} — {t('subjectN', { n: i + 1 })}
                  </button>
                </div>
              </fieldset>
            );
          })}
          <button type="button" onClick={() => set({ subjects: [...d.subjects, emptySubject()] })}>
            {t('addSubject')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('sectionPhones')}</legend>
          {d.phones.map((ph, i) => (
            <div key={i} class="row">
              <TextField
                id={`ph${i}`}
                type="tel"
                inputMode="tel"
                label={`${t('phone')} ${i + 1}`}
                value={ph}
                onValue={(v) => set({ phones: d.phones.map((x, j) => (j === i ? v : x)) })}
                error={f[`phones.${i}`]}
                hint={<PhoneCheck raw={ph} home={home} />}
              />
              <button type="button" class="link-button" onClick={() => set({ phones: removeAt(d.phones, i) })}>
                {tc('remove')}
              </button>
            </div>
          ))}
          <button type="button" onClick={() => set({ phones: [...d.phones, ''] })}>
            {t('addPhone')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('sectionVehicles')}</legend>
          {d.vehicles.map((v, i) => {
            const setV = (patch: Partial<typeof v>) => set({ vehicles: patchAt(d.vehicles, i, patch) });
            return (
              <fieldset key={i} class="nested">
                <legend>{t('vehicleN', { n: i + 1 })}</legend>
                <div class="grid-2">
                  <TextField
                    id={`v${i}-plate`}
                    label={t('plate')}
                    value={v.plate}
                    onValue={(plate) => setV({ plate })}
                    error={f[`vehicles.${i}.plate`]}
                    hint={<PlateCheck raw={v.plate} country={v.country} />}
                  />
                  <SelectField
                    id={`v${i}-country`}
                    label={t('country')}
                    value={v.country}
                    onValue={(country) => setV({ country })}
                    options={COUNTRY_OPTIONS()}
                  />
                  <TextField id={`v${i}-make`} label={t('make')} value={v.make} onValue={(make) => setV({ make })} />
                  <TextField id={`v${i}-model`} label={t('model')} value={v.model} onValue={(model) => setV({ model })} />
                  <TextField id={`v${i}-colour`} label={t('colour')} value={v.colour} onValue={(colour) => setV({ colour })} />
                </div>
                <button type="button" class="link-button" onClick={() => set({ vehicles: removeAt(d.vehicles, i) })}>
                  {tc('remove')}
                </button>
              </fieldset>
            );
          })}
          <button type="button" onClick={() => set({ vehicles: [...d.vehicles, emptyVehicle(home)] })}>
            {t('addVehicle')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('sectionLocations')}</legend>
          {d.locations.map((l, i) => {
            const setL = (patch: Partial<typeof l>) => set({ locations: patchAt(d.locations, i, patch) });
            return (
              <fieldset key={i} class="nested">
                <legend>{t('locationN', { n: i + 1 })}</legend>
                <div class="grid-2">
                  <TextField id={`l${i}-label`} label={t('label')} value={l.label} onValue={(label) => setL({ label })} />
                  <SelectField
                    id={`l${i}-country`}
                    label={t('country')}
                    value={l.country}
                    onValue={(country) => setL({ country })}
                    options={COUNTRY_OPTIONS()}
                  />
                  <TextField id={`l${i}-area`} label={t('adminArea')} value={l.adminArea} onValue={(adminArea) => setL({ adminArea })} />
                  <TextField id={`l${i}-locality`} label={t('locality')} value={l.locality} onValue={(locality) => setL({ locality })} />
                  <TextField
                    id={`l${i}-crossing`}
                    label={t('borderCrossing')}
                    value={l.borderCrossing}
                    onValue={(borderCrossing) => setL({ borderCrossing })}
                  />
                </div>
                <button type="button" class="link-button" onClick={() => set({ locations: removeAt(d.locations, i) })}>
                  {tc('remove')}
                </button>
              </fieldset>
            );
          })}
          <button type="button" onClick={() => set({ locations: [...d.locations, emptyLocation(home)] })}>
            {t('addLocation')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('sectionHandling')}</legend>
          <div class="grid-2">
            <SelectField
              id="a-action"
              label={t('actionCode')}
              value={d.actionCode}
              empty={tc('none')}
              onValue={(actionCode) => set({ actionCode })}
              options={ACTION_CODES.map((c) => [c, td(`action_${c}`)] as const)}
            />
            <TextField
              id="a-reply"
              type="number"
              inputMode="numeric"
              min={1}
              max={720}
              label={t('replyWithinHours')}
              value={d.replyWithinHours}
              onValue={(replyWithinHours) => set({ replyWithinHours })}
              error={f.replyWithinHours}
            />
          </div>
          <TextAreaField
            id="a-action-text"
            label={t('actionText')}
            maxLength={1000}
            value={d.actionText}
            onValue={(actionText) => set({ actionText })}
          />
          <div class="grid-2">
            <TextField id="a-case" label={t('caseNumber')} value={d.caseNumber} onValue={(caseNumber) => set({ caseNumber })} />
            <TextField id="a-authority" label={t('authority')} value={d.authority} onValue={(authority) => set({ authority })} />
            <SelectField
              id="a-handling"
              label={t('handlingCode')}
              value={d.handlingCode}
              empty={tc('none')}
              onValue={(handlingCode) => set({ handlingCode })}
              options={(['H0', 'H1', 'H2'] as const).map((x) => [x, x] as const)}
            />
            <SelectField
              id="a-reliability"
              label={t('sourceReliability')}
              value={d.sourceReliability}
              empty={tc('none')}
              onValue={(sourceReliability) => set({ sourceReliability })}
              options={(['A', 'B', 'C', 'X'] as const).map((x) => [x, x] as const)}
            />
            <SelectField
              id="a-credibility"
              label={t('infoCredibility')}
              value={d.infoCredibility}
              empty={tc('none')}
              onValue={(infoCredibility) => set({ infoCredibility })}
              options={(['1', '2', '3', '4'] as const).map((x) => [x, x] as const)}
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('sectionDistribution')}</legend>
          <SelectField
            id="a-scope"
            label={t('scope')}
            value={d.scope}
            onValue={(scope) => set({ scope })}
            options={SCOPES.map((s) => [s, td(`scope_${s}`)] as const)}
            error={f['distribution.scope']}
          />
          {d.scope === 'agencies' ? (
            <fieldset class="nested">
              <legend>{t('agencies')}</legend>
              {[...agencies.value.values()]
                .filter((a) => a.id !== currentUser.value?.agencyId)
                .map((a) => (
                  <label key={a.id} class="choice">
                    <input
                      type="checkbox"
                      checked={d.agencyIds.includes(a.id)}
                      onChange={(e) =>
                        set({ agencyIds: e.currentTarget.checked ? [...d.agencyIds, a.id] : d.agencyIds.filter((x) => x !== a.id) })
                      }
                    />
                    {a.shortName} ({a.country})
                  </label>
                ))}
            </fieldset>
          ) : null}
          <SelectField
            id="a-sensitivity"
            label={t('sensitivity')}
            hint={t('sensitivityHelp')}
            value={d.sensitivity}
            onValue={(sensitivity) => set({ sensitivity })}
            options={(['standard', 'restricted'] as const).map((s) => [s, td(`sensitivity_${s}`)] as const)}
          />
          {d.sensitivity === 'restricted' ? (
            <>
              <label class="choice">
                <input type="checkbox" checked={d.consentGiven} onChange={(e) => set({ consentGiven: e.currentTarget.checked })} />
                {t('victimConsent')}
              </label>
              <TextAreaField
                id="a-consent-note"
                label={t('consentNote')}
                maxLength={1000}
                value={d.consentNote}
                onValue={(consentNote) => set({ consentNote })}
              />
            </>
          ) : null}
          <DistributionPreview d={d} />
        </fieldset>

        <fieldset>
          <legend>{t('sectionPhotos')}</legend>
          <p class="muted">{t('photosHelp')}</p>
          <ul class="photo-drafts">
            {d.photos.map((p, i) => (
              <PhotoDraftItem
                key={p.key}
                photo={p}
                n={i + 1}
                subjects={d.subjects}
                sensitivity={d.sensitivity}
                onChange={(photo) => set({ photos: patchAt(d.photos, i, photo) })}
                onRemove={() => set({ photos: removeAt(d.photos, i) })}
              />
            ))}
          </ul>
          <label class="button" for="a-photo">
            {t('addPhoto')}
          </label>
          <input
            id="a-photo"
            class="visually-hidden"
            type="file"
            accept="image/*"
            capture="environment"
            onChange={(e) => void onPhoto(e)}
          />
        </fieldset>

        <div class="actions sticky-actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('sending') : t('send')}
          </button>
          <span class="muted">{t('draftSaved')}</span>
          <button
            type="button"
            class="link-button"
            onClick={() => {
              void clearDraft();
              setD(newDraft(owner));
              setError(null);
            }}
          >
            {t('discardDraft')}
          </button>
        </div>
      </form>
    </section>
  );
}
