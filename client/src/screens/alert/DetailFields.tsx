/**
 * "Más detalles" of a new alert: everything the quick alert leaves out, in the same draft (hiding
 * it keeps what was typed). Person 1 and place 1 are in the quick alert; their other fields are here.
 */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { ACTION_CODES, SUBJECT_ROLES } from '../../../../shared/schemas/alertEnums.js';
import { LIMITS } from '../../../../shared/schemas/limits.js';
import { translator } from '../../i18n/index.js';
import { SelectField, TextAreaField, TextField } from '../../ui/Field.js';
import { emptyDocument, emptyLocation, emptySubject, emptyVehicle, type AlertDraft } from './draft.js';
import { FIELD } from './draftCheck.js';
import {
  CountrySelect,
  ClearOffer,
  DocumentRow,
  documentAt,
  patchAt,
  placeAt,
  placePatch,
  removeAt,
  subjectAt,
  subjectPatch,
  type FormPart,
} from './formParts.js';
import { PhoneCheck, PlateCheck } from './IdentifierCheck.js';
import { withoutSubject } from './photoDraftLinks.js';

const t = translator(dict);
const tc = translator(common);
const td = translator(domain);

/** The list with one more item, counting the first one the quick alert shows before it exists. */
const plusOne = <T,>(list: T[], empty: () => T): T[] => [...(list.length ? list : [empty()]), empty()];

export function DetailFields({ p }: { p: FormPart }) {
  const { d, set, errs } = p;
  const people = Math.max(d.subjects.length, 1);
  const places = Math.max(d.locations.length, 1);
  return (
    <div id="more-details">
      <fieldset>
        <legend>{t('sectionBasics')}</legend>
        <TextAreaField
          id={FIELD.summary}
          label={t('summary')}
          maxLength={LIMITS.longText}
          value={d.summary}
          onValue={(summary) => set({ summary })}
          error={errs[FIELD.summary]}
        />
        <div class="grid-2">
          <TextField
            id={FIELD.occurredAt}
            type="datetime-local"
            label={t('occurredAt')}
            value={d.occurredAt}
            onValue={(occurredAt) => set({ occurredAt })}
            error={errs[FIELD.occurredAt]}
          />
          <TextField
            id={FIELD.reviewAt}
            type="date"
            label={t('reviewAt')}
            hint={t('reviewAtHint')}
            value={d.reviewAt}
            onValue={(reviewAt) => set({ reviewAt })}
            error={errs[FIELD.reviewAt]}
          />
        </div>
        <TextField id={FIELD.tags} label={t('tags')} value={d.tags} onValue={(tags) => set({ tags })} error={errs[FIELD.tags]} />
      </fieldset>

      <fieldset>
        <legend>{t('sectionSubjects')}</legend>
        {Array.from({ length: people }, (_, i) => (
          <SubjectMore key={i} p={p} i={i} />
        ))}
        <button type="button" onClick={() => set({ subjects: plusOne(d.subjects, emptySubject) })}>
          {t('addSubject')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('sectionPhones')}</legend>
        {d.phones.map((ph, i) => (
          <div key={i} class="row">
            <TextField
              id={FIELD.phone(i)}
              type="tel"
              inputMode="tel"
              label={`${t('phone')} ${i + 1}`}
              value={ph}
              onValue={(v) => set({ phones: d.phones.map((x, j) => (j === i ? v : x)) })}
              error={errs[FIELD.phone(i)]}
              hint={<PhoneCheck raw={ph} home={p.home} blocked={!!errs[FIELD.phone(i)]} />}
            />
            <ClearOffer p={p} fieldId={FIELD.phone(i)} />
            {p.clearable[FIELD.phone(i)] ? null : (
              <button type="button" class="link-button" onClick={() => set({ phones: removeAt(d.phones, i) })}>
                {tc('remove')}
              </button>
            )}
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
          const plateId = FIELD.vehicle(i, 'plate');
          return (
            <fieldset key={i} class="nested">
              <legend>{t('vehicleN', { n: i + 1 })}</legend>
              <div class="grid-2">
                <div>
                  <TextField
                    id={plateId}
                    label={t('plate')}
                    maxLength={20}
                    value={v.plate}
                    onValue={(plate) => setV({ plate })}
                    error={errs[plateId]}
                    hint={<PlateCheck raw={v.plate} country={v.country} blocked={!!errs[plateId]} />}
                  />
                  <ClearOffer p={p} fieldId={plateId} />
                </div>
                <CountrySelect id={`v${i}-country`} label={t('country')} value={v.country} onValue={(country) => setV({ country })} />
                <TextField id={FIELD.vehicle(i, 'make')} label={t('make')} value={v.make} onValue={(make) => setV({ make })} />
                <TextField id={FIELD.vehicle(i, 'model')} label={t('model')} value={v.model} onValue={(model) => setV({ model })} />
                <TextField id={FIELD.vehicle(i, 'colour')} label={t('colour')} value={v.colour} onValue={(colour) => setV({ colour })} />
              </div>
              <button type="button" class="link-button" onClick={() => set({ vehicles: removeAt(d.vehicles, i) })}>
                {tc('remove')} — {t('vehicleN', { n: i + 1 })}
              </button>
            </fieldset>
          );
        })}
        <button type="button" onClick={() => set({ vehicles: [...d.vehicles, emptyVehicle(p.home)] })}>
          {t('addVehicle')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('sectionLocations')}</legend>
        {Array.from({ length: places }, (_, i) => (
          <PlaceMore key={i} p={p} i={i} />
        ))}
        <button type="button" onClick={() => set({ locations: plusOne(d.locations, () => emptyLocation(p.home)) })}>
          {t('addLocation')}
        </button>
      </fieldset>

      <HandlingFields p={p} />
    </div>
  );
}

