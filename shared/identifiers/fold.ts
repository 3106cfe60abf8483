/** Accent- and case-folding shared by names, directory text and identifiers. */

/** Letters that Unicode does not decompose into a base letter plus marks. */
const LIGATURES: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i' };

/** Apostrophes inside words (Guaraní puso `Ka’aguy`, `D'Alessandro`): dropped, the word stays whole. */
const APOSTROPHES = /['’‘`´ʼ]/g;

/** Removes diacritics (á→a, ñ→n, ü→u, Guaraní ẽ ĩ ũ ỹ g̃ → e i u y g) and compatibility forms
 * (ª→a, ﬁ→fi, full-width Ａ→A) without changing case. */
export function stripDiacritics(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** Dash punctuation (en and em dash, figure dash, Unicode hyphens, full-width and small hyphen-minus) and the
 * minus sign: word processors and phone keyboards put them where an officer typed `-`. */
const DASHES = /[\p{Pd}\u2212]/gu;

/** Every dash and hyphen as the ASCII hyphen-minus, so separators in numbers read alike. */
export function unifyDashes(s: string): string {
  return s.replace(DASHES, '-');
}

/** Lower case, no diacritics, apostrophes dropped, other punctuation as spaces, spaces collapsed. */
export function foldName(s: string): string {
  return stripDiacritics(s)
    .toLowerCase()
    .replace(/[ßæœøłđı]/g, (c) => LIGATURES[c] ?? c)
    .replace(APOSTROPHES, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
