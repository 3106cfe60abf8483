/**
 * The quick alert (issue 25): kind and priority (not pre-filled), title, one person (role, names,
 * document), photos (camera or gallery, each saying whom it shows), a place, and who will see it.
 * At most 12 controls; the rest of the alert is under "Más detalles" (DetailFields).
 */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { ALERT_KINDS, PRIORITIES, SCOPES, SUBJECT_ROLES } from '../../../../shared/schemas/alertEnums.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { translator } from '../../i18n/index.js';
import { newIdempotencyKey } from '../../live/outbox.js';
import { agencies } from '../../state/agencies.js';
import { currentUser } from '../../state/session.js';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.js';
import { DistributionPreview } from './audience.js';
import { FIELD } from './draftCheck.js';
import { DocumentRow, patchAt, removeAt, subjectAt, subjectPatch, type FormPart } from './formParts.js';
import { PhotoDraftItem } from './PhotoDraftItem.js';
import { PlaceField } from './PlaceField.js';
import { shrinkImage } from './photos.js';

const t = translator(dict);
const td = translator(domain);

export function QuickFields({ p }: { p: FormPart }) {
  const { d, set, errs } = p;
  const s = subjectAt(d, 0);
  const onPhotos = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    const added = [];
    for (const file of files) {
      // Until the poster says whom it shows, a photo counts as an unidentified person (restricted on a restricted alert).
      added.push({ image: await shrinkImage(file), subjectIndex: null, shows: 'person' as const, key: newIdempotencyKey() });
    }
    if (added.length) set({ photos: [...d.photos, ...added] });
  };
  return (
    <>
      <fieldset>
        <legend>{t('sectionBasics')}</legend>
        <div class="grid-2">
          <SelectField
            id={FIELD.kind}
            label={t('kind')}
            required
            empty={t('chooseOne')}
            value={d.kind}
            onValue={(kind) => set({ kind })}
            options={ALERT_KINDS.map((k) => [k, td(`kind_${k}`)] as const)}
            error={errs[FIELD.kind]}
          />
          <SelectField
            id={FIELD.priority}
            label={t('priority')}
            required
            empty={t('chooseOne')}
            value={d.priority}
            onValue={(priority) => set({ priority })}
            options={PRIORITIES.map((x) => [x, td(`priority_${x}`)] as const)}
            error={errs[FIELD.priority]}
          />
        </div>
        <TextField
          id={FIELD.title}
          label={t('title')}
          required
          maxLength={LIMITS.shortText}
          value={d.title}
          onValue={(title) => set({ title })}
          error={errs[FIELD.title]}
        />
      </fieldset>

      <fieldset>
        <legend>{t('sectionPerson')}</legend>
        <SelectField
          id={FIELD.subject(0, 'role')}
          label={t('role')}
          value={s.role}
          onValue={(role) => set(subjectPatch(d, 0, { role }))}
          options={SUBJECT_ROLES.map((r) => [r, td(`role_${r}`)] as const)}
        />
        <div class="grid-2">
          <TextField
            id={FIELD.subject(0, 'given')}
            label={t('givenNames')}
            maxLength={120}
            value={s.givenNames}
            onValue={(givenNames) => set(subjectPatch(d, 0, { givenNames }))}
            error={errs[FIELD.subject(0, 'given')]}
          />
          <TextField
            id={FIELD.subject(0, 'family')}
            label={t('familyNames')}
            maxLength={120}
            value={s.familyNames}
            onValue={(familyNames) => set(subjectPatch(d, 0, { familyNames }))}
            error={errs[FIELD.subject(0, 'family')]}
          />
        </div>
        <DocumentRow p={p} i={0} k={0} quick />
      </fieldset>

      <fieldset>
        <legend>{t('sectionPhotos')}</legend>
        <p class="muted">{t('photoSourceHelp')}</p>
        <ul class="photo-drafts">
          {d.photos.map((photo, i) => (
            <PhotoDraftItem
              key={photo.key}
              photo={photo}
              n={i + 1}
              subjects={d.subjects}
              sensitivity={d.sensitivity}
              onChange={(changed) => set({ photos: patchAt(d.photos, i, changed) })}
              onRemove={() => set({ photos: removeAt(d.photos, i) })}
            />
          ))}
        </ul>
        <label class="button" for={FIELD.photo}>
          {t('addPhoto')}
        </label>
        {/* No `capture`: the phone offers the camera and the gallery (a photo the family sent by chat). */}
        <input id={FIELD.photo} class="visually-hidden" type="file" accept="image/*" multiple onChange={(e) => void onPhotos(e)} />
      </fieldset>

      <PlaceField p={p} />

      <fieldset>
        <legend>{t('sectionDistribution')}</legend>
        <SelectField
          id={FIELD.scope}
          label={t('scope')}
          value={d.scope}
          onValue={(scope) => set({ scope })}
          options={SCOPES.map((x) => [x, td(`scope_${x}`)] as const)}
          error={errs[FIELD.scope]}
        />
        {d.scope === 'agencies' ? <AgencyChoice p={p} /> : null}
        <SelectField
          id={FIELD.sensitivity}
          label={t('sensitivity')}
          hint={t('sensitivityHelp')}
          value={d.sensitivity}
          onValue={(sensitivity) => set({ sensitivity })}
          options={(['standard', 'restricted'] as const).map((x) => [x, td(`sensitivity_${x}`)] as const)}
        />
        {d.sensitivity === 'restricted' ? (
          <>
            <label class="choice">
              <input type="checkbox" checked={d.consentGiven} onChange={(e) => set({ consentGiven: e.currentTarget.checked })} />
              {t('victimConsent')}
            </label>
            <TextAreaField
              id={FIELD.consentNote}
              label={t('consentNote')}
              maxLength={1000}
              value={d.consentNote}
              onValue={(consentNote) => set({ consentNote })}
              error={errs[FIELD.consentNote]}
            />
          </>
        ) : null}
        <DistributionPreview d={d} />
      </fieldset>
    </>
  );
}

function AgencyChoice({ p }: { p: FormPart }) {
  const { d, set, errs } = p;
  const error = errs[FIELD.firstAgency];
  const others = [...agencies.value.values()].filter((a) => a.id !== currentUser.value?.agencyId);
  return (
    <fieldset class={error ? 'nested field-invalid' : 'nested'} aria-describedby={error ? 'a-agencies-error' : undefined}>
      <legend>{t('agencies')}</legend>
      {error ? (
        <div class="field-error" id="a-agencies-error">
          {error}
        </div>
      ) : null}
      {others.map((a, i) => (
        <label key={a.id} class="choice">
          <input
            type="checkbox"
            id={i === 0 ? FIELD.firstAgency : undefined}
            checked={d.agencyIds.includes(a.id)}
            onChange={(e) => set({ agencyIds: e.currentTarget.checked ? [...d.agencyIds, a.id] : d.agencyIds.filter((x) => x !== a.id) })}
          />
          {a.shortName} ({td(a.country === 'PY' ? 'country_PY' : 'country_AR')})
        </label>
      ))}
    </fieldset>
  );
}
