import { expect } from 'chai';
import { normalizePlate } from '../../../shared/identifiers/index.js';

/** [typed, country given, normalized, format, countries]. */
const CASES: Array<[string, string | undefined, string, string, string[]]> = [
  // Argentina, Mercosur cars (2016–): AB 123 CD
  ['AB 123 CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['ab123cd', undefined, 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB-123-CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB–123–CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB.123.CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  [' ac 987 zx ', 'AR', 'AC987ZX', 'ar_mercosur_car', ['AR']],
  ['AD 456 EF', undefined, 'AD456EF', 'ar_mercosur_car', ['AR']],
  ['ÁB 123 CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['ab 1 2 3 cd', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB/123/CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB_123_CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB 123 CD', 'PY', 'AB123CD', 'ar_mercosur_car', ['AR']],
  // Argentina, Mercosur motorbikes: A 123 BCD
  ['A 123 BCD', 'AR', 'A123BCD', 'ar_mercosur_moto', ['AR']],
  ['a123bcd', undefined, 'A123BCD', 'ar_mercosur_moto', ['AR']],
  ['A-123-BCD', 'AR', 'A123BCD', 'ar_mercosur_moto', ['AR']],
  // Older Argentine cars ABC 123 — the same look as older Paraguayan ones
  ['ABC 123', 'AR', 'ABC123', 'ar_old_car', ['AR']],
  ['abc-123', 'ar', 'ABC123', 'ar_old_car', ['AR']],
  ['HGT 452', 'AR', 'HGT452', 'ar_old_car', ['AR']],
  ['ABC123', undefined, 'ABC123', 'old_car', ['AR', 'PY']],
  ['xyz999', undefined, 'XYZ999', 'old_car', ['AR', 'PY']],
  ['XYZ 999', 'BR', 'XYZ999', 'old_car', ['AR', 'PY']],
  ['XYZ 999', 'PY', 'XYZ999', 'py_old_car', ['PY']],
  ['QWE 321', 'PY', 'QWE321', 'py_old_car', ['PY']],
  // Older Argentine motorbikes: 123 ABC
  ['123 ABC', 'AR', '123ABC', 'ar_old_moto', ['AR']],
  ['123-abc', undefined, '123ABC', 'ar_old_moto', ['AR']],
  // Paraguay, Mercosur cars: ABCD 123
  ['ABCD 123', 'PY', 'ABCD123', 'py_mercosur_car', ['PY']],
  ['abcd123', undefined, 'ABCD123', 'py_mercosur_car', ['PY']],
  ['ABCD-123', 'PY', 'ABCD123', 'py_mercosur_car', ['PY']],
  ['AAFG 456', undefined, 'AAFG456', 'py_mercosur_car', ['PY']],
  [' baaa 001 ', 'PY', 'BAAA001', 'py_mercosur_car', ['PY']],
  ['ABCD 123', 'AR', 'ABCD123', 'py_mercosur_car', ['PY']],
  // Paraguay, Mercosur motorbikes: 123 ABCD
  ['123 ABCD', 'PY', '123ABCD', 'py_mercosur_moto', ['PY']],
  ['123abcd', undefined, '123ABCD', 'py_mercosur_moto', ['PY']],
  ['001-XYZW', 'PY', '001XYZW', 'py_mercosur_moto', ['PY']],
];

const REJECTED = [
  '',
  '   ',
  '---',
  'AB12CD',
  'AB 1234 CD',
  'A1B2C3D4',
  '1234567',
  'ABCDEFG',
  'AB 123',
  'ABCDE 123',
  '12 ABC',
  'AB 12C CD',
  'AB 123 CD!',
  'AB·123·CD',
  'ÑÑ 123 ÑÑ?',
];

describe('vehicle plates → normal form', () => {
  for (const [typed, country, normalized, format, countries] of CASES) {
    it(`${typed} (${country ?? '?'}) → ${normalized} ${format}`, () => {
      expect(normalizePlate(typed, country)).to.deep.equal({ ok: true, normalized, format, countries });
    });
  }
  for (const bad of REJECTED) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      const r = normalizePlate(bad);
      expect(r.ok, JSON.stringify(r)).to.equal(false);
    });
  }
});
