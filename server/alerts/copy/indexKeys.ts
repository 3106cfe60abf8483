/** Which index keys an alert carries (pure): documents, phones, plates, name tokens, phonetic keys,
 * one-typo deletion variants, and a full-name key used for matching. */
import { deletionVariants, MIN_TYPO_LENGTH, nameTokens, normalizeDocument, phoneticKey } from '../../../shared/identifiers/index.js';
import type { AlertDoc, AlertDocument } from '../Alert.js';
import { isRestrictedSubject } from '../restrictedSubjects.js';

/** `v`: a key of a restricted subject's identity (restrictedSubjects.ts); `o`: any other. */
export type FieldClass = 'v' | 'o';

export const key = {
  document: (v: string) => `doc:${v}`,
  phone: (v: string) => `phone:${v}`,
  plate: (v: string) => `plate:${v}`,
  token: (v: string) => `tok:${v}`,
  phonetic: (v: string) => `ph:${v}`,
  deletion: (v: string) => `del:${v}`,
  fullName: (v: string) => `fn:${v}`,
  /** Two name words of the same person (phonetic, unordered): narrows "given + surname" queries. */
  pair: (a: string, b: string) => `pair:${[a, b].sort().join('|')}`,
};

/** Phonetic pairs of a person's name words (each word with each surname), at most a dozen. */
export function namePairKeys(given: string[], family: string[]): string[] {
  const words = [...given.slice(0, 3), ...family.slice(0, 3)].map(phoneticKey);
  const surnames = family.slice(0, 3).map(phoneticKey);
  const out = new Set<string>();
  for (const w of words) for (const f of surnames) if (w !== f) out.add(key.pair(w, f));
  return [...out];
}

/** Phonetic full name: first given name + every surname, so "close full names" share it. */
export function fullNameKey(given: string[], family: string[]): string | null {
  if (!given.length || !family.length) return null;
  return [phoneticKey(given[0]!), ...[...family].map(phoneticKey).sort()].join('_');
}

/** Tokens and their phonetic and deletion keys. */
export function nameKeys(tokens: string[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    out.push(key.token(t), key.phonetic(phoneticKey(t)));
    if (t.length >= MIN_TYPO_LENGTH) for (const d of deletionVariants(t)) out.push(key.deletion(d));
  }
  return out;
}

/**
 * Normal forms a stored document is indexed and confirmed under: recomputed from what was typed, so
 * a change to the rules (a RUC written compactly) reaches older alerts when a process loads them; the stored form
 * when the number no longer parses; and the related forms (DNI inside a CUIL, RUC with check digit).
 */
export function documentKeys(d: AlertDocument): string[] {
  const r = normalizeDocument(d);
  if (r.ok) return [r.normalized, ...r.related];
  return d.normalized ? [d.normalized] : [];
}

/** Key prefixes that link two alerts (a match), and what each says matched. */
export const LINK_KINDS: Record<string, 'document' | 'phone' | 'plate' | 'name'> = {
  doc: 'document',
  phone: 'phone',
  plate: 'plate',
  fn: 'name',
};
export const isLinkKey = (k: string): boolean => (k.slice(0, k.indexOf(':')) || '') in LINK_KINDS;

/** The link keys of an alert (a subset of keysOfAlert, without the costly name variants). */
export function linkKeysOfAlert(a: Pick<AlertDoc, 'subjects' | 'phonesNormalized' | 'vehicles'>): string[] {
  const out = new Set<string>();
  for (const s of a.subjects) {
    const names = nameTokens(s);
    const full = fullNameKey(names.given, names.family);
    if (full) out.add(key.fullName(full));
    for (const d of s.documents ?? []) for (const k of documentKeys(d)) out.add(key.document(k));
  }
  for (const p of a.phonesNormalized) out.add(key.phone(p));
  for (const v of a.vehicles) if (v.plateNormalized) out.add(key.plate(v.plateNormalized));
  return [...out];
}

/** Every key of an alert with its field class; `o` wins when a value occurs in both classes. */
export function keysOfAlert(a: Pick<AlertDoc, 'subjects' | 'phonesNormalized' | 'vehicles' | 'sensitivity'>): Map<string, FieldClass> {
  const keys = new Map<string, FieldClass>();
  const add = (k: string, f: FieldClass) => {
    if (keys.get(k) !== 'o') keys.set(k, f);
  };
  for (const s of a.subjects) {
    const f: FieldClass = isRestrictedSubject(a, s) ? 'v' : 'o';
    const names = nameTokens(s);
    for (const k of nameKeys(names.all)) add(k, f);
    for (const k of namePairKeys(names.given, names.family)) add(k, f);
    const full = fullNameKey(names.given, names.family);
    if (full) add(key.fullName(full), f);
    for (const d of s.documents ?? []) for (const k of documentKeys(d)) add(key.document(k), f);
  }
  for (const p of a.phonesNormalized) add(key.phone(p), 'o');
  for (const v of a.vehicles) if (v.plateNormalized) add(key.plate(v.plateNormalized), 'o');
  return keys;
}
