/**
 * The new-alert form's document number typed with its prefix (issue 24, item 2): the prefix picks
 * the type it names (and that type's country), so `C.I. N° 4.567.890` typed under the default DNI
 * is recorded as a Paraguayan CI rather than refused.
 */
import { expect } from 'chai';
import { numberTyped } from '../../client/src/screens/alert/documentPrefix.js';
import { normalizeDocument } from '../../shared/identifiers/index.js';

describe('new-alert draft: a document number typed with its prefix', () => {
  it('sets the type the prefix names and its country', () => {
    const doc = { type: 'DNI', country: 'AR', number: '' };
    const typed = { ...doc, ...numberTyped(doc, 'C.I. N° 4.567.890') };
    expect(typed).to.deep.equal({ type: 'CI', country: 'PY', number: 'C.I. N° 4.567.890' });
    expect(normalizeDocument(typed)).to.include({ ok: true, type: 'CI', normalized: '4567890' });
    expect(numberTyped({ type: 'CI', country: 'PY', number: '' }, 'RUC 80028061-0')).to.deep.equal({
      type: 'RUC',
      country: 'PY',
      number: 'RUC 80028061-0',
    });
    expect(numberTyped({ type: 'CI', country: 'PY', number: '' }, 'D.N.I. Nº 41222333')).to.include({ type: 'DNI', country: 'AR' });
  });

  it('a passport keeps the country chosen: any country issues one', () => {
    expect(numberTyped({ type: 'DNI', country: 'BR', number: '' }, 'pasaporte FN123456')).to.deep.equal({
      type: 'passport',
      number: 'pasaporte FN123456',
    });
  });

  it('changes nothing but the number without a prefix, for a prefix naming the chosen type, or under "other"', () => {
    expect(numberTyped({ type: 'DNI', country: 'AR', number: '' }, '41.222.333')).to.deep.equal({ number: '41.222.333' });
    expect(numberTyped({ type: 'CI', country: 'PY', number: '' }, 'CI 4567890')).to.deep.equal({ number: 'CI 4567890' });
    expect(numberTyped({ type: 'CUIL', country: 'AR', number: '' }, 'CUIT 20-30123456-3')).to.deep.equal({ number: 'CUIT 20-30123456-3' });
    expect(numberTyped({ type: 'other', country: 'AR', number: '' }, 'CI 4567890')).to.deep.equal({ number: 'CI 4567890' });
    expect(numberTyped({ type: 'DNI', country: 'AR', number: '' }, 'tel. 0981 123 456')).to.deep.equal({ number: 'tel. 0981 123 456' });
    expect(numberTyped({ type: 'DNI', country: 'AR', number: '' }, 'Cintia')).to.deep.equal({ number: 'Cintia' });
  });
});
