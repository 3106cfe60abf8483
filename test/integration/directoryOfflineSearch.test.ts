/**
 * The browser's offline directory search (client/src/screens/directory/localSearch.ts) over a copy
 * downloaded from the API gives the server's answer for every query and filter: a device without a
 * connection finds what it would have found online.
 */
import { expect } from 'chai';
import type { ContactDto } from '../../shared/dto/contact.js';
import type { ContactFilters } from '../../client/src/api/contacts.js';
import { searchCopy } from '../../client/src/screens/directory/localSearch.js';
import type { PuenteServer } from '../../server/server.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

describe('offline directory search matches the server', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let copy: ContactDto[];
  let shortNames: Record<string, string>;
  const filterSets: ContactFilters[] = [];

  const params = (f: ContactFilters) =>
    new URLSearchParams(
      Object.entries({ ...f, h24: f.h24 ? 'true' : undefined, limit: '100' }).filter((e): e is [string, string] => !!e[1]),
    ).toString();

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const formosa = await buildAgency({ country: 'AR', name: 'Policía de la Provincia de Formosa', shortName: 'Policía de Formosa' });
    const gendarmeria = await buildAgency({ country: 'AR', name: 'Gendarmería Nacional — Escuadrón Clorinda', kind: 'gendarmerie' });
    const py = await buildAgency({ country: 'PY', name: 'Policía Nacional — División de Trata de Personas', shortName: 'PN-DTP' });
    officer = await signIn(server.url, await buildUser({ agency: py, roles: ['officer'], mfa: true }));
    await buildContact(formosa, {
      name: 'Guardia de Trata — División Clorinda',
      unit: 'División Trata de Personas',
      phones: [{ number: '(0370) 15-4412345', is24h: true, whatsapp: true }],
      languages: ['es', 'gn'],
    });
    await buildContact(formosa, {
      kind: 'person',
      name: 'Ana Núñez',
      position: 'Jefa de guardia',
      phones: [{ number: '(0370) 455-5001', is24h: false, whatsapp: false }],
    });
    await buildContact(gendarmeria, {
      name: 'Guardia — Paso San Ignacio',
      languages: ['es', 'pt'],
      phones: [{ number: '(03718) 42-5550', is24h: true, whatsapp: false }],
    });
    await buildContact(py, {
      name: 'Guardia de Trata — Asunción',
      phones: [
        { number: '0981 555 123', is24h: true, whatsapp: true },
        { number: '(021) 555-104', is24h: false, whatsapp: false },
      ],
      languages: ['es', 'gn'],
    });
    await buildContact(py, { name: 'Enlace Pilar — Ñeembucú', languages: ['gn'], phones: [], emails: ['enlace@example.org'] });
    copy = (await officer.get('/api/v1/contacts?limit=100').expect(200)).body.items;
    const agencies = (await officer.get('/api/v1/agencies').expect(200)).body.items as Array<{ id: string; shortName: string }>;
    shortNames = Object.fromEntries(agencies.map((a) => [a.id, a.shortName]));
    const queries = [
      '',
      '+54 9 370 441-2345',
      '0370 154412345',
      '3704412345',
      '00 595 981 555 123',
      '0981-555123',
      '+595 (981) 555 123',
      '021 555 104',
      'division clorinda',
      'DIVISIÓN TRATA',
      'neembucu',
      'nunez',
      'jefa guardia',
      'gendarmeria',
      'policia formosa ana',
      'asuncion',
      '.*',
      'zz(z',
      '555',
      'pn-dtp guardia',
    ];
    for (const q of queries) filterSets.push({ q });
    filterSets.push({ country: 'PY' }, { language: 'gn' }, { h24: true }, { q: 'guardia', country: 'AR', h24: true });
    filterSets.push({ agencyId: String(gendarmeria._id) }, { q: 'guardia', language: 'pt' });
  });
  after(() => server.stop());

  it('finds the same contacts, in the same order, for every query and filter', async () => {
    for (const f of filterSets) {
      const online = (await officer.get(`/api/v1/contacts?${params(f)}`).expect(200)).body.items as ContactDto[];
      const offline = await searchCopy(copy, f, 'PY', shortNames);
      expect(
        offline.map((c) => c.name),
        JSON.stringify(f),
      ).to.deep.equal(online.map((c) => c.name));
    }
    // Not vacuous: an agency's short name, and a phone typed the other country's way, find their contact.
    expect((await searchCopy(copy, { q: 'pn-dtp guardia' }, 'PY', shortNames)).map((c) => c.name)).to.deep.equal([
      'Guardia de Trata — Asunción',
    ]);
    expect((await searchCopy(copy, { q: '00 595 981 555 123' }, 'AR')).map((c) => c.name)).to.deep.equal(['Guardia de Trata — Asunción']);
  });
});
