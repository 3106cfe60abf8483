import { expect } from 'chai';
import {
  cuitCheckDigit,
  detectDocument,
  documentSearchKeys,
  documentType,
  normalizeDocument,
  rucCheckDigit,
  type DocumentInput,
} from '../../../shared/identifiers/index.js';

/**
 * [type, country, typed, normalized, related]. Check digits below were computed apart from this code with AFIP's
 * mod 11 (weights 5432765432) and SET's mod 11 (weights 2…11 from the right); 33-69345023-9 (AFIP),
 * 30-54668997-9 (YPF), 80009735-1 (ANDE) and 80000519-8 are published numbers.
 */
const CASES: Array<[string, string, string, string, string[]]> = [
  ['DNI', 'AR', '30.123.456', '30123456', []],
  ['DNI', 'AR', '30123456', '30123456', []],
  ['DNI', 'AR', '30 123 456', '30123456', []],
  ['DNI', 'AR', '30-123-456', '30123456', []],
  ['DNI', 'AR', ' 8.765.432 ', '8765432', []],
  ['DNI', 'AR', '08.765.432', '8765432', []],
  ['DNI', 'AR', '45.001.002', '45001002', []],
  ['DNI', 'AR', '94.123.456', '94123456', []],
  ['DNI', 'AR', '912.345', '912345', []],
  ['dni', 'AR', '12.345.678', '12345678', []],
  ['CI', 'PY', '4.567.890', '4567890', []],
  ['CI', 'PY', '4567890', '4567890', []],
  ['CI', 'PY', '1.234.567', '1234567', []],
  ['CI', 'PY', '987.654', '987654', []],
  ['CI', 'PY', '98.765', '98765', []],
  ['CI', 'PY', '5 123 987', '5123987', []],
  ['CI', 'PY', '7.777.777', '7777777', []],
  ['CUIL', 'AR', '20-30123456-3', '20301234563', ['30123456']],
  ['CUIL', 'AR', '20301234563', '20301234563', ['30123456']],
  ['CUIL', 'AR', '20 30123456 3', '20301234563', ['30123456']],
  ['CUIL', 'AR', '27-28999111-0', '27289991110', ['28999111']],
  ['CUIL', 'AR', '20-08765432-0', '20087654320', ['8765432']],
  ['CUIL', 'AR', '27-05123456-7', '27051234567', ['5123456']],
  ['CUIL', 'AR', '23-12345678-5', '23123456785', ['12345678']],
  ['CUIL', 'AR', '23-94123456-9', '23941234569', ['94123456']],
  ['CUIL', 'AR', '24-20555666-0', '24205556660', ['20555666']],
  ['CUIT', 'AR', '20-40111222-8', '20401112228', ['40111222']],
  ['CUIT', 'AR', '30-71234567-1', '30712345671', []],
  ['CUIT', 'AR', '33-69345023-9', '33693450239', []],
  ['CUIT', 'AR', '30-54668997-9', '30546689979', []],
  ['RUC', 'PY', '4567890-1', '4567890', ['45678901']],
  ['RUC', 'PY', '4.567.890-1', '4567890', ['45678901']],
  ['RUC', 'PY', '45678901', '4567890', ['45678901']],
  ['RUC', 'PY', '80009735-1', '80009735', ['800097351']],
  ['RUC', 'PY', '80000519-8', '80000519', ['800005198']],
  ['RUC', 'PY', '80012345-0', '80012345', ['800123450']],
  ['RUC', 'PY', '1.234.567-9', '1234567', ['12345679']],
  ['RUC', 'PY', '987654 - 5', '987654', ['9876545']],
  ['passport', 'AR', 'aaa123456', 'AAA123456', []],
  ['passport', 'AR', 'AAB 654 321', 'AAB654321', []],
  ['passport', 'AR', '12.345.678N', '12345678N', []],
  ['passport', 'PY', 'R 123 456', 'R123456', []],
  ['passport', 'BR', 'FX-998877', 'FX998877', []],
  ['Passport', 'PY', 'c1234567', 'C1234567', []],
  ['other', 'PY', 'cedula-policial 44', 'CEDULAPOLICIAL44', []],
  ['other', 'BR', 'CPF 123.456.789-09', 'CPF12345678909', []],
  ['other', 'AR', 'Cédula Nº 5', 'CEDULANO5', []],
];

