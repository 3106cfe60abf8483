import { expect } from 'chai';
import { documentSearchKeys } from '../../shared/identifiers/index.js';
import type { CreateAlertInput } from '../../shared/schemas/alerts.js';
import type { AlertDoc } from '../../server/alerts/Alert.js';
import { normalizeAlertContent } from '../../server/alerts/normalize.js';
import { documentKeys, key, keysOfAlert } from '../../server/alerts/copy/indexKeys.js';

/** Document keys of an alert with one suspect carrying these documents, as stored and indexed. */
function indexedDocumentKeys(documents: Array<{ type: string; country?: string; number: string }>): string[] {
  const input = { subjects: [{ role: 'suspect', givenNames: 'Ana', familyNames: 'Ríos', documents }] } as unknown as CreateAlertInput;
  const content = normalizeAlertContent(input, 'PY');
  const alert = { ...content, sensitivity: 'normal' } as unknown as Pick<
    AlertDoc,
    'subjects' | 'phonesNormalized' | 'vehicles' | 'sensitivity'
  >;
  return [...keysOfAlert(alert).keys()].filter((k) => k.startsWith('doc:')).sort();
}

describe('alert normalisation and the search index agree on document normal forms', () => {
  it('a compact RUC and a dashed one are stored and indexed under the same keys', () => {
    const compact = indexedDocumentKeys([{ type: 'RUC', country: 'PY', number: '800280610' }]);
    expect(compact).to.deep.equal(['doc:80028061', 'doc:800280610']);
    expect(indexedDocumentKeys([{ type: 'RUC', country: 'PY', number: '80028061–0' }])).to.deep.equal(compact);
    const content = normalizeAlertContent(
      { subjects: [{ role: 'suspect', documents: [{ type: 'RUC', country: 'PY', number: '800280610' }] }] } as unknown as CreateAlertInput,
      'PY',
    );
    expect(content.subjects[0]?.documents?.[0]?.normalized).to.equal('80028061');
  });

  it("a person's RUC (compact or dashed) shares the key of their cédula, and of an Argentine search for it", () => {
    const ci = indexedDocumentKeys([{ type: 'CI', country: 'PY', number: '1.068.460' }]);
    expect(ci).to.deep.equal(['doc:1068460']);
    for (const number of ['10684603', '1068460-3', '1068460 3']) {
      expect(indexedDocumentKeys([{ type: 'RUC', country: 'PY', number }])).to.include(key.document('1068460'));
    }
    expect(documentSearchKeys('1.068.460')).to.include('1068460');
    expect(documentSearchKeys('10684603')).to.include('10684603');
  });

  it('a foreign-entity CUIT is stored and indexed, with no DNI inside', () => {
    expect(indexedDocumentKeys([{ type: 'CUIT', country: 'AR', number: '55-00000430-7' }])).to.deep.equal(['doc:55000004307']);
  });

  it('a stored document is indexed under its recomputed normal form, the stored one only when it no longer parses', () => {
    // Stored before compact RUCs were read: the whole string was taken as the base (a wrong CI).
    expect(documentKeys({ type: 'RUC', country: 'PY', number: '10684603', normalized: '10684603' })).to.deep.equal(['1068460', '10684603']);
    // Stored as a bare base, which is now refused: kept searchable under what was stored.
    expect(documentKeys({ type: 'RUC', country: 'PY', number: '4567890', normalized: '4567890' })).to.deep.equal(['4567890']);
    expect(documentKeys({ type: 'CUIL', country: 'AR', number: '20-3012345-6', normalized: null })).to.deep.equal([]);
  });
});
