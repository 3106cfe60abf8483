/**
 * Pieces the quick alert and its "Más detalles" share: the props every part gets, the first
 * person, document and place (shown before the officer adds them: typing creates them), a
 * document row, and the offer to empty a field the form cannot read.
 */
import { alert as dict } from '../../../../shared/i18n/client/alert.js';
import { common } from '../../../../shared/i18n/client/common.js';
import { domain } from '../../../../shared/i18n/client/domain.js';
import { DOCUMENT_TYPES } from '../../../../shared/schemas/alertEnums.js';
import { documentHomeCountry, type DocumentType } from '../../../../shared/identifiers/documents.js';
import { translator } from '../../i18n/index.js';
import { SelectField, TextField } from '../../ui/Field.js';
import {
  emptyDocument,
  emptyLocation,
  emptySubject,
  type AlertDraft,
  type DocumentDraft,
  type LocationDraft,
  type SubjectDraft,
} from './draft.js';
import { FIELD } from './draftCheck.js';
import { numberTyped } from './documentPrefix.js';
import { DocumentCheck } from './IdentifierCheck.js';

const t = translator(dict);
const tc = translator(common);
const td = translator(domain);

export interface FormPart {
  d: AlertDraft;
  set: (patch: Partial<AlertDraft>) => void;
  /** Error messages by field id (the form's own checks and the server's). */
  errs: Record<string, string | undefined>;
  home: 'AR' | 'PY';
  /** Field ids whose identifier can be emptied instead of fixed, with the button's words. */
  clearable: Record<string, string>;
  onClear: (fieldId: string) => void;
}

const COUNTRY_OPTIONS = () => [['AR', td('country_AR')] as const, ['PY', td('country_PY')] as const];
/** A select of the two countries (with an empty choice when `empty` is given). */
export function CountrySelect(props: { id: string; label: string; value: string; onValue: (v: string) => void; empty?: string }) {
  return <SelectField {...props} options={COUNTRY_OPTIONS()} />;
}
export const DOC_TYPE_OPTIONS = () => DOCUMENT_TYPES.map((x) => [x, td(`doc_${x}`)] as const);

/** Replaces item `i` of a list with a patched copy (the item is created from `empty` when missing). */
export const patchAt = <T,>(list: T[], i: number, patch: Partial<T>, empty?: () => T): T[] =>
  i < list.length ? list.map((x, j) => (j === i ? { ...x, ...patch } : x)) : [...list, ...(empty ? [{ ...empty(), ...patch }] : [])];
export const removeAt = <T,>(list: T[], i: number): T[] => list.filter((_, j) => j !== i);

/** Person `i` as shown (person 1 exists in the quick alert before anything is typed). */
export const subjectAt = (d: AlertDraft, i: number): SubjectDraft => d.subjects[i] ?? emptySubject();
export const placeAt = (d: AlertDraft, i: number, home: string): LocationDraft => d.locations[i] ?? emptyLocation(home);
export const documentAt = (s: SubjectDraft, k: number, home: string): DocumentDraft =>
  s.documents[k] ?? emptyDocument(s.nationality || home);

/** The change that sets fields of person `i`, creating person 1 on first use. */
export const subjectPatch = (d: AlertDraft, i: number, patch: Partial<SubjectDraft>): Partial<AlertDraft> => ({
  subjects: patchAt(d.subjects, i, patch, emptySubject),
});
export const placePatch = (d: AlertDraft, i: number, patch: Partial<LocationDraft>, home: string): Partial<AlertDraft> => ({
  locations: patchAt(d.locations, i, patch, () => emptyLocation(home)),
});

/** "Borrar …": empties a field whose identifier blocks sending. */
export function ClearOffer({ p, fieldId }: { p: FormPart; fieldId: string }) {
  const label = p.clearable[fieldId];
  if (!label) return null;
  return (
    <button type="button" class="link-button clear-offer" onClick={() => p.onClear(fieldId)}>
      {label}
    </button>
  );
}

/** Document `k` of person `i`: its type, country (unless `quick`) and number checked as typed. */
export function DocumentRow({ p, i, k, quick }: { p: FormPart; i: number; k: number; quick?: boolean }) {
  const s = subjectAt(p.d, i);
  const doc = documentAt(s, k, p.home);
  const setDoc = (patch: Partial<DocumentDraft>) =>
    p.set(subjectPatch(p.d, i, { documents: patchAt(s.documents, k, patch, () => emptyDocument(s.nationality || p.home)) }));
  const numberId = FIELD.document(i, k, 'number');
  return (
    <div class={quick ? 'grid-2' : 'grid-3'}>
      <SelectField
        id={FIELD.document(i, k, 'type')}
        label={quick ? t('docTypeFull') : `${t('docType')} (${k + 1})`}
        value={doc.type}
        onValue={(type) => setDoc({ type, country: documentHomeCountry(type as DocumentType) ?? doc.country })}
        options={DOC_TYPE_OPTIONS()}
      />
      {quick ? null : (
        <CountrySelect
          id={FIELD.document(i, k, 'country')}
          label={t('docCountry')}
          value={doc.country}
          onValue={(country) => setDoc({ country })}
        />
      )}
      <div>
        <TextField
          id={numberId}
          label={quick ? t('docNumberFull') : t('docNumber')}
          value={doc.number}
          onValue={(number) => setDoc(numberTyped(doc, number))}
          error={p.errs[numberId]}
          hint={<DocumentCheck doc={doc} blocked={!!p.errs[numberId]} />}
        />
        <ClearOffer p={p} fieldId={numberId} />
      </div>
      {quick ? null : (
        <button type="button" class="link-button" onClick={() => p.set(subjectPatch(p.d, i, { documents: removeAt(s.documents, k) }))}>
          {tc('remove')}
        </button>
      )}
    </div>
  );
}
