/** Vehicle plates of Argentina and Paraguay, stored upper-case without spaces or dashes. */

export type PlateFormat =
  'ar_mercosur_car' | 'ar_mercosur_moto' | 'ar_old_car' | 'ar_old_moto' | 'py_mercosur_car' | 'py_mercosur_moto' | 'old_car';
export type PlateResult =
  { ok: true; normalized: string; format: PlateFormat; countries: Array<'AR' | 'PY'> } | { ok: false; reason: string };

const FORMATS: Array<[RegExp, PlateFormat, Array<'AR' | 'PY'>]> = [
  [/^[A-Z]{2}\d{3}[A-Z]{2}$/, 'ar_mercosur_car', ['AR']],
  [/^[A-Z]\d{3}[A-Z]{3}$/, 'ar_mercosur_moto', ['AR']],
  [/^[A-Z]{4}\d{3}$/, 'py_mercosur_car', ['PY']],
  [/^\d{3}[A-Z]{4}$/, 'py_mercosur_moto', ['PY']],
  // The older formats of both countries look alike: the country must be kept.
  [/^[A-Z]{3}\d{3}$/, 'old_car', ['AR', 'PY']],
  [/^\d{3}[A-Z]{3}$/, 'ar_old_moto', ['AR']],
];

export function normalizePlate(raw: string, country?: 'AR' | 'PY' | string): PlateResult {
  const n = raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s.\-_/]/g, '');
  for (const [re, format, countries] of FORMATS) {
    if (!re.test(n)) continue;
    const narrowed = country && countries.includes(country as 'AR' | 'PY') ? [country as 'AR' | 'PY'] : countries;
    const named: PlateFormat = format === 'old_car' && narrowed.length === 1 && narrowed[0] === 'AR' ? 'ar_old_car' : format;
    return { ok: true, normalized: n, format: named, countries: narrowed };
  }
  return { ok: false, reason: 'not a known Argentine or Paraguayan plate format' };
}
