import { expect } from 'chai';
import { normalizePhone, normalizePhoneEitherCountry, phoneSearchKeys } from '../../../shared/identifiers/index.js';

/** [typed, default country, E.164] — as officers on each side of the border write numbers. */
const CASES: Array<[string, 'AR' | 'PY', string]> = [
  ['(0370) 15-4412345', 'AR', '+5493704412345'],
  ['0370 15 4412345', 'AR', '+5493704412345'],
  ['0370-154412345', 'AR', '+5493704412345'],
  ['0370 154412345', 'AR', '+5493704412345'],
  ['+54 9 370 441-2345', 'AR', '+5493704412345'],
  ['+54 370 15 441-2345', 'AR', '+5493704412345'],
  ['0054 9 370 4412345', 'AR', '+5493704412345'],
  ['+5493704412345', 'PY', '+5493704412345'],
  ['03718 15 412345', 'AR', '+5493718412345'],
  ['(03718) 15-412345', 'AR', '+5493718412345'],
  ['011 15 1234-5678', 'AR', '+5491112345678'],
  ['(011) 15 1234 5678', 'AR', '+5491112345678'],
  ['+54 9 11 1234-5678', 'AR', '+5491112345678'],
  ['(0370) 442-1234', 'AR', '+543704421234'],
  ['0370 4421234', 'AR', '+543704421234'],
  ['+54 370 442 1234', 'AR', '+543704421234'],
  ['(03718) 42-1234', 'AR', '+543718421234'],
  ['011 4321-5678', 'AR', '+541143215678'],
  ['0981 123 456', 'PY', '+595981123456'],
  ['0981-123-456', 'PY', '+595981123456'],
  ['0981123456', 'PY', '+595981123456'],
  ['+595 981 123456', 'PY', '+595981123456'],
  ['+595 981 123 456', 'AR', '+595981123456'],
  ['00595 981 123456', 'AR', '+595981123456'],
  ['595981123456', 'PY', '+595981123456'],
  ['0971 555 666', 'PY', '+595971555666'],
  ['0991 777 888', 'PY', '+595991777888'],
  ['0961 222 333', 'PY', '+595961222333'],
  ['(021) 123 456', 'PY', '+59521123456'],
  ['021 612 345', 'PY', '+59521612345'],
  ['+595 21 612345', 'AR', '+59521612345'],
  ['(071) 204 123', 'PY', '+59571204123'],
  ['(0336) 272 123', 'PY', '+595336272123'],
];

describe('phones → E.164', () => {
  for (const [typed, country, e164] of CASES) {
    it(`${typed} (${country}) → ${e164}`, () => {
      const r = normalizePhone(typed, country);
      expect(r, JSON.stringify(r)).to.deep.include({ ok: true, e164 });
    });
  }

  for (const bad of ['', 'sin número', '12', '+54 9', '0981 12', '++595', '1234567890123456789']) {
    it(`refuses ${JSON.stringify(bad)}`, () => expect(normalizePhone(bad, 'AR').ok).to.equal(false));
  }

  it('a Paraguayan mobile typed locally on an Argentine alert is still understood', () => {
    expect(normalizePhoneEitherCountry('0981 123 456', 'AR')).to.deep.include({ ok: true, e164: '+595981123456' });
  });

  it('search keys cover both countries and the Argentine mobile written without 9/15', () => {
    expect(phoneSearchKeys('0981123456', 'AR')).to.include('+595981123456');
    expect(phoneSearchKeys('3704412345', 'AR')).to.include.members(['+543704412345', '+5493704412345']);
  });
});
