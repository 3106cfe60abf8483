/**
 * Identity documents: Argentine DNI and CUIL/CUIT, Paraguayan cédula (CI) and RUC, passports.
 *
 * Normal forms: DNI and CI are their digits without leading zeros; CUIL/CUIT all 11 digits (check
 * digit verified; `related` holds the DNI inside a person's CUIL); RUC is its base without the
 * check digit — for a person, the CI — with the check digit in `checkDigit` and base + check digit
 * in `related`; passports and `other` are upper-case letters and digits only.
 */
import { cuitCheckDigit, rucCheckDigit } from './checkDigits.js';
import { stripDiacritics } from './fold.js';

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
/** CUIL/CUIT prefixes: 2x people (the middle 8 digits are the DNI), 3x companies. */
const PERSON_PREFIXES = new Set(['20', '23', '24', '25', '26', '27']);
const COMPANY_PREFIXES = new Set(['30', '33', '34']);
/** Significant digits (leading zeros dropped) of a DNI or cédula. */
const LENGTHS: Record<'DNI' | 'CI', [number, number]> = { DNI: [6, 8], CI: [5, 8] };

const fail = (reason: string): DocumentResult => ({ ok: false, reason });
const digitsOf = (s: string): string => s.replace(/\D/g, '');
const dropZeros = (d: string): string => d.replace(/^0+(?=\d)/, '');
/** Only digits and the separators people write between them. */
const NUMERIC = /^[\d\s.\-/]+$/;

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
  if (!PERSON_PREFIXES.has(prefix) && !COMPANY_PREFIXES.has(prefix)) return fail('unknown prefix');
  if (cuitCheckDigit(d.slice(0, 10)) !== Number(d[10])) return fail('wrong check digit');
  const related = PERSON_PREFIXES.has(prefix) ? [dropZeros(d.slice(2, 10))] : [];
  return { ok: true, type, country, normalized: d, related, checkDigit: d[10]! };
}

/** RUC `80012345-6`, `4.567.890-1`, or its base alone; a check digit after a dash is verified. */
function ruc(country: string, raw: string): DocumentResult {
  if (!NUMERIC.test(raw)) return fail('only digits, dots, spaces or dashes');
  const m = /^([\d.\s]*\d)\s*[-/]\s*(\d)$/.exec(raw);
  const base = dropZeros(digitsOf(m ? m[1]! : raw));
  if (base.length < 5 || base.length > 8) return fail('expected a base of 5 to 8 digits');
  const dv = rucCheckDigit(base);
  if (dv === null) return fail('expected digits');
  if (m && Number(m[2]) !== dv) return fail('wrong check digit');
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

/** The normal form of a document as typed, or why it cannot be one. */
export function normalizeDocument(doc: DocumentInput): DocumentResult {
  const type = documentType(doc.type);
  if (!type) return fail('unknown document type');
  const country = (doc.country ?? '').trim().toUpperCase() || HOME[type] || '';
  const raw = stripDiacritics(doc.number).trim();
  if (!raw) return fail('empty');
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
 * like one): 11 digits with a valid check digit → CUIL/CUIT; digits, dash, one digit → RUC (or the
 * DNI/CI of its base if the check digit is wrong); 9 digits ending in a valid RUC check digit → RUC;
 * 5–8 digits → DNI and CI; letters and digits shaped like a passport number → passport.
 */
export function detectDocument(q: string): DocumentCandidate[] {
  const s = stripDiacritics(q).trim().toUpperCase();
  if (!s) return [];
  if (NUMERIC.test(s)) {
    const digits = digitsOf(s);
    if (digits.length === 11) {
      const type = COMPANY_PREFIXES.has(digits.slice(0, 2)) ? 'CUIT' : 'CUIL';
      return candidate(normalizeDocument({ type, country: 'AR', number: digits }));
    }
    const dashed = /^([\d.\s]*\d)\s*[-/]\s*(\d)$/.exec(s);
    if (dashed && digitsOf(dashed[1]!).length >= 5) {
      const r = candidate(normalizeDocument({ type: 'RUC', number: s }));
      return r.length ? r : personIds(dashed[1]!);
    }
    if (digits.length === 9 && !digits.startsWith('0')) {
      const base = digits.slice(0, 8);
      return rucCheckDigit(base) === Number(digits[8]) ? candidate(normalizeDocument({ type: 'RUC', number: base })) : [];
    }
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
