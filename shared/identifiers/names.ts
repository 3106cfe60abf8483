/**
 * Names as officers type them in Spanish and Guaraní: accent and case folding, particles
 * (`de`, `del`, `de la`…), double surnames, a Spanish phonetic key, and one-typo tolerance.
 */

/** Words that join surnames and are not search tokens by themselves. */
export const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'e', 'da', 'das', 'do', 'dos', 'van', 'von', 'di']);

/** Lower-case, accents and diacritics removed (ñ → n, Guaraní ẽ g̃ → e g), punctuation to spaces. */
export function foldName(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folded words of a name without particles or one-letter initials. */
export function tokenize(s: string | null | undefined): string[] {
  if (!s) return [];
  return foldName(s)
    .split(' ')
    .filter((t) => t.length > 1 && !PARTICLES.has(t) && !/^\d+$/.test(t));
}

export interface PersonName {
  givenNames?: string | null;
  familyNames?: string | null;
  mothersName?: string | null;
  aliases?: string[] | null;
}

export interface NameTokens {
  given: string[];
  family: string[];
  aliases: string[];
  all: string[];
}

/** The search tokens of a person: given names, every surname (either one matches), aliases. */
export function nameTokens(p: PersonName): NameTokens {
  const given = tokenize(p.givenNames);
  const family = [...new Set([...tokenize(p.familyNames), ...tokenize(p.mothersName)])];
  const aliases = (p.aliases ?? []).flatMap(tokenize);
  return { given, family, aliases, all: [...new Set([...given, ...family, ...aliases])] };
}

/**
 * A Spanish phonetic key: letters that sound alike in Rioplatense and Paraguayan Spanish share a
 * code (b/v, s/z/c before e-i, ll/y, k/qu/c before a-o-u, g before e-i / j, silent h), doubled
 * sounds collapse and vowels are dropped after the first letter.
 */
export function phoneticKey(token: string): string {
  let s = foldName(token).replace(/\s/g, '');
  if (!s) return '';
  s = s
    .replace(/ch/g, '1')
    .replace(/ll/g, 'y')
    .replace(/qu/g, 'k')
    .replace(/c([ei])/g, 's$1')
    .replace(/g([ei])/g, 'j$1')
    .replace(/gu([ei])/g, 'g$1')
    .replace(/c/g, 'k')
    .replace(/z/g, 's')
    .replace(/v/g, 'b')
    .replace(/w/g, 'u')
    .replace(/x/g, 'ks')
    .replace(/h/g, '')
    .replace(/i(?=[aeou])/g, 'y');
  if (!s) return '';
  const first = /[aeiou]/.test(s[0]!) ? 'a' : s[0]!;
  const rest = s
    .slice(1)
    .replace(/[aeiou]/g, '')
    .replace(/(.)\1+/g, '$1');
  return `${first}${rest}`.replace(/(.)\1+/g, '$1');
}

/** True when `a` and `b` differ by at most one insertion, deletion, substitution or adjacent swap. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  if (la === lb) {
    const diffs: number[] = [];
    for (let i = 0; i < la && diffs.length <= 2; i++) if (a[i] !== b[i]) diffs.push(i);
    if (diffs.length === 1) return true;
    return diffs.length === 2 && diffs[1] === diffs[0]! + 1 && a[diffs[0]!] === b[diffs[1]!] && a[diffs[1]!] === b[diffs[0]!];
  }
  const [short, long] = la < lb ? [a, b] : [b, a];
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  return short.slice(i) === long.slice(i + 1);
}

/** Every string made by deleting one character ("symmetric delete"): two tokens within one edit
 * share at least one of {token, its deletions}, so exact look-ups find one-typo matches. */
export function deletionVariants(token: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < token.length; i++) out.add(token.slice(0, i) + token.slice(i + 1));
  return [...out];
}

/** Shortest token that gets typo tolerance (short words would match too much). */
export const MIN_TYPO_LENGTH = 4;
