import { expect } from 'chai';
import {
  detectQuery,
  normalizeDocument,
  normalizePhone,
  normalizePlate,
  readTypedPrefix,
  type DocumentType,
  type QueryKind,
} from '../../../shared/identifiers/index.js';

/**
 * [query, searcher's country, kind, values, document type named by the prefix] — identifiers typed
 * with the word or abbreviation officers put before them (issue 24, item 2).
 */
const CASES: Array<[string, 'AR' | 'PY', QueryKind, string[], DocumentType | undefined]> = [
  ['CI 4567890', 'PY', 'document', ['4567890'], 'CI'],
  ['C.I. N° 4.567.890', 'AR', 'document', ['4567890'], 'CI'],
  ['cédula 4.567.890', 'AR', 'document', ['4567890'], 'CI'],
  ['C.I.N. 4567890', 'PY', 'document', ['4567890'], 'CI'],
  ['C.I.C. Nº 4.567.890', 'PY', 'document', ['4567890'], 'CI'],
  ['Cédula de identidad N.º 4567890', 'AR', 'document', ['4567890'], 'CI'],
  ['ci:4567890', 'PY', 'document', ['4567890'], 'CI'],
  ['DNI 41.222.333', 'PY', 'document', ['41222333'], 'DNI'],
  ['D.N.I. Nº 41222333', 'PY', 'document', ['41222333'], 'DNI'],
  ['dni41222333', 'AR', 'document', ['41222333'], 'DNI'],
  ['DNI nro. 41.222.333', 'AR', 'document', ['41222333'], 'DNI'],
  ['DNI número 41222333', 'AR', 'document', ['41222333'], 'DNI'],
  ['DNI # 41222333', 'AR', 'document', ['41222333'], 'DNI'],
  ['D. N. I. No. 41.222.333', 'AR', 'document', ['41222333'], 'DNI'],
  ['RUC 80028061-0', 'AR', 'document', ['80028061', '800280610'], 'RUC'],
  ['R.U.C. N° 80028061-0', 'PY', 'document', ['80028061', '800280610'], 'RUC'],
  ['CUIT 20-30123456-3', 'PY', 'document', ['20301234563', '30123456'], 'CUIT'],
  ['C.U.I.T. 30-71234567-1', 'AR', 'document', ['30712345671'], 'CUIT'],
  ['CUIL 27-26018159-4', 'PY', 'document', ['27260181594', '26018159'], 'CUIL'],
  ['pasaporte AAA123456', 'AR', 'document', ['AAA123456'], 'passport'],
  ['Pas. N° AAA 123456', 'PY', 'document', ['AAA123456'], 'passport'],
  ['tel. 0981 123 456', 'AR', 'phone', ['+595981123456'], undefined],
  ['Teléfono: 0981 123 456', 'PY', 'phone', ['+595981123456'], undefined],
  ['cel 0981123456', 'PY', 'phone', ['+595981123456'], undefined],
  ['celular (0370) 15-4412345', 'AR', 'phone', ['+5493704412345', '+543704412345'], undefined],
  ['WhatsApp +595 981 123456', 'AR', 'phone', ['+595981123456'], undefined],
  ['patente AB 123 CD', 'PY', 'plate', ['AB123CD'], undefined],
];

