/**
 * Who a data-subject request is about, in the forms the rest of Puente stores and searches
 * (pure): an identifier read as every document and phone normal form it could be stored under
 * (shared/identifiers, as search reads a query: "4.567.890" and "4567890" are one key), and a
 * name as folded tokens with their phonetic keys (as search matches names: accents, case and
 * spelling variants such as Benítez / Benitez / Venites). Then whether a subject, a phone, or a
 * free text (an update, an audit event's value, a contact) holds that person.
 */
import {
  detectQuery,
  documentSearchKeys,
  nameTokens,
  normalizeDocument,
  phoneSearchKeys,
  phoneticKey,
  tokenize,
  type PersonName,
} from '../../shared/identifiers/index.js';

export interface PersonQuery {
  /** Document normal forms (digits of a DNI or CI, a CUIL's DNI, a passport upper-cased…). */
  documents: Set<string>;
  /** E.164 forms (both countries tried, Argentine mobiles with and without the 9). */
  phones: Set<string>;
  /** Folded name tokens, each with its phonetic key; empty when no name was given. */
  names: Array<{ token: string; phonetic: string }>;
}

export type MatchedOn = 'document' | 'phone' | 'name';

/** A document of a subject, as stored. */
interface StoredDocument {
  type: string;
  country: string;
  number: string;
  normalized?: string | null;
}

/** Every document and phone form `s` could be stored under: as search reads it (a typed prefix such as
 * "DNI" or "C.I. N°" included, both countries' phones), and every other reading too (a request
 * should find too much rather than too little: the administrators review what is found). */
function identifierForms(s: string): { documents: string[]; phones: string[] } {
  const documents = new Set(documentSearchKeys(s));
  const phones = new Set([...phoneSearchKeys(s, 'AR'), ...phoneSearchKeys(s, 'PY')]);
  for (const country of ['AR', 'PY'] as const) {
    const q = detectQuery(s, country);
    for (const r of [q, ...q.alternatives]) {
      if (r.kind === 'document') for (const v of r.values) documents.add(v);
      if (r.kind === 'phone') for (const v of r.values) phones.add(v);
    }
  }
  return { documents: [...documents], phones: [...phones] };
}

export function personQuery(input: { identifier?: string | null; name?: string | null }): PersonQuery {
  const forms = input.identifier ? identifierForms(input.identifier) : { documents: [], phones: [] };
  const names = tokenize(input.name ?? '').map((token) => ({ token, phonetic: phoneticKey(token) }));
  return { documents: new Set(forms.documents), phones: new Set(forms.phones), names };
}

/** Whether every token of the queried name is among `tokens`, exactly or by its phonetic key. */
function holdsName(q: PersonQuery, tokens: string[]): boolean {
  if (!q.names.length || !tokens.length) return false;
  const exact = new Set(tokens);
  const phonetic = new Set(tokens.map(phoneticKey));
  return q.names.every((n) => exact.has(n.token) || phonetic.has(n.phonetic));
}

/** How a subject of an alert holds the person: by one of its documents, by name. */
export function subjectMatches(q: PersonQuery, s: PersonName & { documents?: StoredDocument[] }): MatchedOn[] {
  const out: MatchedOn[] = [];
  const docs = (s.documents ?? []).flatMap((d) => {
    const r = normalizeDocument(d);
    return r.ok ? [r.normalized, ...r.related] : d.normalized ? [d.normalized] : [];
  });
  if (docs.some((d) => q.documents.has(d))) out.push('document');
  if (holdsName(q, nameTokens(s).all)) out.push('name');
  return out;
}

/** Whether a stored phone (its E.164 form when known, else as typed) is the person's. */
export function phoneMatches(q: PersonQuery, phone: string, e164?: string | null): boolean {
  if (e164 && q.phones.has(e164)) return true;
  return identifierForms(phone).phones.some((p) => q.phones.has(p));
}

/** Runs of digits and separators in free text that could be a document or a phone. */
const NUMBER_RUNS = /\+?\(?\d[\d\s.\-/()]{3,}\d/g;
/** Words mixing letters and digits (passports, plates typed in text). */
const MIXED_WORDS = /\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z0-9]{5,20}\b/g;

/** How a free text holds the person: a document or phone written in it in any formatting, or their whole name. */
export function textMatches(q: PersonQuery, text: string): MatchedOn[] {
  const out: MatchedOn[] = [];
  if (q.documents.size || q.phones.size) {
    const runs = [...(text.match(NUMBER_RUNS) ?? []), ...(text.match(MIXED_WORDS) ?? [])];
    let document = false;
    let phone = false;
    for (const run of runs) {
      const forms = identifierForms(run.trim());
      document ||= forms.documents.some((d) => q.documents.has(d));
      phone ||= forms.phones.some((p) => q.phones.has(p));
    }
    if (document) out.push('document');
    if (phone) out.push('phone');
  }
  if (holdsName(q, tokenize(text))) out.push('name');
  return out;
}

/** Every string inside a JSON value (an audit event's details), with where it was found. */
export function stringsOf(value: unknown, path = ''): Array<{ path: string; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${path}[${i}]`));
  if (value && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => stringsOf(v, path ? `${path}.${k}` : k));
  return [];
}

/** How a JSON value holds the person (an audit event's details): the union over its strings, and which paths. */
export function valueMatches(q: PersonQuery, value: unknown): { on: MatchedOn[]; paths: string[] } {
  const on = new Set<MatchedOn>();
  const paths: string[] = [];
  for (const s of stringsOf(value)) {
    const found = textMatches(q, s.text);
    if (found.length) paths.push(s.path);
    for (const f of found) on.add(f);
  }
  return { on: [...on], paths };
}
