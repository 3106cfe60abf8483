import { expect } from 'chai';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import type { ApiClient } from '../helpers/apiClient.js';
import { signIn } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Contact } from '../helpers/models.js';

interface Item {
  id: string;
  name: string;
  kind: string;
  country: string;
  phones: Array<{ is24h: boolean }>;
}

describe('contacts search: accents, case, agency, phone formats, filters, order, pages', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let formosa: AgencyDoc;
  let gendarmeria: AgencyDoc;
  let py: AgencyDoc;
  let guardia: string;

  const search = async (query: string): Promise<Item[]> => (await officer.get(`/api/v1/contacts?${query}`).expect(200)).body.items;
  const names = (items: Item[]) => items.map((i) => i.name);

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    formosa = await buildAgency({ country: 'AR', name: 'Policía de la Provincia de Formosa', shortName: 'Policía de Formosa' });
    gendarmeria = await buildAgency({ country: 'AR', name: 'Gendarmería Nacional — Escuadrón Clorinda', kind: 'gendarmerie' });
    py = await buildAgency({ country: 'PY', name: 'Policía Nacional — División de Trata de Personas' });
    officer = await signIn(server.url, await buildUser({ agency: py, roles: ['officer'], mfa: true }));
    guardia = (
      await buildContact(formosa, {
        name: 'Guardia de Trata — División Clorinda',
        unit: 'División Trata de Personas',
        phones: [{ number: '(0370) 15-4412345', is24h: true, whatsapp: true }],
        languages: ['es', 'gn'],
      })
    ).id;
    await buildContact(formosa, {
      kind: 'person',
      name: 'Ana Núñez',
      position: 'Jefa de guardia',
      phones: [{ number: '(0370) 455-5001', is24h: false, whatsapp: false }],
    });
    await buildContact(formosa, {
      kind: 'person',
      name: 'Zoilo Acuña',
      phones: [{ number: '(0370) 15-5550011', is24h: true, whatsapp: false }],
    });
    await buildContact(gendarmeria, {
      kind: 'desk',
      name: 'Mesa de entradas',
      phones: [{ number: '(03718) 42-5551', is24h: false, whatsapp: false }],
    });
    await buildContact(gendarmeria, {
      kind: 'desk',
      name: 'Guardia — Paso San Ignacio',
      languages: ['es', 'pt'],
      phones: [{ number: '(03718) 42-5550', is24h: true, whatsapp: false }],
    });
    await buildContact(py, {
      kind: 'desk',
      name: 'Enlace Pilar — Ñeembucú',
      languages: ['gn'],
      phones: [{ number: '(0786) 555-104', is24h: true, whatsapp: false }],
    });
  });
  after(() => server.stop());

  it('stores a phone typed the local way in E.164', async () => {
    const doc = await Contact.findById(guardia).lean();
    expect(doc?.phones[0]).to.include({ number: '(0370) 15-4412345', e164: '+5493704412345' });
  });

  it('finds it by any of its formats, even from a Paraguayan account', async () => {
    for (const q of ['+54 9 370 441-2345', '0370 154412345', '3704412345', '(0370) 15-4412345', '+5493704412345']) {
      const items = await search(`q=${encodeURIComponent(q)}`);
      expect(
        items.map((i) => i.id),
        q,
      ).to.deep.equal([guardia]);
    }
  });

  it('ignores accents and case in name, unit, position and agency name', async () => {
    expect(names(await search('q=division%20clorinda'))).to.deep.equal(['Guardia de Trata — División Clorinda']);
    expect(names(await search(`q=${encodeURIComponent('DIVISIÓN TRATA')}`))).to.include('Guardia de Trata — División Clorinda');
    expect(names(await search('q=neembucu'))).to.deep.equal(['Enlace Pilar — Ñeembucú']);
    expect(names(await search(`q=${encodeURIComponent('ÑEEMBUCÚ')}`))).to.deep.equal(['Enlace Pilar — Ñeembucú']);
    expect(names(await search('q=nunez'))).to.deep.equal(['Ana Núñez']);
    expect(names(await search('q=jefa%20guardia'))).to.deep.equal(['Ana Núñez']);
    // By agency: "gendarmeria" is in no contact's own text, only in its agency's name.
    expect(names(await search('q=gendarmeria')).sort()).to.deep.equal(['Guardia — Paso San Ignacio', 'Mesa de entradas']);
    expect(names(await search('q=policia%20formosa%20zoilo'))).to.deep.equal(['Zoilo Acuña']);
    expect(await search('q=.*')).to.deep.equal([]);
    expect(await search(`q=${encodeURIComponent('zz(z')}`)).to.deep.equal([]);
  });

  it('filters by agency, country and language', async () => {
    expect(new Set((await search(`agencyId=${gendarmeria._id}`)).map((i) => i.name))).to.deep.equal(
      new Set(['Mesa de entradas', 'Guardia — Paso San Ignacio']),
    );
    expect((await search('country=PY')).map((i) => i.country)).to.deep.equal(['PY']);
    expect(names(await search('language=gn')).sort()).to.deep.equal(['Enlace Pilar — Ñeembucú', 'Guardia de Trata — División Clorinda']);
    expect(names(await search('language=pt&country=AR'))).to.deep.equal(['Guardia — Paso San Ignacio']);
    expect(names(await search('h24=true&country=AR'))).to.deep.equal([
      'Guardia de Trata — División Clorinda',
      'Guardia — Paso San Ignacio',
      'Zoilo Acuña',
    ]);
    expect(await search('h24=false&country=AR')).to.have.length(5);
    await officer.get('/api/v1/contacts?h24=yes').expect(400);
    await officer.get('/api/v1/contacts?language=fr').expect(400);
    await officer.get('/api/v1/contacts?country=BR').expect(400);
    await officer.get('/api/v1/contacts?limit=101').expect(400);
    await officer.get('/api/v1/contacts?cursor=bm9wZQ').expect(400);
  });

  it('lists desks first, 24 h lines first, then by name ignoring accents', async () => {
    const items = await search('country=AR');
    expect(names(items)).to.deep.equal([
      // Punctuation reads as a space: "guardia de trata…" before "guardia paso…".
      'Guardia de Trata — División Clorinda',
      'Guardia — Paso San Ignacio',
      'Mesa de entradas',
      'Zoilo Acuña',
      'Ana Núñez',
    ]);
  });

  it('pages with an opaque cursor in the same order', async () => {
    const all = names(await search('limit=100'));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Item[]; nextCursor: string | null } } = await officer
        .get(`/api/v1/contacts?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      expect(res.body.items.length).to.be.at.most(2);
      paged.push(...names(res.body.items));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(paged).to.deep.equal(all);
    expect(all).to.have.length(6);
  });

  it('an edit keeps the search fields current', async () => {
    const admin = await signIn(server.url, await buildUser({ agency: formosa, roles: ['agency_admin'], mfa: true }));
    const zoilo = (await search('q=zoilo'))[0]!;
    await admin
      .patch(`/api/v1/contacts/${zoilo.id}`, { name: 'Zoilo Ñandú', kind: 'desk', phones: [{ number: '0370 4556677' }] })
      .expect(200);
    expect(await search('q=zoilo%20acuna')).to.deep.equal([]);
    expect(names(await search('q=nandu'))).to.deep.equal(['Zoilo Ñandú']);
    expect((await search('q=3704556677')).map((i) => i.id)).to.deep.equal([zoilo.id]);
    expect(await search('q=3705550011')).to.deep.equal([]);
  });
});
