import { expect } from 'chai';
import {
  auditHash,
  auditMac,
  auditText,
  auditTextParts,
  canonicalJson,
  escapeLogText,
  MAX_STRING,
  sanitizeDetails,
  ZERO_HASH,
} from '../../server/platform/auditTrail/canonical.js';
import { auditKeyId } from '../../server/platform/auditTrail/auditKeys.js';

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

describe('audit hash: a pinned known answer', () => {
  // Computed independently (Python: json.dumps(sort_keys=True, separators=(',', ':'),
  // ensure_ascii=False), then SHA-256). Changing the canonical form breaks every stored chain.
  const fields = {
    seq: 1,
    at: '2026-11-28T12:00:00.000Z',
    actorId: 'u1',
    actorAgencyId: 'a1',
    action: 'search.query',
    targetType: null,
    targetId: null,
    outcome: 'success' as const,
    ip: '127.0.0.1',
    requestId: 'r-1',
    details: { q: 'María Ñandú', n: [3, 1, 2], z: { b: true, a: null } },
    prevHash: ZERO_HASH,
  };

  it('hashes the canonical form of exactly the covered fields', () => {
    expect(canonicalJson(fields)).to.equal(
      '{"action":"search.query","actorAgencyId":"a1","actorId":"u1","at":"2026-11-28T12:00:00.000Z",' +
        '"details":{"n":[3,1,2],"q":"María Ñandú","z":{"a":null,"b":true}},"ip":"127.0.0.1","outcome":"success",' +
        `"prevHash":"${ZERO_HASH}","requestId":"r-1","seq":1,"targetId":null,"targetType":null}`,
    );
    expect(auditHash(fields)).to.equal('fd877fd058170dc54bec37465754028fcbb99999461a8d30d089c5e9d96b0739');
  });

  it('ignores fields outside the hashed set (a DTO carrying its own hash hashes the same)', () => {
    expect(auditHash({ ...fields, hash: 'x', _id: 1 } as typeof fields)).to.equal(auditHash(fields));
  });

  it('keys the same form with its key id under HMAC-SHA-256 (Python: hmac.new(key, canonical, sha256))', () => {
    const key = Buffer.alloc(32, 0x42);
    // sha256(b"puente audit key id\0" + key)[:16 hex]: a stored key id names its key for ever.
    expect(auditKeyId(key)).to.equal('1959d8e92968f918');
    expect(auditMac(fields, key, auditKeyId(key))).to.equal('0d3bf4d037bd99d969a7d30b6bc013c7c740eed7e95e361770c7007d6e450a4d');
    expect(auditMac(fields, key, 'another-key-id')).to.not.equal(auditMac(fields, key, auditKeyId(key)));
    expect(auditMac({ ...fields, hash: 'x', _id: 1 } as typeof fields, key, auditKeyId(key))).to.equal(
      auditMac(fields, key, auditKeyId(key)),
    );
  });

  it('escapes JSON-special characters and keeps non-BMP characters exact', () => {
    expect(canonicalJson({ s: 'a"b\\c\u0001', e: '😀' })).to.equal('{"e":"😀","s":"a\\"b\\\\c\\u0001"}');
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

  it('escapes C1 controls and Unicode line separators; top-level text keeps null', () => {
    expect(escapeLogText('a\u0085b\u2028c')).to.equal('a\\u0085b\\u2028c');
    expect(auditText(null)).to.equal(null);
    expect(auditText(undefined)).to.equal(null);
    expect(auditText('id\n1')).to.equal('id\\n1');
  });

  it('never leaves a lone surrogate (UTF-8 cannot store it, so the hash would not survive)', () => {
    expect(escapeLogText('x\uD800y\uDC00z')).to.equal('x\uFFFDy\uFFFDz');
    expect(escapeLogText(`${'a'.repeat(999)}😀`)).to.equal(`${'a'.repeat(999)}…`);
    expect(escapeLogText('😀'.repeat(3))).to.equal('😀😀😀');
  });

  it('rewrites shapes the store refuses: nested arrays, non-finite numbers, bigint, toJSON values', () => {
    const objectIdLike = { toJSON: () => '65a1b2c3d4e5f6a7b8c9d0e1', buffer: new Uint8Array(12) };
    const out = sanitizeDetails({
      grid: [
        [1, 2],
        [3, [4]],
      ],
      inf: Infinity,
      n: 2n ** 64n,
      id: objectIdLike,
      fn: () => 1,
      '': 'empty key',
    });
    expect(out).to.deep.equal({
      grid: ['[1,2]', '[3,[4]]'],
      inf: null,
      n: '18446744073709551616',
      id: '65a1b2c3d4e5f6a7b8c9d0e1',
      '(empty)': 'empty key',
    });
  });

  it('bounds the number of keys and of values overall, and wraps a non-object', () => {
    const wide = Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(sanitizeDetails(wide))).to.have.length(50);
    const big = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, Array.from({ length: 50 }, (_, j) => j)]));
    expect(JSON.stringify(sanitizeDetails(big)).match(/\d+/g)!.length).to.be.below(600);
    expect(sanitizeDetails(['a'] as unknown as Record<string, unknown>)).to.deep.equal({ value: ['a'] });
  });

  it('keeps a long text whole as parts that each fit (a hidden note, issue #23 F5)', () => {
    const text = `${'€'.repeat(2500)}\n${'😀'.repeat(1200)}\u0000fin`;
    const parts = auditTextParts(text);
    expect(parts.length).to.be.greaterThan(3);
    expect(parts.join('')).to.equal(text);
    const stored = sanitizeDetails({ parts }).parts as string[];
    for (const p of stored) expect(p.length).to.be.at.most(MAX_STRING);
    expect(stored.join('')).to.equal(escapeLogText(text, Infinity));
    expect(auditTextParts('')).to.deep.equal(['']);
  });
});
