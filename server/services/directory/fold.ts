/**
 * Accent- and case-folding for directory search: FerretDB has no collation and no $text, so the
 * folded forms are stored beside the originals and searched with an anchored-free, escaped $regex.
 */

/** `Ñeembucú` → `neembucu`: NFD, combining marks removed, lower case, single spaces. */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a folded query (empty words dropped). */
export function foldedWords(query: string): string[] {
  return fold(query)
    .split(' ')
    .filter((w) => w.length > 0);
}

/** A literal for a RegExp source: every metacharacter escaped. */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
