/**
 * Vehicle plates of Argentina and Paraguay, stored upper-case without spaces, dashes or dots.
 * The older car format `ABC 123` was used by both countries: the country must be kept with it.
 */
import { stripDiacritics, unifyDashes } from './fold.js';
import { withoutPrefix } from './prefix.js';

export type PlateCountry = 'AR' | 'PY';
export type PlateFormat =
  | 'ar_mercosur_car' // AB 123 CD
  | 'ar_mercosur_moto' // A 123 BCD
  | 'ar_old_car' // ABC 123 (1995–2016)
  | 'ar_old_moto' // 123 ABC
  | 'py_mercosur_car' // ABCD 123
  | 'py_mercosur_moto' // 123 ABCD
  | 'py_old_car' // ABC 123
  | 'old_car'; // ABC 123, country unknown
export type PlateResult = { ok: true; normalized: string; format: PlateFormat; countries: PlateCountry[] } | { ok: false; reason: string };

const FORMATS: Array<[RegExp, PlateFormat, PlateCountry[]]> = [
  [/^[A-Z]{2}\d{3}[A-Z]{2}$/, 'ar_mercosur_car', ['AR']],
  [/^[A-Z]\d{3}[A-Z]{3}$/, 'ar_mercosur_moto', ['AR']],
  [/^\d{3}[A-Z]{3}$/, 'ar_old_moto', ['AR']],
  [/^[A-Z]{4}\d{3}$/, 'py_mercosur_car', ['PY']],
  [/^\d{3}[A-Z]{4}$/, 'py_mercosur_moto', ['PY']],
  [/^[A-Z]{3}\d{3}$/, 'old_car', ['AR', 'PY']],
];

/** Normal form and format of a plate (`patente AB 123 CD` too); `country` (AR or PY) settles the older `ABC 123` format. */
export function normalizePlate(raw: string, country?: string | null): PlateResult {
  const n = unifyDashes(stripDiacritics(withoutPrefix(raw, ['PLATE'])))
    .toUpperCase()
    .replace(/[\s.\-_/]/g, '');
  if (!n) return { ok: false, reason: 'empty' };
  const c = country?.trim().toUpperCase();
  for (const [re, format, countries] of FORMATS) {
    if (!re.test(n)) continue;
    if (format === 'old_car' && (c === 'AR' || c === 'PY')) {
      return { ok: true, normalized: n, format: c === 'AR' ? 'ar_old_car' : 'py_old_car', countries: [c] };
    }
    return { ok: true, normalized: n, format, countries: [...countries] };
  }
  return { ok: false, reason: 'not an Argentine or Paraguayan plate format' };
}
