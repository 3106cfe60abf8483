import { expect } from 'chai';
import { normalizePlate } from '../../../shared/identifiers/index.js';

const CASES: Array<[string, string | undefined, string, string, string[]]> = [
  ['AB 123 CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['ab123cd', undefined, 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB-123-CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB.123.CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  [' ac 987 zx ', 'AR', 'AC987ZX', 'ar_mercosur_car', ['AR']],
  ['AD 456 EF', undefined, 'AD456EF', 'ar_mercosur_car', ['AR']],
  ['A 123 BCD', 'AR', 'A123BCD', 'ar_mercosur_moto', ['AR']],
  ['a123bcd', undefined, 'A123BCD', 'ar_mercosur_moto', ['AR']],
  ['A-123-BCD', 'AR', 'A123BCD', 'ar_mercosur_moto', ['AR']],
  ['ABC 123', 'AR', 'ABC123', 'ar_old_car', ['AR']],
  ['abc-123', 'AR', 'ABC123', 'ar_old_car', ['AR']],
  ['ABC123', undefined, 'ABC123', 'old_car', ['AR', 'PY']],
  ['XYZ 999', 'PY', 'XYZ999', 'old_car', ['PY']],
  ['xyz999', undefined, 'XYZ999', 'old_car', ['AR', 'PY']],
  ['123 ABC', 'AR', '123ABC', 'ar_old_moto', ['AR']],
  ['123-abc', undefined, '123ABC', 'ar_old_moto', ['AR']],
  ['ABCD 123', 'PY', 'ABCD123', 'py_mercosur_car', ['PY']],
  ['abcd123', undefined, 'ABCD123', 'py_mercosur_car', ['PY']],
  ['ABCD-123', 'PY', 'ABCD123', 'py_mercosur_car', ['PY']],
  ['AAFG 456', undefined, 'AAFG456', 'py_mercosur_car', ['PY']],
  [' baaa 001 ', 'PY', 'BAAA001', 'py_mercosur_car', ['PY']],
  ['123 ABCD', 'PY', '123ABCD', 'py_mercosur_moto', ['PY']],
  ['123abcd', undefined, '123ABCD', 'py_mercosur_moto', ['PY']],
  ['001-XYZW', 'PY', '001XYZW', 'py_mercosur_moto', ['PY']],
  ['ÁB 123 CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB 123 CD', 'PY', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['ab 1 2 3 cd', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['AB/123/CD', 'AR', 'AB123CD', 'ar_mercosur_car', ['AR']],
  ['ZZ 000 ZZ', 'AR', 'ZZ000ZZ', 'ar_mercosur_car', ['AR']],
  ['QWE 321', 'PY', 'QWE321', 'old_car', ['PY']],
];

describe('vehicle plates → normal form', () => {
  for (const [typed, country, normalized, format, countries] of CASES) {
    it(`${typed} (${country ?? '?'}) → ${normalized} ${format}`, () => {
      expect(normalizePlate(typed, country)).to.deep.equal({ ok: true, normalized, format, countries });
    });
  }
  for (const bad of ['', 'AB12CD', 'A1B2C3D4', '1234567', 'ABCDEFG', 'AB 123']) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(normalizePlate(bad).ok).to.equal(false));
  }
});
