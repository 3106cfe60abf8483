/**
 * Who a data-subject request is about, as Puente stores and searches it (server/privacy/personQuery.ts):
 * an identifier in any formatting finds its stored normal form, a name without accents finds it
 * with them, and free text (an update, an audit value) is read for both.
 */
import { expect } from 'chai';
import { personQuery, phoneMatches, subjectMatches, textMatches, valueMatches } from '../../server/privacy/personQuery.js';

describe('data-subject request: person query', () => {
  const q = personQuery({ identifier: '4.567.890', name: 'Maria Jose Benitez' });

  it('reads "4.567.890" as the stored 4567890, and a typed prefix as search does', () => {
    expect([...q.documents]).to.include('4567890');
    expect([...personQuery({ identifier: 'C.I. N° 4.567.890' }).documents]).to.include('4567890');
    expect([...personQuery({ identifier: 'DNI 30.123.456' }).documents]).to.include('30123456');
  });

  it('matches a subject by document, by name with accents and a second surname, or not at all', () => {
    const subject = {
      givenNames: 'María José',
      familyNames: 'Benítez Ortiz',
      documents: [{ type: 'CI', country: 'PY', number: '4567890' }],
    };
    expect(subjectMatches(q, subject)).to.have.members(['document', 'name']);
    expect(subjectMatches(q, { givenNames: 'María', familyNames: 'Benítez' })).to.deep.equal([]); // "José" missing
    expect(subjectMatches(q, { givenNames: 'Maria Jose', familyNames: 'Venitez' })).to.deep.equal(['name']); // phonetic
    expect(subjectMatches(q, { givenNames: 'Ramón', documents: [{ type: 'DNI', country: 'AR', number: '30.123.456' }] })).to.deep.equal([]);
  });

  it('matches phones in any formatting of either country', () => {
    const phone = personQuery({ identifier: '0981 123 456' });
    expect(phoneMatches(phone, '+595 981 123456')).to.equal(true);
    expect(phoneMatches(phone, '(0370) 15-4412345', '+5493704412345')).to.equal(false);
  });

  it('finds the number and the name in free text, whatever their formatting', () => {
    expect(textMatches(q, 'Dijo llamarse MARÍA JOSÉ BENÍTEZ, C.I. 4567890')).to.have.members(['document', 'name']);
    expect(textMatches(q, 'Documento 4.567.891 de otra persona')).to.deep.equal([]);
    expect(textMatches(q, 'María José vista en Falcón')).to.deep.equal([]);
  });

  it('finds the person in any string of an audit event’s details, and says where', () => {
    const found = valueMatches(q, { q: '4567890', filters: { kind: null }, textParts: ['sin nombre', 'maria jose benitez'] });
    expect(found.on).to.have.members(['document', 'name']);
    expect(found.paths).to.deep.equal(['q', 'textParts[1]']);
    expect(valueMatches(q, { reference: 'AR-2026-000123', results: 3 }).on).to.deep.equal([]);
  });
});
