/** One-typo tolerance: Damerau–Levenshtein distance ≤ 1 and symmetric-delete index keys. */

/** Shortest token that gets typo tolerance (short words would match too much). */
export const MIN_TYPO_LENGTH = 4;

/** True when `a` and `b` differ by at most one insertion, deletion, substitution or adjacent swap. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // adjacent swap
  }
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.slice(i) === long.slice(i + 1); // insertion or deletion
}

/**
 * Every string made by deleting one character ("symmetric delete"): two tokens within one edit
 * share at least one of {token, its deletions}, so exact look-ups find one-typo matches.
 */
export function deletionVariants(token: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i < token.length; i++) out.add(token.slice(0, i) + token.slice(i + 1));
  return [...out];
}

/** The token and its deletion variants: the keys to index or look up for one-typo matching. */
export function oneEditKeys(token: string): string[] {
  return [...new Set([token, ...deletionVariants(token)])];
}
