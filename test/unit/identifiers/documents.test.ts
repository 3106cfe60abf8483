import { expect } from 'chai';
import { cuitCheckDigit, detectQuery, normalizeDocument, rucCheckDigit } from '../../../shared/identifiers/index.js';

/** A valid CUIL/CUIT for a DNI and prefix, computed by the mod-11 rule. */
function cuit(prefix: string, dni: string): string {
  const base = `${prefix}${dni.padStart(8, '0')}`;
  return `${base}${cuitCheckDigit(base)}`;
}

const CASES: Array<[{ type: string; country: string; number: string }, string]> = [
  [{ type: 'DNI', country: 'AR', number: '30.123.456' }, '30123456'],
  [{ type: 'DNI', country: 'AR', number: '30123456' }, '30123456'],
  [{ type: 'DNI', country: 'AR', number: '30 123 456' }, '30123456'],
  [{ type: 'DNI', country: 'AR', number: '30-123-456' }, '30123456'],
  [{ type: 'DNI', country: 'AR', number: ' 8.765.432 ' }, '8765432'],
  [{ type: 'DNI', country: 'AR', number: '08.765.432' }, '8765432'],
  [{ type: 'DNI', country: 'AR', number: '45.001.002' }, '45001002'],
  [{ type: 'DNI', country: 'AR', number: '5.123.456' }, '5123456'],
  [{ type: 'DNI', country: 'AR', number: '94.123.456' }, '94123456'],
  [{ type: 'DNI', country: 'AR', number: '12.345.678' }, '12345678'],
  [{ type: 'CI', country: 'PY', number: '4.567.890' }, '4567890'],
  [{ type: 'CI', country: 'PY', number: '4567890' }, '4567890'],
  [{ type: 'CI', country: 'PY', number: '1.234.567' }, '1234567'],
  [{ type: 'CI', country: 'PY', number: '987.654' }, '987654'],
  [{ type: 'CI', country: 'PY', number: '5 123 987' }, '5123987'],
  [{ type: 'CI', country: 'PY', number: '6.001.234' }, '6001234'],
  [{ type: 'CI', country: 'PY', number: '7777777' }, '7777777'],
  [{ type: 'CUIL', country: 'AR', number: cuit('20', '30123456') }, cuit('20', '30123456')],
  [
    {
      type: 'CUIL',
      country: 'AR',
      number: `${cuit('27', '28999111').slice(0, 2)}-${cuit('27', '28999111').slice(2, 10)}-${cuit('27', '28999111').slice(10)}`,
    },
    cuit('27', '28999111'),
  ],
  [{ type: 'CUIT', country: 'AR', number: cuit('30', '71234567') }, cuit('30', '71234567')],
  [{ type: 'CUIL', country: 'AR', number: cuit('23', '8765432') }, cuit('23', '8765432')],
  [{ type: 'CUIL', country: 'AR', number: cuit('20', '12345678') }, cuit('20', '12345678')],
  [{ type: 'RUC', country: 'PY', number: `4567890-${rucCheckDigit('4567890')}` }, '4567890'],
  [{ type: 'RUC', country: 'PY', number: `80012345-${rucCheckDigit('80012345')}` }, '80012345'],
  [{ type: 'RUC', country: 'PY', number: `1.234.567-${rucCheckDigit('1234567')}` }, '1234567'],
  [{ type: 'RUC', country: 'PY', number: '1234567' }, '1234567'],
  [{ type: 'passport', country: 'AR', number: 'aaa123456' }, 'AAA123456'],
  [{ type: 'passport', country: 'PY', number: 'R 123 456' }, 'R123456'],
  [{ type: 'passport', country: 'BR', number: 'FX-998877' }, 'FX998877'],
  [{ type: 'passport', country: 'AR', number: '12.345.678N' }, '12345678N'],
  [{ type: 'other', country: 'PY', number: 'cedula-policial 44' }, 'CEDULAPOLICIAL44'],
];

describe('identity documents → normal form', () => {
  for (const [input, expected] of CASES) {
    it(`${input.type} ${input.number} → ${expected}`, () => {
      const r = normalizeDocument(input);
      expect(r, JSON.stringify(r)).to.deep.include({ ok: true, normalized: expected });
    });
  }

  it('a CUIL also indexes the DNI inside it', () => {
    const r = normalizeDocument({ type: 'CUIL', country: 'AR', number: cuit('20', '30123456') });
    expect(r.ok && r.related).to.deep.equal(['30123456']);
  });

  for (const [input, why] of [
    [{ type: 'DNI', country: 'AR', number: '12' }, 'too short'],
    [{ type: 'DNI', country: 'AR', number: '30.123.45A' }, 'letters'],
    [{ type: 'CUIL', country: 'AR', number: '20-30123456-0' }, 'wrong check digit'],
    [{ type: 'CUIL', country: 'AR', number: '20-3012345-6' }, 'ten digits'],
    [{ type: 'RUC', country: 'PY', number: `4567890-${(rucCheckDigit('4567890') + 1) % 10}` }, 'wrong check digit'],
    [{ type: 'passport', country: 'AR', number: '@@' }, 'symbols'],
  ] as const) {
    it(`refuses ${input.type} ${input.number} (${why})`, () => expect(normalizeDocument(input).ok).to.equal(false));
  }

  it('detects document numbers in search strings', () => {
    expect(detectQuery('30.123.456')).to.deep.equal({ kind: 'document', values: ['30123456'] });
    expect(detectQuery(cuit('20', '30123456')).values).to.include('30123456');
  });
});