/** Person `i` beyond the quick alert: person 1's other fields, or all of a further person. */
function SubjectMore({ p, i }: { p: FormPart; i: number }) {
  const { d, set, errs } = p;
  const s = subjectAt(d, i);
  const setS = (patch: Partial<typeof s>) => set(subjectPatch(d, i, patch));
  const firstDoc = i === 0 ? documentAt(s, 0, p.home) : null;
  const docs = Math.max(s.documents.length, i === 0 ? 1 : 0);
  return (
    <fieldset class="nested">
      <legend>{i === 0 ? t('subjectMoreN', { n: 1 }) : t('subjectN', { n: i + 1 })}</legend>
      <div class="grid-2">
        {i > 0 ? (
          <>
            <SelectField
              id={FIELD.subject(i, 'role')}
              label={t('role')}
              value={s.role}
              onValue={(role) => setS({ role })}
              options={SUBJECT_ROLES.map((r) => [r, td(`role_${r}`)] as const)}
            />
            <TextField
              id={FIELD.subject(i, 'given')}
              label={t('givenNames')}
              value={s.givenNames}
              onValue={(givenNames) => setS({ givenNames })}
              error={errs[FIELD.subject(i, 'given')]}
            />
            <TextField
              id={FIELD.subject(i, 'family')}
              label={t('familyNames')}
              value={s.familyNames}
              onValue={(familyNames) => setS({ familyNames })}
              error={errs[FIELD.subject(i, 'family')]}
            />
          </>
        ) : null}
        <SelectField
          id={`s${i}-sex`}
          label={t('sex')}
          value={s.sex}
          empty={tc('none')}
          onValue={(sex) => setS({ sex })}
          options={(['female', 'male', 'other', 'unknown'] as const).map((x) => [x, td(`sex_${x}`)] as const)}
        />
        <TextField
          id={FIELD.subject(i, 'mother')}
          label={t('mothersName')}
          value={s.mothersName}
          onValue={(mothersName) => setS({ mothersName })}
        />
        <TextField id={FIELD.subject(i, 'aliases')} label={t('aliases')} value={s.aliases} onValue={(aliases) => setS({ aliases })} />
        <TextField
          id={FIELD.subject(i, 'dob')}
          type="date"
          label={t('dateOfBirth')}
          value={s.dateOfBirth}
          onValue={(dateOfBirth) => setS({ dateOfBirth })}
          error={errs[FIELD.subject(i, 'dob')]}
        />
        <TextField
          id={FIELD.subject(i, 'age')}
          type="number"
          inputMode="numeric"
          min={0}
          max={120}
          label={t('approxAge')}
          value={s.approxAge}
          onValue={(approxAge) => setS({ approxAge })}
          error={errs[FIELD.subject(i, 'age')]}
        />
        <CountrySelect
          id={`s${i}-nat`}
          label={t('nationality')}
          value={s.nationality}
          empty={tc('none')}
          onValue={(nationality) => setS({ nationality })}
        />
        {firstDoc ? (
          <CountrySelect
            id={FIELD.document(0, 0, 'country')}
            label={`${t('docCountry')} (${td(`doc_${firstDoc.type as 'DNI'}`)})`}
            value={firstDoc.country}
            onValue={(country) => setS({ documents: patchAt(s.documents, 0, { country }, () => emptyDocument(p.home)) })}
          />
        ) : null}
      </div>
      <TextAreaField
        id={FIELD.subject(i, 'desc')}
        label={t('description')}
        maxLength={LIMITS.longText}
        value={s.description}
        onValue={(description) => setS({ description })}
      />
      <h3 class="h3">{t('documents')}</h3>
      {Array.from({ length: docs }, (_, k) => (i === 0 && k === 0 ? null : <DocumentRow key={k} p={p} i={i} k={k} />))}
      <div class="actions">
        <button type="button" onClick={() => setS({ documents: plusOne(s.documents, () => emptyDocument(s.nationality || p.home)) })}>
          {t('addDocument')}
        </button>
        {i < d.subjects.length ? (
          <button type="button" class="link-button" onClick={() => set(withoutSubject(d, i))}>
            {tc('remove')} — {t('subjectN', { n: i + 1 })}
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

/** Place `i` beyond the quick alert: place 1's other fields, or all of a further place. */
function PlaceMore({ p, i }: { p: FormPart; i: number }) {
  const { d, set, errs } = p;
  const l = placeAt(d, i, p.home);
  const setL = (patch: Partial<typeof l>) => set(placePatch(d, i, patch, p.home));
  return (
    <fieldset class="nested">
      <legend>{i === 0 ? t('placeMoreN', { n: 1 }) : t('locationN', { n: i + 1 })}</legend>
      <div class="grid-2">
        {i > 0 ? <TextField id={FIELD.place(i, 'label')} label={t('label')} value={l.label} onValue={(label) => setL({ label })} /> : null}
        <CountrySelect id={`l${i}-country`} label={t('country')} value={l.country} onValue={(country) => setL({ country })} />
        <TextField id={FIELD.place(i, 'area')} label={t('adminArea')} value={l.adminArea} onValue={(adminArea) => setL({ adminArea })} />
        <TextField id={FIELD.place(i, 'locality')} label={t('locality')} value={l.locality} onValue={(locality) => setL({ locality })} />
        <TextField
          id={FIELD.place(i, 'crossing')}
          label={t('borderCrossing')}
          value={l.borderCrossing}
          onValue={(borderCrossing) => setL({ borderCrossing })}
        />
        <TextField
          id={FIELD.place(i, 'lat')}
          inputMode="text"
          label={t('latitude')}
          value={l.lat}
          onValue={(lat) => setL({ lat })}
          error={errs[FIELD.place(i, 'lat')]}
        />
        <TextField id={FIELD.place(i, 'lng')} inputMode="text" label={t('longitude')} value={l.lng} onValue={(lng) => setL({ lng })} />
      </div>
      {i < d.locations.length ? (
        <button type="button" class="link-button" onClick={() => set({ locations: removeAt(d.locations, i) })}>
          {tc('remove')} — {t('locationN', { n: i + 1 })}
        </button>
      ) : null}
    </fieldset>
  );
}

function HandlingFields({ p }: { p: FormPart }) {
  const { d, set, errs } = p;
  return (
    <fieldset>
      <legend>{t('sectionHandling')}</legend>
      <div class="grid-2">
        <SelectField
          id={FIELD.action}
          label={t('actionCode')}
          value={d.actionCode}
          empty={tc('none')}
          onValue={(actionCode) => set({ actionCode })}
          options={ACTION_CODES.map((c) => [c, td(`action_${c}`)] as const)}
        />
        <TextField
          id={FIELD.reply}
          type="number"
          inputMode="numeric"
          min={1}
          max={720}
          label={t('replyWithinHours')}
          value={d.replyWithinHours}
          onValue={(replyWithinHours) => set({ replyWithinHours })}
          error={errs[FIELD.reply]}
        />
      </div>
      <TextAreaField
        id={FIELD.actionText}
        label={t('actionText')}
        maxLength={1000}
        value={d.actionText}
        onValue={(actionText) => set({ actionText })}
        error={errs[FIELD.actionText]}
      />
      <div class="grid-2">
        <TextField id={FIELD.caseNumber} label={t('caseNumber')} value={d.caseNumber} onValue={(caseNumber) => set({ caseNumber })} />
        <TextField id={FIELD.authority} label={t('authority')} value={d.authority} onValue={(authority) => set({ authority })} />
        <DraftSelect d={d} set={set} id="a-handling" field="handlingCode" label={t('handlingCode')} values={['H0', 'H1', 'H2']} />
        <DraftSelect
          d={d}
          set={set}
          id="a-reliability"
          field="sourceReliability"
          label={t('sourceReliability')}
          values={['A', 'B', 'C', 'X']}
        />
        <DraftSelect
          d={d}
          set={set}
          id="a-credibility"
          field="infoCredibility"
          label={t('infoCredibility')}
          values={['1', '2', '3', '4']}
        />
      </div>
    </fieldset>
  );
}

/** A select of codes shown as themselves (their meaning is in the label), empty allowed. */
function DraftSelect(props: {
  d: AlertDraft;
  set: FormPart['set'];
  id: string;
  field: 'handlingCode' | 'sourceReliability' | 'infoCredibility';
  label: string;
  values: string[];
}) {
  return (
    <SelectField
      id={props.id}
      label={props.label}
      value={props.d[props.field]}
      empty={tc('none')}
      onValue={(v) => props.set({ [props.field]: v })}
      options={props.values.map((x) => [x, x] as const)}
    />
  );
}
