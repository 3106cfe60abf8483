/** Decides what a search string is — a document number, a phone, a plate or a name — with the
 * normal forms to look up, and the other readings when it is ambiguous. */
import { detectDocument, documentSearchKeys, normalizeDocument, type DocumentType } from './documents.js';
import { stripDiacritics, unifyDashes } from './fold.js';
import { tokenize } from './names.js';
import { phoneSearchKeys, type PhoneCountry } from './phone.js';
import { normalizePlate } from './plate.js';
import { HINT_DOCUMENT_TYPE, readTypedPrefix, type PrefixHint, type TypedPrefix } from './prefix.js';

export type QueryKind = 'document' | 'phone' | 'plate' | 'name';

export interface QueryReading {
  kind: QueryKind;
  /** Normal forms to look up: document digits, E.164 phones, plates, or folded name tokens. */
  values: string[];
  /** The document type named by a prefix typed before the number (`C.I. N° 4.567.890` → CI). */
  documentType?: DocumentType;
}

export interface DetectedQuery extends QueryReading {
  /** Less likely readings with their values (e.g. a 9-digit string as a RUC and a PY mobile). */
  alternatives: QueryReading[];
}

const reading = (kind: QueryKind, values: string[]): QueryReading[] => (values.length ? [{ kind, values }] : []);

function ranked(readings: QueryReading[], fallback: QueryReading): DetectedQuery {
  const [first, ...alternatives] = readings;
  return { ...(first ?? fallback), alternatives };
}

/** Which of document and phone a string of digits and separators most likely is. */
function digitsReadings(q: string, digits: string, preferred: PhoneCountry): QueryReading[] {
  const documents = reading('document', documentSearchKeys(q));
  const phones = reading('phone', phoneSearchKeys(q, preferred));
  const dialled = q.startsWith('+') || digits.startsWith('0') || q.includes('(');
  const documentShaped =
    detectDocument(q).some((c) => c.type === 'CUIL' || c.type === 'CUIT' || c.type === 'RUC') ||
    /^\d{1,3}(\.\d{3})+(-\d)?$/.test(q) ||
    digits.length <= 8;
  return dialled || !documentShaped ? [...phones, ...documents] : [...documents, ...phones];
}

/** The kind of reading each prefix asks for. */
const hintedKind = (hint: PrefixHint): QueryKind => (HINT_DOCUMENT_TYPE[hint] ? 'document' : hint === 'PHONE' ? 'phone' : 'plate');

/** A cédula or DNI with a dash and one digit after it: the RUC check digit, not a digit of the number. */
const CHECK_DIGIT_AFTER = /^[\d.\s]*\d\s*[-/]\s*\d$/;

/** The reading a prefix asks for (`CI` → a cédula, `tel.` → a phone), or null when what follows is not one. */
function hintedReading({ hint, rest }: TypedPrefix, preferred: PhoneCountry): QueryReading | null {
  const documentType = HINT_DOCUMENT_TYPE[hint];
  if (documentType) {
    if ((documentType === 'CI' || documentType === 'DNI') && CHECK_DIGIT_AFTER.test(rest)) return null;
    const r = normalizeDocument({ type: documentType, number: rest });
    return r.ok ? { kind: 'document', values: [...new Set([r.normalized, ...r.related])], documentType } : null;
  }
  if (hint === 'PHONE') return reading('phone', phoneSearchKeys(rest, preferred))[0] ?? null;
  const plate = normalizePlate(rest);
  return plate.ok ? { kind: 'plate', values: [plate.normalized] } : null;
}

/**
 * A query typed with a prefix: the hinted reading first, then the other readings of what follows
 * the prefix. When it is not exactly what the prefix says (`DNI 20-30123456-3` is a CUIL, `RUC
 * 80028061-9` has a wrong check digit) what follows is read as if typed alone, the prefix's kind of
 * reading first; when that is no identifier either (`Ci Benítez`), null: the whole query is read.
 */
function prefixedQuery(typed: TypedPrefix, preferred: PhoneCountry): DetectedQuery | null {
  const plain = unprefixedQuery(typed.rest, preferred);
  const hinted = hintedReading(typed, preferred);
  const kind = hintedKind(typed.hint);
  const others = [plain, ...plain.alternatives]
    .filter((r) => r.kind !== 'name' && r.values.length && r.kind !== hinted?.kind)
    .map((r) => ({ kind: r.kind, values: r.values }))
    .sort((a, b) => Number(b.kind === kind) - Number(a.kind === kind));
  const [first, ...alternatives] = hinted ? [hinted, ...others] : others;
  return first ? { ...first, alternatives } : null;
}

/**
 * What a search string is, best reading first. `preferred` is the searcher's country, used for
 * phones typed without a prefix (both countries are still tried). A prefix typed before an
 * identifier (`C.I. N°`, `DNI`, `RUC`, `tel.`, `pasaporte`…) decides the reading when what follows
 * fits it; the document type it names is kept in `documentType`.
 */
export function detectQuery(raw: string, preferred: PhoneCountry = 'AR'): DetectedQuery {
  const typed = readTypedPrefix(raw);
  return (typed && prefixedQuery(typed, preferred)) ?? unprefixedQuery(raw, preferred);
}

function unprefixedQuery(raw: string, preferred: PhoneCountry): DetectedQuery {
  const q = unifyDashes(raw).trim();
  const names: QueryReading = { kind: 'name', values: tokenize(q) };
  const compact = stripDiacritics(q)
    .toUpperCase()
    .replace(/[\s.\-/()_]/g, '');
  if (/^\+?\d+$/.test(compact) && /^\+?[\d\s().\-/]+$/.test(q)) {
    return ranked(digitsReadings(q, compact.replace('+', ''), preferred), { kind: 'document', values: [] });
  }
  if (/^[A-Z0-9]+$/.test(compact) && /[A-Z]/.test(compact) && /\d/.test(compact)) {
    const plate = normalizePlate(q);
    return ranked([...reading('plate', plate.ok ? [plate.normalized] : []), ...reading('document', documentSearchKeys(q))], names);
  }
  return { ...names, alternatives: [] };
}

/** Alias of detectQuery: the kind of a search query and its candidate normal forms. */
export const detectQueryKind = detectQuery;
