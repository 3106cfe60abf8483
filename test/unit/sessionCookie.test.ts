import { expect } from 'chai';
import signature from 'cookie-signature';
import { signedSessionId } from '../../server/identity/sessions/sessionEarlyRead.js';

/** The cookie value express-session sets: `s:` + the signed id, URL-encoded. */
const cookieOf = (name: string, sid: string, secret: string) => `${name}=${encodeURIComponent(`s:${signature.sign(sid, secret)}`)}`;

describe('signedSessionId (the session id a request may have its session read for early)', () => {
  const secret = 'a-session-secret-of-enough-length-0123456789';

  it('reads the id of a cookie signed with the secret, among other cookies', () => {
    expect(signedSessionId(`lang=es; ${cookieOf('puente.sid', 'abc-123_XYZ', secret)}; theme=dark`, 'puente.sid', [secret])).to.equal(
      'abc-123_XYZ',
    );
  });

  it('accepts any of the secrets (rotation)', () => {
    expect(signedSessionId(cookieOf('puente.sid', 'old', 'the-previous-secret'), 'puente.sid', [secret, 'the-previous-secret'])).to.equal(
      'old',
    );
  });

  it('refuses a forged signature, another secret, an unsigned value, another name and no cookie', () => {
    const valid = cookieOf('puente.sid', 'abc', secret);
    const forged = valid.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(signedSessionId(forged, 'puente.sid', [secret])).to.equal(null);
    expect(signedSessionId(cookieOf('puente.sid', 'abc', 'another-secret'), 'puente.sid', [secret])).to.equal(null);
    expect(signedSessionId('puente.sid=abc', 'puente.sid', [secret])).to.equal(null);
    expect(signedSessionId(valid, '__Host-puente.sid', [secret])).to.equal(null);
    expect(signedSessionId(undefined, 'puente.sid', [secret])).to.equal(null);
    expect(signedSessionId('', 'puente.sid', [secret])).to.equal(null);
  });
});
