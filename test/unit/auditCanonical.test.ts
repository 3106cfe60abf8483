import { expect } from 'chai';
import { auditHash, canonicalJson, escapeLogText, sanitizeDetails, ZERO_HASH } from '../../server/services/audit/canonical.js';

describe('audit canonical form', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1, { z: 1, y: 2 }], c: null } })).to.equal('{"a":{"c":null,"d":[3,1,{"y":2,"z":1}]},"b":1}');
  });

  it('does not depend on key insertion order', () => {
    const a = { seq: 1, action: 'x', details: { q: 'María', n: 2 } };
    const b = { details: { n: 2, q: 'María' }, action: 'x', seq: 1 };
    expect(canonicalJson(a)).to.equal(canonicalJson(b));
  });

  it('keeps unicode exact and drops undefined members', () => {
    expect(canonicalJson({ name: 'Ñeembucú — “Pilar”', gone: undefined })).to.equal('{"name":"Ñeembucú — “Pilar”"}');
  });

  it('changes the hash when any covered field changes', () => {
    const fields = {
      seq: 7,
      at: '2026-11-28T12:00:00.000Z',
      actorId: 'u1',
      actorAgencyId: 'a1',
      action: 'alert.view',
      targetType: 'alert',
      targetId: 'x',
      outcome: 'success' as const,
      ip: '127.0.0.1',
      requestId: 'r',
      details: {},
      prevHash: ZERO_HASH,
    };
    const h = auditHash(fields);
    expect(h).to.match(/^[0-9a-f]{64}$/);
    expect(auditHash({ ...fields, seq: 8 })).to.not.equal(h);
    expect(auditHash({ ...fields, outcome: 'failure' })).to.not.equal(h);
    expect(auditHash({ ...fields, details: { a: 1 } })).to.not.equal(h);
  });
});

describe('audit value escaping (log injection)', () => {
  it('makes CR/LF and other control characters visible', () => {
    expect(escapeLogText('ok\r\n2026-11-28 INFO admin logged in')).to.equal('ok\\r\\n2026-11-28 INFO admin logged in');
    expect(escapeLogText('a\u0000b\u001bc')).to.equal('a\\u0000b\\u001bc');
  });

  it('bounds strings, depth and refuses store-hostile keys', () => {
    const out = sanitizeDetails({
      long: 'x'.repeat(5000),
      $where: 1,
      'a.b': 2,
      deep: { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } },
    }) as Record<string, unknown>;
    expect((out.long as string).length).to.be.at.most(1001);
    expect(Object.keys(out).some((k) => k.startsWith('$') || k.includes('.'))).to.equal(false);
    expect(JSON.stringify(out)).to.contain('[depth]');
  });
});
