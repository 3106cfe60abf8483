/** A document number typed with its prefix (`C.I. N° 4.567.890`) in the new-alert form. */
import { documentHomeCountry } from '../../../../shared/identifiers/documents.js';
import { HINT_DOCUMENT_TYPE, readTypedPrefix } from '../../../../shared/identifiers/prefix.js';
import type { DocumentDraft } from './draft.js';

/** CUIL and CUIT are written for one another: either prefix suits either type. */
const TAX_IDS = ['CUIL', 'CUIT'];

/**
 * The change to a document when its number is typed: the number, and the type its prefix names with
 * that type's country when the chosen type is another one (the default DNI or CI is rarely chosen on
 * purpose). A type of `other` is the officer's choice and stays.
 */
export function numberTyped(doc: DocumentDraft, number: string): Partial<DocumentDraft> {
  const prefix = readTypedPrefix(number);
  const named = prefix ? HINT_DOCUMENT_TYPE[prefix.hint] : undefined;
  if (!named || named === doc.type || doc.type === 'other' || (TAX_IDS.includes(named) && TAX_IDS.includes(doc.type))) return { number };
  const country = documentHomeCountry(named);
  return { number, type: named, ...(country ? { country } : {}) };
}
