/**
 * Identity documents: Argentine DNI and CUIL/CUIT, Paraguayan cédula (CI) and RUC, passports.
 *
 * Normal forms: DNI and CI are their digits without leading zeros; CUIL/CUIT all 11 digits (check
 * digit verified; `related` holds the DNI inside a person's CUIL); RUC is its base without the
 * check digit — for a person, the CI — with the check digit in `checkDigit` and base + check digit
 * in `related`; passports and `other` are upper-case letters and digits only. Any Unicode dash (en dash,
 * minus sign…) is read as a hyphen.
 */
import { cuitCheckDigit, rucCheckDigit } from './checkDigits.js';
import { stripDiacritics, unifyDashes } from './fold.js';
import { HINT_DOCUMENT_TYPE, readTypedPrefix } from './prefix.js';

export type DocumentType = 'DNI' | 'CI' | 'CUIL' | 'CUIT' | 'RUC' | 'passport' | 'other';

export interface DocumentInput {
  type: DocumentType | string;
  /** Issuing country (ISO 3166 alpha-2); defaults to AR for DNI/CUIL/CUIT and PY for CI/RUC. */
  country?: string | null;
  number: string;
}

export interface DocumentCandidate {
  type: DocumentType;
  country: string;
  normalized: string;
  /** Other normal forms worth indexing: the DNI inside a CUIL, a RUC with its check digit. */
  related: string[];
}

export type NormalizedDocument = DocumentCandidate & { ok: true; checkDigit?: string };
export type DocumentResult = NormalizedDocument | { ok: false; reason: string };

const TYPES: readonly DocumentType[] = ['DNI', 'CI', 'CUIL', 'CUIT', 'RUC', 'passport', 'other'];
const HOME: Partial<Record<DocumentType, string>> = { DNI: 'AR', CUIL: 'AR', CUIT: 'AR', CI: 'PY', RUC: 'PY' };
/**
 * CUIL/CUIT prefixes. People: 20, 23, 24, 27 (the middle 8 digits are the DNI). Entities, with no DNI
 * inside: 30, 33, 34 for companies, and 50, 51, 55, AFIP's "CUIT país" for persons and entities abroad
 * (e.g. 55-00000430-7 and 50-00000412-7 for France, as listed in Oracle's JD Edwards manual, UDC 76A/FJ;
 * python-stdnum's ar/cuit accepts the same ten prefixes). 25 and 26 are refused: no source names them.
 */
const PERSON_PREFIXES = new Set(['20', '23', '24', '27']);
const ENTITY_PREFIXES = new Set(['30', '33', '34', '50', '51', '55']);
/** Significant digits (leading zeros dropped) of a DNI or cédula. */
const LENGTHS: Record<'DNI' | 'CI', [number, number]> = { DNI: [6, 8], CI: [5, 8] };

const fail = (reason: string): DocumentResult => ({ ok: false, reason });
const digitsOf = (s: string): string => s.replace(/\D/g, '');
const dropZeros = (d: string): string => d.replace(/^0+(?=\d)/, '');
/** Only digits and the separators people write between them. */
const NUMERIC = /^[\d\s.\-/]+$/;

/** The country that issues every document of this type (AR for DNI/CUIL/CUIT, PY for CI/RUC), or null. */
export const documentHomeCountry = (type: DocumentType): string | null => HOME[type] ?? null;

/** The document type named case-insensitively (`dni`, `Passport`), or null. */
export function documentType(t: string): DocumentType | null {
  return TYPES.find((x) => x.toLowerCase() === t.trim().toLowerCase()) ?? null;
}

function personId(type: 'DNI' | 'CI', country: string, raw: string): DocumentResult {
  if (!NUMERIC.test(raw)) return fail('only digits, dots, spaces or dashes');
  const d = dropZeros(digitsOf(raw));
  const [min, max] = LENGTHS[type];
  if (d.length < min || d.length > max) return fail(`expected ${min} to ${max} digits`);
  return { ok: true, type, country, normalized: d, related: [] };
}

function cuit(type: 'CUIL' | 'CUIT', country: string, raw: string): DocumentResult {
  if (!NUMERIC.test(raw)) return fail('only digits, dots, spaces or dashes');
  const d = digitsOf(raw);
  if (d.length !== 11) return fail('expected 11 digits');
  const prefix = d.slice(0, 2);
  if (!PERSON_PREFIXES.has(prefix) && !ENTITY_PREFIXES.has(prefix)) return fail('unknown prefix');
  if (cuitCheckDigit(d.slice(0, 10)) !== Number(d[10])) return fail('wrong check digit');
  const related = PERSON_PREFIXES.has(prefix) ? [dropZeros(d.slice(2, 10))] : [];
  return { ok: true, type, country, normalized: d, related, checkDigit: d[10]! };
}

/** A RUC's base and check digit as written apart: `80012345-6`, `4.567.890 - 1`, `1068460 3`. */
const RUC_SEPARATED = /^([\d.\s]*\d)(?:\s*[-/]\s*|\s+)(\d)$/;

/**
 * RUC `80028061-0`, `4.567.890-1`, `1068460 3`, or compact as SET writes it, check digit last
 * (`800280610`). Bases have 1 to 8 digits. Written compactly, the last digit must be the check digit:
 * a bare base would be misread, so it is refused rather than guessed at.
 */