describe('identifiers typed with their usual prefixes', () => {
  for (const [q, country, kind, values, documentType] of CASES) {
    it(`${JSON.stringify(q)} (${country}) → ${kind} ${documentType ?? ''} ${values.join(', ')}`, () => {
      const d = detectQuery(q, country);
      expect({ kind: d.kind, values: d.values, documentType: d.documentType }).to.deep.equal({ kind, values, documentType });
    });
  }

  it('a CI prefix reads digits that could also be a phone as a cédula first, and keeps the phone as another reading', () => {
    const d = detectQuery('CI 4.567.890', 'PY');
    expect(d).to.deep.include({ kind: 'document', values: ['4567890'], documentType: 'CI' });
    expect(d.alternatives.every((r) => r.kind !== 'document')).to.equal(true);
  });

  it('a DNI prefix on a number that is not a DNI falls back to what the number is', () => {
    expect(detectQuery('DNI 20-30123456-3', 'AR')).to.deep.include({ kind: 'document', values: ['20301234563', '30123456'] });
  });

  it('a cédula written with its RUC check digit is read as that RUC, not as one longer cédula', () => {
    const d = detectQuery('CI 4567890-1', 'PY');
    expect({ kind: d.kind, values: d.values }).to.deep.equal({ kind: 'document', values: ['4567890', '45678901'] });
  });

  it('a RUC with a wrong check digit still reads first as a document (its base), as the prefix says', () => {
    const d = detectQuery('RUC 80028061-9', 'PY');
    expect({ kind: d.kind, values: d.values }).to.deep.equal({ kind: 'document', values: ['80028061'] });
    expect(d.alternatives.map((r) => r.kind)).to.deep.equal(['phone']);
  });

  it('names that begin with the letters of a prefix are left alone', () => {
    for (const [q, values] of [
      ['Cintia', ['cintia']],
      ['Dnipro', ['dnipro']],
      ['Celestino Ruiz', ['celestino', 'ruiz']],
      ['Telma', ['telma']],
      ['Ci Benítez', ['ci', 'benitez']],
      ['Tel Aviv', ['tel', 'aviv']],
      ['Pascual', ['pascual']],
      ['Rucci', ['rucci']],
    ] as const) {
      expect(detectQuery(q, 'AR'), q).to.deep.include({ kind: 'name', values });
    }
    expect(readTypedPrefix('Cintia')).to.equal(null);
    expect(readTypedPrefix('Dnipro 123')).to.equal(null);
  });

  it('a prefix alone is not an identifier', () => {
    for (const q of ['CI', 'C.I. N°', 'DNI', 'D.N.I. Nº', 'tel.', 'RUC:', 'pasaporte']) {
      expect(readTypedPrefix(q), q).to.equal(null);
      expect(detectQuery(q, 'PY').kind, q).to.equal('name');
    }
  });

  it('reads the prefix as a hint with what follows it', () => {
    expect(readTypedPrefix('C.I. N° 4.567.890')).to.deep.equal({ hint: 'CI', rest: '4.567.890' });
    expect(readTypedPrefix('  D.N.I.: 41222333 ')).to.deep.equal({ hint: 'DNI', rest: '41222333' });
    expect(readTypedPrefix('cuil 27-26018159-4')).to.deep.equal({ hint: 'CUIL', rest: '27-26018159-4' });
    expect(readTypedPrefix('Nro 4567890')).to.equal(null);
  });

  describe('in the alert form (a number typed with its prefix)', () => {
    it('a prefix naming the chosen type is dropped', () => {
      expect(normalizeDocument({ type: 'CI', number: 'C.I. N° 4.567.890' })).to.include({ ok: true, normalized: '4567890' });
      expect(normalizeDocument({ type: 'DNI', number: 'DNI 41.222.333' })).to.include({ ok: true, normalized: '41222333' });
      expect(normalizeDocument({ type: 'CUIL', number: 'CUIT 20-30123456-3' })).to.include({ ok: true, normalized: '20301234563' });
      expect(normalizeDocument({ type: 'RUC', number: 'RUC 80028061-0' })).to.include({ ok: true, normalized: '80028061' });
    });

    it('a prefix naming another type is refused rather than guessed at', () => {
      const r = normalizeDocument({ type: 'DNI', number: 'CI 4.567.890' });
      expect(r.ok).to.equal(false);
      expect(r).to.have.property('reason').that.matches(/CI/);
    });

    it('a number of type "other" keeps what was typed', () => {
      expect(normalizeDocument({ type: 'other', number: 'CI 4567890' })).to.include({ ok: true, normalized: 'CI4567890' });
    });

    it('phones and plates drop their prefix', () => {
      expect(normalizePhone('tel. 0981 123 456', 'PY')).to.include({ ok: true, e164: '+595981123456' });
      expect(normalizePhone('cel.: +54 9 370 441-2345', 'PY')).to.include({ ok: true, e164: '+5493704412345' });
      expect(normalizePlate('patente AB 123 CD')).to.include({ ok: true, normalized: 'AB123CD' });
      expect(normalizePhone('DNI 41222333', 'AR').ok).to.equal(false);
    });
  });
});
