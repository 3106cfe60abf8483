import { expect } from 'chai';
import type { Actor } from '../../server/platform/actor.js';
import { can, contactAbilities } from '../../server/directory/contact.policy.js';
import { contactRank, derivedFields, isStale, normalizePhones } from '../../server/directory/contactFields.js';
import { looksLikePhone } from '../../server/directory/contactSearch.js';
import { escapeRegex, fold, foldedWords } from '../../server/directory/fold.js';
import { DomainError } from '../../server/platform/errors.js';

const actor = (roles: Actor['roles'], agencyId = 'A'): Actor => ({ id: 'me', agencyId, country: 'AR', roles, agencyKind: 'police' });

describe('contact policy', () => {
  const WRITES = ['create', 'update', 'delete', 'verify'] as const;

  it('every signed-in role lists, reads and exports', () => {
    for (const roles of [['officer'], ['prosecutor'], ['agency_admin'], ['system_admin']] as Actor['roles'][]) {
      for (const action of ['list', 'read', 'export'] as const) expect(can(actor(roles), action)).to.equal(true);
    }
  });

  it('agency admins write their own agency only; system admins any; others none', () => {
    for (const action of WRITES) {
      expect(can(actor(['agency_admin']), action, { agencyId: 'A' })).to.equal(true);
      expect(can(actor(['agency_admin']), action, { agencyId: 'B' })).to.equal(false);
      expect(can(actor(['system_admin']), action, { agencyId: 'B' })).to.equal(true);
      expect(can(actor(['officer', 'prosecutor']), action, { agencyId: 'A' })).to.equal(false);
      expect(can(actor(['system_admin']), action), 'a write names its agency').to.equal(false);
    }
    expect(contactAbilities(actor(['officer']), { agencyId: 'A' })).to.deep.equal({ edit: false, delete: false, verify: false });
  });
});

describe('directory search fields', () => {
  it('folds accents, case and punctuation (foldName of shared/identifiers)', () => {
    expect(fold('  ÑEEMBUCÚ   Pilar ')).to.equal('neembucu pilar');
    expect(fold('División Trata — Asunción')).to.equal('division trata asuncion');
    expect(foldedWords('  Güira  ÁLVAREZ ')).to.deep.equal(['guira', 'alvarez']);
    expect(fold('Guardia — Paso San Ignacio')).to.equal('guardia paso san ignacio');
    expect(new RegExp(escapeRegex('a(b).*[c]')).test('xa(b).*[c]y')).to.equal(true);
  });

  it('ranks desks before people and 24 h lines first', () => {
    const p = (is24h: boolean) => [{ number: '1', e164: '+1', is24h, whatsapp: false }];
    expect([contactRank({ kind: 'desk', phones: p(true) }), contactRank({ kind: 'desk', phones: p(false) })]).to.deep.equal([0, 1]);
    expect([contactRank({ kind: 'person', phones: p(true) }), contactRank({ kind: 'person', phones: [] })]).to.deep.equal([2, 3]);
  });

  it('normalises phones with the agency country and names every bad one', () => {
    const ok = normalizePhones([{ number: '(0370) 15-4412345', is24h: true, whatsapp: false }], 'AR');
    expect(ok[0]).to.deep.equal({ number: '(0370) 15-4412345', e164: '+5493704412345', is24h: true, whatsapp: false });
    expect(normalizePhones([{ number: '0981 555 101', is24h: false, whatsapp: true }], 'PY')[0]?.e164).to.equal('+595981555101');
    try {
      normalizePhones(
        [
          { number: '12', is24h: false, whatsapp: false },
          { number: '(0370) 15-4412345', is24h: false, whatsapp: false },
          { number: '+5493704412345', is24h: false, whatsapp: false },
        ],
        'AR',
      );
      expect.fail('should throw');
    } catch (err) {
      expect(err).to.be.instanceOf(DomainError);
      expect((err as DomainError).details?.map((d) => d.path)).to.deep.equal(['phones.0.number', 'phones.2.number']);
    }
  });

  it('derives search text, E.164 list and staleness', () => {
    const d = derivedFields({
      kind: 'desk',
      name: 'Guardia de Trata — División Clorinda',
      unit: 'División Trata',
      position: null,
      phones: [{ number: 'x', e164: '+5493704412345', is24h: true, whatsapp: false }],
      emails: [],
    });
    expect(d).to.deep.include({ e164s: ['+5493704412345'], rank: 0, nameKey: 'guardia de trata division clorinda' });
    expect(d.searchText).to.equal('guardia de trata division clorinda division trata');
    const now = new Date('2026-11-28T12:00:00Z');
    expect(isStale(new Date(now.getTime() - 181 * 86_400_000), now)).to.equal(true);
    expect(isStale(new Date(now.getTime() - 179 * 86_400_000), now)).to.equal(false);
  });

  it('treats only phone-shaped queries as phones', () => {
    expect(['+54 9 370 441-2345', '0370 154412345', '3704412345'].every(looksLikePhone)).to.equal(true);
    expect(['clorinda', '0370', 'Av. 25 de Mayo 123456'].some(looksLikePhone)).to.equal(false);
  });
});
