import { expect } from 'chai';
import { detectQuery, detectQueryKind, type QueryKind } from '../../../shared/identifiers/index.js';

/** [query, searcher's country, kind, values] — what search looks up for what officers type. */
const CASES: Array<[string, 'AR' | 'PY', QueryKind, string[]]> = [
  // Documents
  ['30.123.456', 'AR', 'document', ['30123456']],
  ['30123456', 'PY', 'document', ['30123456']],
  ['28.999.111', 'PY', 'document', ['28999111']],
  ['33444555', 'PY', 'document', ['33444555']],
  ['4.567.890', 'PY', 'document', ['4567890']],
  ['7.777.777', 'AR', 'document', ['7777777']],
  ['987.654', 'PY', 'document', ['987654']],
  ['20-30123456-3', 'AR', 'document', ['20301234563', '30123456']],
  ['20301234563', 'PY', 'document', ['20301234563', '30123456']],
  ['4567890-1', 'PY', 'document', ['4567890', '45678901']],
  ['80009735-1', 'AR', 'document', ['80009735', '800097351']],
  ['800280610', 'PY', 'document', ['80028061', '800280610']],
  ['80028061–0', 'AR', 'document', ['80028061', '800280610']],
  ['1068460 3', 'PY', 'document', ['1068460', '10684603']],
  ['2660-3', 'PY', 'document', ['2660', '26603']],
  ['27–26018159–4', 'AR', 'document', ['27260181594', '26018159']],
  ['55-00000430-7', 'AR', 'document', ['55000004307']],
  ['AAA123456', 'AR', 'document', ['AAA123456']],
  ['12.345.678N', 'AR', 'document', ['12345678N']],
  // Phones
  ['0981 123 456', 'PY', 'phone', ['+595981123456']],
  ['0981123456', 'AR', 'phone', ['+595981123456']],
  ['981 123 456', 'PY', 'phone', ['+595981123456']],
  ['+595 981 123456', 'AR', 'phone', ['+595981123456']],
  ['00595981123456', 'AR', 'phone', ['+595981123456']],
  ['(021) 612 345', 'PY', 'phone', ['+59521612345']],
  ['0981–123–456', 'PY', 'phone', ['+595981123456']],
  ['(0370) 15–4412345', 'AR', 'phone', ['+5493704412345', '+543704412345']],
  ['(0370) 15-4412345', 'AR', 'phone', ['+5493704412345', '+543704412345']],
  ['+54 9 370 441-2345', 'PY', 'phone', ['+5493704412345', '+543704412345']],
  ['03718 15 423456', 'PY', 'phone', ['+5493718423456', '+543718423456']],
  ['3704412345', 'AR', 'phone', ['+543704412345', '+5493704412345']],
  ['011 4321-5678', 'AR', 'phone', ['+541143215678', '+5491143215678']],
  // Plates
  ['AB 123 CD', 'PY', 'plate', ['AB123CD']],
  ['ab123cd', 'AR', 'plate', ['AB123CD']],
  ['AC987ZX', 'PY', 'plate', ['AC987ZX']],
  ['ABCD 123', 'AR', 'plate', ['ABCD123']],
  ['abc-123', 'PY', 'plate', ['ABC123']],
  ['123 ABCD', 'PY', 'plate', ['123ABCD']],
  ['A 123 BCD', 'AR', 'plate', ['A123BCD']],
  // Names
  ['María Benítez de Ortiz', 'AR', 'name', ['maria', 'benitez', 'ortiz']],
  ['RAMÓN', 'PY', 'name', ['ramon']],
  ['Acsota', 'PY', 'name', ['acsota']],
  ['de la Cruz', 'AR', 'name', ['cruz']],
  ['Majo', 'PY', 'name', ['majo']],
  ['Juan 2', 'AR', 'name', ['juan']],
  ['', 'AR', 'name', []],
];

describe('what a search string is', () => {
  for (const [q, country, kind, values] of CASES) {
    it(`${JSON.stringify(q)} (${country}) → ${kind} ${values.join(', ')}`, () => {
      const d = detectQuery(q, country);
      expect({ kind: d.kind, values: d.values }).to.deep.equal({ kind, values });
    });
  }

  it('keeps the other readings of an ambiguous string', () => {
    expect(detectQuery('800097351', 'PY')).to.deep.equal({
      kind: 'document',
      values: ['80009735', '800097351'],
      alternatives: [{ kind: 'phone', values: ['+595800097351'] }],
    });
    expect(detectQuery('María', 'AR').alternatives).to.deep.equal([]);
  });

  it('digits that are nothing known give no values', () => {
    expect(detectQuery('12', 'AR').values).to.deep.equal([]);
    expect(detectQuery('20-30123456-0', 'AR').values).to.deep.equal([]);
  });

  it('detectQueryKind is the same function', () => expect(detectQueryKind).to.equal(detectQuery));
});