function ruc(country: string, raw: string): DocumentResult {
  if (!NUMERIC.test(raw)) return fail('only digits, dots, spaces or dashes');
  const separated = RUC_SEPARATED.exec(raw);
  const digits = separated ? `${digitsOf(separated[1]!)}${separated[2]}` : digitsOf(raw);
  const base = dropZeros(digits.slice(0, -1));
  if (!/^[1-9]\d{0,7}$/.test(base)) return fail('expected a base of 1 to 8 digits and its check digit');
  const dv = rucCheckDigit(base);
  if (dv === null) return fail('expected digits');
  if (Number(digits.at(-1)) !== dv) {
    return fail(
      separated
        ? 'wrong check digit'
        : `the last digit is not the check digit of ${base} (a RUC without a dash ends in its check digit; a cédula alone is a CI)`,
    );
  }
  return { ok: true, type: 'RUC', country, normalized: base, related: [`${base}${dv}`], checkDigit: String(dv) };
}

function alphanumeric(type: 'passport' | 'other', country: string, raw: string): DocumentResult {
  const n = raw.toUpperCase().replace(/[\s.\-/]/g, '');
  if (type === 'passport') {
    if (!/^[A-Z0-9]{5,20}$/.test(n) || !/\d/.test(n)) return fail('expected 5 to 20 letters and digits');
    return { ok: true, type, country, normalized: n, related: [] };
  }
  const other = n.replace(/[^A-Z0-9]/g, '');
  if (other.length < 2 || other.length > 30) return fail('expected 2 to 30 letters or digits');
  return { ok: true, type, country, normalized: other, related: [] };
}

/** CUIL and CUIT are written for one another; any other pair of types is a different document. */
const sameDocument = (a: DocumentType, b: DocumentType): boolean =>
  a === b || (['CUIL', 'CUIT'].includes(a) && ['CUIL', 'CUIT'].includes(b));

/**
 * The number without the prefix officers type before it (`C.I. N° 4.567.890` for a CI), refused when
 * the prefix names another type (`CI 4.567.890` given as a DNI). A number of type `other` keeps what
 * was typed: its prefix may be part of it.
 */
function numberAfterPrefix(type: DocumentType, typed: string): { ok: true; number: string } | { ok: false; reason: string } {
  const prefix = type === 'other' ? null : readTypedPrefix(typed);
  const named = prefix ? HINT_DOCUMENT_TYPE[prefix.hint] : undefined;
  if (!prefix || !named) return { ok: true, number: typed };
  if (!sameDocument(named, type)) return { ok: false, reason: `the number is written as a ${named}, not a ${type}` };
  return { ok: true, number: prefix.rest };
}

/** The normal form of a document as typed, or why it cannot be one. */
export function normalizeDocument(doc: DocumentInput): DocumentResult {
  const type = documentType(doc.type);
  if (!type) return fail('unknown document type');
  const country = (doc.country ?? '').trim().toUpperCase() || HOME[type] || '';
  const typed = unifyDashes(stripDiacritics(doc.number)).trim();
  if (!typed) return fail('empty');
  const named = numberAfterPrefix(type, typed);
  if (!named.ok) return named;
  const raw = named.number;
  switch (type) {
    case 'DNI':
    case 'CI':
      return personId(type, country, raw);
    case 'CUIL':
    case 'CUIT':
      return cuit(type, country, raw);
    case 'RUC':
      return ruc(country, raw);
    case 'passport':
    case 'other':
      return alphanumeric(type, country, raw);
  }
}

const candidate = (r: DocumentResult): DocumentCandidate[] =>
  r.ok ? [{ type: r.type, country: r.country, normalized: r.normalized, related: r.related }] : [];

/** A DNI (AR) or a cédula (PY): the same digits, both candidates when the length fits both. */
const personIds = (raw: string): DocumentCandidate[] => [
  ...candidate(normalizeDocument({ type: 'DNI', number: raw })),
  ...candidate(normalizeDocument({ type: 'CI', number: raw })),
];

/**
 * What document a free-text search string could be, best guess first (empty when it does not look
 * like one): 11 digits with a valid check digit → CUIL/CUIT; digits, dash (or space), one digit → RUC
 * (or the DNI/CI of its base if the check digit is wrong); 9 digits ending in a valid RUC check digit →
 * RUC; 5–8 digits → DNI and CI (a compact RUC of 6–8 digits is found through its `related` form);
 * letters and digits shaped like a passport number → passport.
 */
export function detectDocument(q: string): DocumentCandidate[] {
  const s = unifyDashes(stripDiacritics(q)).trim().toUpperCase();
  if (!s) return [];
  if (NUMERIC.test(s)) {
    const digits = digitsOf(s);
    if (digits.length === 11) {
      const type = ENTITY_PREFIXES.has(digits.slice(0, 2)) ? 'CUIT' : 'CUIL';
      return candidate(normalizeDocument({ type, country: 'AR', number: digits }));
    }
    const dashed = RUC_SEPARATED.exec(s);
    // Short bases only when dashed: `12 3` is more likely part of something else than a RUC.
    if (dashed && digitsOf(dashed[1]!).length >= (/[-/]/.test(s) ? 4 : 5)) {
      const r = candidate(normalizeDocument({ type: 'RUC', number: s }));
      return r.length ? r : personIds(dashed[1]!);
    }
    if (digits.length === 9 && !digits.startsWith('0')) return candidate(normalizeDocument({ type: 'RUC', number: digits }));
    return personIds(s);
  }
  const compact = s.replace(/[\s.\-/]/g, '');
  if (/^[A-Z]{1,3}\d{5,9}$/.test(compact) || /^\d{6,9}[A-Z]$/.test(compact)) {
    return candidate(normalizeDocument({ type: 'passport', number: compact }));
  }
  return [];
}

/** Every normal form a search string could be stored under as a document (normalized and related). */
export function documentSearchKeys(q: string): string[] {
  return [...new Set(detectDocument(q).flatMap((c) => [c.normalized, ...c.related]))];
}
