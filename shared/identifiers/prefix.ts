/**
 * The word or abbreviation officers type before an identifier (`C.I. N° 4.567.890`, `DNI 41.222.333`,
 * `tel. 0981 …`), read as a hint of what the rest is. Case, accents, dots and spaces inside the
 * abbreviation do not matter; `N°`, `Nº`, `No.`, `nro.`, `número` or `#` may follow it.
 */
import type { DocumentType } from './documents.js';
import { stripDiacritics, unifyDashes } from './fold.js';

export type PrefixHint = 'CI' | 'DNI' | 'RUC' | 'CUIT' | 'CUIL' | 'PASSPORT' | 'PHONE' | 'PLATE';

export interface TypedPrefix {
  hint: PrefixHint;
  /** What follows the prefix and its number sign, trimmed; never empty. */
  rest: string;
}

/** The document type (shared/schemas DOCUMENT_TYPES) each document hint names. */
export const HINT_DOCUMENT_TYPE: Partial<Record<PrefixHint, DocumentType>> = {
  CI: 'CI',
  DNI: 'DNI',
  RUC: 'RUC',
  CUIT: 'CUIT',
  CUIL: 'CUIL',
  PASSPORT: 'passport',
};

/** An abbreviation's letters, each with an optional dot and spaces after it: `c.i.n`, `C. I. N.`, `cin`. */
const acronym = (letters: string): string => letters.split('').join('\\.?\\s*') + '\\.?';
/** A word or words, with an optional dot after the last (`tel.`, `cédula de identidad`). */
const words = (w: string): string => w.split(' ').join('\\s+') + '\\.?';

/** Longer spellings first, so `C.I.N.` is not read as `C.I.` followed by `N.`. */
const SPELLINGS: Array<[PrefixHint, string[]]> = [
  [
    'CI',
    [
      words('cedula de identidad civil'),
      words('cedula de identidad'),
      words('cedula'),
      words('ced'),
      acronym('cic'),
      acronym('cin'),
      acronym('ci'),
    ],
  ],
  ['DNI', [words('documento nacional de identidad'), acronym('dni')]],
  ['RUC', [acronym('ruc')]],
  ['CUIT', [acronym('cuit')]],
  ['CUIL', [acronym('cuil')]],
  ['PASSPORT', [words('pasaporte'), words('passport'), words('pasap'), words('pas')]],
  [
    'PHONE',
    [words('telefono'), words('tel'), words('celular'), words('cel'), words('movil'), words('whatsapp'), words('wsp'), words('wpp')],
  ],
  ['PLATE', [words('patente'), words('dominio'), words('chapa'), words('placa')]],
];

/** A whole token: the prefix is followed by a space, dot, colon, `#` or digit — `Cintia` has no prefix. */
const END = '(?=[\\s.:#\\d]|$)';
/** `N°`, `Nº` (folded to `No`), `N.º`, `No.`, `nro.`, `num.`, `número` or `#`, itself a whole token. */
const NUMBER_SIGN = `(?:(?:n\\.?\\s*[°ºo]|nro|num|numero)\\.?|#)${END}`;
const PATTERNS: Array<[PrefixHint, RegExp]> = SPELLINGS.map(([hint, spellings]) => [
  hint,
  new RegExp(`^(?:${spellings.join('|')})${END}[\\s.:]*(?:${NUMBER_SIGN})?[\\s.:]*`, 'i'),
]);

/** The prefix typed before an identifier and what follows it, or null when there is none or nothing follows it. */
export function readTypedPrefix(raw: string): TypedPrefix | null {
  // Every prefix begins with a letter: numbers as stored (the common case when alerts load) stop here.
  if (!/^\s*\p{L}/u.test(raw)) return null;
  const s = stripDiacritics(unifyDashes(raw)).trim();
  for (const [hint, pattern] of PATTERNS) {
    const m = pattern.exec(s);
    if (!m) continue;
    const rest = s.slice(m[0].length).trim();
    return rest ? { hint, rest } : null;
  }
  return null;
}

/** What follows a prefix of one of these kinds, or the string unchanged (trimmed) when it has none. */
export function withoutPrefix(raw: string, hints: readonly PrefixHint[]): string {
  const typed = readTypedPrefix(raw);
  return typed && hints.includes(typed.hint) ? typed.rest : raw.trim();
}
