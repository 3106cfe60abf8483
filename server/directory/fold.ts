/**
 * Accent- and case-folding for directory search: FerretDB has no collation and no $text, so the
 * folded forms are stored beside the originals and searched with an escaped $regex. The folding
 * is `foldName` of `shared/identifiers` (the one alert search uses): lower case, diacritics
 * removed (`Ñeembucú` → `neembucu`), punctuation read as a space (`Guardia — Paso` → `guardia paso`).
 */
import { foldName } from '../../shared/identifiers/index.js';

export const fold = (value: string): string => foldName(value);

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
