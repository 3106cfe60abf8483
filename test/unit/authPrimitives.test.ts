import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { pickLanguage } from '../../shared/i18n/messages.js';
import { findUnsafeInput } from '../../server/platform/http/validation.js';
import { checkPassword } from '../../server/identity/auth/passwordPolicy.js';
import { hashPassword, verifyPassword } from '../../server/platform/crypto/passwordHash.js';
import { open, seal } from '../../server/platform/crypto/secretBox.js';

describe('password policy', () => {
  const email = 'maria.benitez@fiscalia.gov.py';
  const cases: Array<[string, string | null]> = [
    ['corto-1', 'too_short'],
    ['password1234', 'too_common'],
    ['123456789012', 'too_common'],
    ['qwertyuiopas', 'too_common'],
    ['contraseña123', 'too_common'],
    ['maria.benitez2026', 'contains_email'],
    ['MARIA.BENITEZ-seguro!', 'contains_email'],
    ['Tres tristes tigres en el Pilcomayo', null],
    ['correct horse battery staple', null],
    ['ñandutí-de-itauguá-azul-9', null],
  ];
  for (const [password, expected] of cases) {
    it(`${JSON.stringify(password)} → ${expected ?? 'accepted'}`, async () => {
      expect(await checkPassword(password, email)).to.equal(expected);
    });
  }
  it('counts characters, not bytes, and never truncates long passwords', async () => {
    const long = `${'ñ'.repeat(5)}${randomBytes(100).toString('hex')}`;
    const hash = await hashPassword(long);
    expect(await verifyPassword(long, hash)).to.equal(true);
    expect(await verifyPassword(long.slice(0, -1), hash)).to.equal(false);
  });
});

describe('password hashing (scrypt)', () => {
  it('uses a per-user salt and verifies only the right password', async () => {
    const a = await hashPassword('misma-clave-larga-123');
    const b = await hashPassword('misma-clave-larga-123');
    expect(a).to.match(/^scrypt\$32768\$8\$1\$/);
    expect(a).to.not.equal(b);
    expect(await verifyPassword('misma-clave-larga-123', a)).to.equal(true);
    expect(await verifyPassword('misma-clave-larga-124', a)).to.equal(false);
    expect(await verifyPassword('x', 'garbage')).to.equal(false);
  });
});

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);
  it('round-trips and hides the plaintext', () => {
    const sealed = seal('JBSWY3DPEHPK3PXPJBSWY3DP', key);
    expect(sealed).to.not.contain('JBSWY3DP');
    expect(open(sealed, key)).to.equal('JBSWY3DPEHPK3PXPJBSWY3DP');
  });
  it('refuses a tampered value or a wrong key', () => {
    const sealed = seal('secret', key);
    const parts = sealed.split('.');
    parts[3] = Buffer.from('XXXXXX').toString('base64url');
    expect(() => open(parts.join('.'), key)).to.throw();
    expect(() => open(sealed, randomBytes(32))).to.throw();
  });
});

describe('input safety', () => {
  it('finds $-keys, dotted keys, prototype keys and NULs at any depth', () => {
    expect(findUnsafeInput({ a: { b: [{ $where: 1 }] } })).to.deep.equal({ path: 'a.b.0.$where', message: 'key not allowed' });
    expect(findUnsafeInput({ 'x.y': 1 })?.path).to.equal('x.y');
    expect(findUnsafeInput(JSON.parse('{"__proto__": {"admin": true}}'))?.path).to.equal('__proto__');
    expect(findUnsafeInput({ constructor: { prototype: {} } })?.path).to.equal('constructor');
    expect(findUnsafeInput({ s: ['ok', 'bad\u0000'] })?.path).to.equal('s.1');
    expect(findUnsafeInput({ name: 'María José', n: 3, list: [1, 2] })).to.equal(null);
  });
});

describe('language choice', () => {
  it('prefers the user, then Accept-Language, then Spanish', () => {
    expect(pickLanguage('en-US,en;q=0.9', 'es')).to.equal('es');
    expect(pickLanguage('en-US,en;q=0.9')).to.equal('en');
    expect(pickLanguage('pt-BR,en;q=0.5,es;q=0.8')).to.equal('es');
    expect(pickLanguage('gn')).to.equal('es');
    expect(pickLanguage(undefined)).to.equal('es');
  });
});