describe('identity documents → normal form', () => {
  for (const [type, country, number, normalized, related] of CASES) {
    it(`${type} ${number} → ${normalized}${related.length ? ` (+ ${related.join(', ')})` : ''}`, () => {
      const r = normalizeDocument({ type, country, number });
      expect(r, JSON.stringify(r)).to.deep.include({ ok: true, normalized, related });
    });
  }

  it('keeps the type, the country, and the check digit apart', () => {
    expect(normalizeDocument({ type: 'RUC', country: 'PY', number: '80009735-1' })).to.deep.equal({
      ok: true,
      type: 'RUC',
      country: 'PY',
      normalized: '80009735',
      related: ['800097351'],
      checkDigit: '1',
    });
    expect(normalizeDocument({ type: 'dni', number: '30.123.456' })).to.deep.include({ type: 'DNI', country: 'AR' });
    expect(normalizeDocument({ type: 'CI', number: '4.567.890' })).to.deep.include({ type: 'CI', country: 'PY' });
    expect(normalizeDocument({ type: 'CI', country: 'ar', number: '4.567.890' })).to.deep.include({ country: 'AR' });
    expect(documentType('PASSPORT')).to.equal('passport');
    expect(documentType('licencia')).to.equal(null);
  });

  it('check digits by the published rules', () => {
    expect(cuitCheckDigit('2030123456')).to.equal(3);
    expect(cuitCheckDigit('3369345023')).to.equal(9);
    expect(cuitCheckDigit('2094123456'), 'AFIP never issues 10: the prefix becomes 23').to.equal(null);
    expect(cuitCheckDigit('123')).to.equal(null);
    expect(rucCheckDigit('80009735')).to.equal(1);
    expect(rucCheckDigit('80000519')).to.equal(8);
    expect(rucCheckDigit('4567890')).to.equal(1);
    expect(rucCheckDigit('6001234'), 'remainder 0 or 1 gives 0').to.equal(0);
    expect(rucCheckDigit('12a')).to.equal(null);
  });

  const REJECTED: Array<[DocumentInput, string]> = [
    [{ type: 'DNI', country: 'AR', number: '12' }, 'too short'],
    [{ type: 'DNI', country: 'AR', number: '12.345' }, 'five digits'],
    [{ type: 'DNI', country: 'AR', number: '123.456.789' }, 'nine digits'],
    [{ type: 'DNI', country: 'AR', number: '30.123.45A' }, 'letters'],
    [{ type: 'DNI', country: 'AR', number: '' }, 'empty'],
    [{ type: 'CI', country: 'PY', number: '1234' }, 'four digits'],
    [{ type: 'CI', country: 'PY', number: 'N/D' }, 'not a number'],
    [{ type: 'CUIL', country: 'AR', number: '20-30123456-0' }, 'wrong check digit'],
    [{ type: 'CUIL', country: 'AR', number: '20-3012345-6' }, 'ten digits'],
    [{ type: 'CUIL', country: 'AR', number: '20-94123456-9' }, 'check digit 10 is never issued'],
    [{ type: 'CUIT', country: 'AR', number: '11-30123456-3' }, 'unknown prefix'],
    [{ type: 'CUIT', country: 'AR', number: '20-30123456-3x' }, 'letters'],
    [{ type: 'RUC', country: 'PY', number: '4567890-2' }, 'wrong check digit'],
    [{ type: 'RUC', country: 'PY', number: '80012345-6' }, 'wrong check digit'],
    [{ type: 'RUC', country: 'PY', number: '123-4' }, 'wrong check digit (123-6)'],
    [{ type: 'RUC', country: 'PY', number: '4567890' }, 'compact, last digit not the check digit of 456789'],
    [{ type: 'RUC', country: 'PY', number: 'ABC-1' }, 'letters'],
    [{ type: 'passport', country: 'AR', number: '@@' }, 'symbols'],
    [{ type: 'passport', country: 'AR', number: 'ABCDEFG' }, 'no digit'],
    [{ type: 'passport', country: 'AR', number: 'A12' }, 'too short'],
    [{ type: 'other', country: 'AR', number: '#' }, 'nothing left'],
    [{ type: 'licencia', country: 'AR', number: '123456' }, 'unknown type'],
  ];
  for (const [input, why] of REJECTED) {
    it(`refuses ${input.type} ${JSON.stringify(input.number)} (${why})`, () => {
      const r = normalizeDocument(input);
      expect(r.ok, JSON.stringify(r)).to.equal(false);
    });
  }
});

describe('document numbers in search strings', () => {
  const DETECT: Array<[string, string[], string[]]> = [
    ['30.123.456', ['DNI', 'CI'], ['30123456']],
    ['30123456', ['DNI', 'CI'], ['30123456']],
    ['8.765.432', ['DNI', 'CI'], ['8765432']],
    ['987.654', ['DNI', 'CI'], ['987654']],
    ['98.765', ['CI'], ['98765']],
    ['20-30123456-3', ['CUIL'], ['20301234563', '30123456']],
    ['20301234563', ['CUIL'], ['20301234563', '30123456']],
    ['30-54668997-9', ['CUIT'], ['30546689979']],
    ['4.567.890-1', ['RUC'], ['4567890', '45678901']],
    ['80009735-1', ['RUC'], ['80009735', '800097351']],
    ['800097351', ['RUC'], ['80009735', '800097351']],
    ['4.567.890-2', ['DNI', 'CI'], ['4567890']],
    ['AAA123456', ['passport'], ['AAA123456']],
    ['12345678n', ['passport'], ['12345678N']],
    ['20-30123456-0', [], []],
    ['0981 123 456', [], []],
    ['123', [], []],
    ['María Benítez', [], []],
    ['AB 123 CD', [], []],
  ];
  for (const [q, types, keys] of DETECT) {
    it(`${q} → ${types.join('/') || 'not a document'}`, () => {
      expect(detectDocument(q).map((c) => c.type)).to.deep.equal(types);
      expect(documentSearchKeys(q)).to.deep.equal(keys);
    });
  }
});
