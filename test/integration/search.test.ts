import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody, VICTIM_SECRETS } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';

describe('search (/api/v1/search) across both countries', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let arOfficer: ApiClient;
  let pyOfficer: ApiClient;
  let pyProsecutor: ApiClient;
  let sys: ApiClient;
  let bilateral = '';
  let hidden = '';

  /** Search after the indexer has caught up with every write so far. */
  const search = async (c: ApiClient, q: string, extra = '') => {
    await drainMatchWorker(server.instance);
    return c.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`).expect(200);
  };
  const ids = (res: { body: { items: Array<{ id: string }> } }) => res.body.items.map((i) => i.id);

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    arOfficer = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    pyOfficer = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
    const pyFiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' }); // prosecutors belong in one (roles.policy.ts)
    pyProsecutor = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
    sys = await signIn(server.url, await buildUser({ agency: ar, roles: ['system_admin'], mfa: true }));
    bilateral = (await arOfficer.post('/api/v1/alerts', alertBody()).expect(201)).body.id;
    hidden = (
      await arOfficer
        .post(
          '/api/v1/alerts',
          alertBody({
            title: 'Investigación reservada',
            kind: 'suspect',
            distribution: { scope: 'agency' },
            subjects: [
              {
                role: 'suspect',
                givenNames: 'Ramón',
                familyNames: 'Acosta',
                documents: [{ type: 'DNI', country: 'AR', number: '28.999.111' }],
              },
            ],
            phones: ['(03718) 15-423456'],
            vehicles: [{ plate: 'AC 987 ZX', country: 'AR' }],
          }),
        )
        .expect(201)
    ).body.id;
  });
  after(() => server.stop());

  it('finds an alert by a DNI written with dots, and the suspect’s DNI without them', async () => {
    expect(ids(await search(pyOfficer, '30.123.456'))).to.deep.equal([bilateral]);
    const res = await search(pyOfficer, '30123456');
    expect(res.body.queryKind).to.equal('document');
    expect(res.body.items[0].matchedOn).to.deep.equal(['document']);
  });

  it('finds by a phone written the local way on the other side of the border', async () => {
    // Posted in Argentina as "+595 981 123456"; typed in Paraguay as a local mobile, and in Argentina too.
    expect(ids(await search(pyOfficer, '0981 123 456'))).to.deep.equal([bilateral]);
    expect(ids(await search(arOfficer, '0981123456'))).to.include(bilateral);
    // Posted as "(0370) 15-4412345", typed in Paraguay with the international prefix.
    expect(ids(await search(pyOfficer, '+54 9 370 441-2345'))).to.deep.equal([bilateral]);
  });

  it('says how the query was read, with the other readings, and searches another reading when asked', async () => {
    // Typed in Paraguay, "30.123.456" is most likely a DNI; it could also be a PY landline.
    const res = await search(pyOfficer, '30.123.456');
    expect(res.body.readings).to.deep.equal([
      { kind: 'document', values: ['30123456'] },
      { kind: 'phone', values: ['+59530123456'] },
    ]);
    const asPhone = await search(pyOfficer, '30.123.456', '&as=phone');
    expect(asPhone.body.queryKind).to.equal('phone');
    expect(asPhone.body.readings.map((r: { kind: string }) => r.kind)).to.deep.equal(['phone', 'document']);
    expect(ids(asPhone)).to.deep.equal([]);
    // A reading the query does not allow falls back to the likeliest one.
    const asPlate = await search(pyOfficer, '30.123.456', '&as=plate');
    expect(asPlate.body.queryKind).to.equal('document');
    expect(ids(asPlate)).to.deep.equal([bilateral]);
    expect((await search(pyOfficer, 'AB 123 CD')).body.readings).to.deep.equal([{ kind: 'plate', values: ['AB123CD'] }]);
    await pyOfficer.get('/api/v1/search?q=1&as=vin').expect(400);
  });

  it('finds by a plate with or without spaces', async () => {
    expect(ids(await search(pyOfficer, 'ab123cd'))).to.deep.equal([bilateral]);
    expect(ids(await search(pyOfficer, 'AB 123 CD'))).to.deep.equal([bilateral]);
  });

  it('finds a name without accents, by either surname, with one typo', async () => {
    for (const q of ['Ramon Acosta', 'acosta', 'Acsota', 'RAMÓN']) expect(ids(await search(pyOfficer, q)), q).to.include(bilateral);
    const typo = await search(pyOfficer, 'Acotsa');
    expect(typo.body.items[0].matchedOn).to.deep.equal(['name_similar']);
  });

  it('ranks exact names first and the newest first among equals, also across pages', async () => {
    const post = async (familyNames: string) =>
      (
        await arOfficer
          .post(
            '/api/v1/alerts',
            alertBody({ title: `Búsqueda ${familyNames}`, subjects: [{ role: 'suspect', givenNames: 'Lucía', familyNames }] }),
          )
          .expect(201)
      ).body.id as string;
    const older = await post('Villagra');
    const similar = await post('Vilagra');
    const newer = await post('Villagra');
    // One surname alone: the exact pass yields two, and the typo pass's candidate must still be read.
    expect(ids(await search(pyOfficer, 'Villagra'))).to.deep.equal([newer, older, similar]);
    expect(ids(await search(pyOfficer, 'Lucia Villagra'))).to.deep.equal([newer, older, similar]);
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 3; i++) {
      const page = await search(pyOfficer, 'Lucia Villagra', `&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page));
      cursor = page.body.nextCursor ?? '';
    }
    expect(seen).to.deep.equal([newer, older, similar]);
    expect(cursor).to.equal('');
  });

  it('restricted victim fields match only for those who may see them', async () => {
    for (const q of ['Benitez', 'Ortiz', 'María José Benítez', '4.567.890', 'Majo']) {
      const officer = await search(pyOfficer, q);
      expect(ids(officer), `officer: ${q}`).to.deep.equal([]);
      const prosecutor = await search(pyProsecutor, q);
      expect(ids(prosecutor), `prosecutor: ${q}`).to.deep.equal([bilateral]);
      const origin = await search(arOfficer, q);
      expect(ids(origin), `origin: ${q}`).to.deep.equal([bilateral]);
    }
  });

  it('results never carry victim identity for those who may not see it', async () => {
    const res = await search(pyOfficer, 'Acosta');
    for (const secret of VICTIM_SECRETS) expect(JSON.stringify(res.body)).to.not.contain(secret);
  });

  it('identifier matches on invisible alerts come back as stubs with nothing but reference, kind, agency and status', async () => {
    for (const q of ['28.999.111', '03718 15 423456', 'AC987ZX']) {
      const res = await search(pyOfficer, q);
      expect(res.body.items, q).to.have.length(1);
      expect(res.body.items[0]).to.have.keys('id', 'reference', 'kind', 'originAgencyId', 'status', 'restricted');
      expect(res.body.items[0]).to.include({ id: hidden, kind: 'suspect', status: 'active', restricted: true });
    }
    // Names never produce stubs, and the title or subjects never leak.
    const byName = await search(pyOfficer, 'Ramon Acosta');
    expect(ids(byName)).to.deep.equal([bilateral]);
    expect(JSON.stringify(byName.body)).to.not.contain('reservada');
  });

  it('a restricted victim’s document on an invisible alert gives no stub', async () => {
    await arOfficer
      .post(
        '/api/v1/alerts',
        alertBody({
          distribution: { scope: 'agency' },
          subjects: [
            {
              role: 'victim',
              givenNames: 'Oculta',
              familyNames: 'Reservada',
              documents: [{ type: 'CI', country: 'PY', number: '7.777.777' }],
            },
          ],
        }),
      )
      .expect(201);
    expect((await search(pyOfficer, '7.777.777')).body.items).to.deep.equal([]);
    expect(
      (await search(pyProsecutor, '7.777.777')).body.items,
      'not distributed: no stub from victim data even for prosecutors',
    ).to.deep.equal([]);
  });

  it('filters, paginates and audits every search with its query', async () => {
    const none = await search(pyOfficer, 'Acosta', '&kind=vehicle');
    expect(none.body.items).to.deep.equal([]);
    const page = await search(arOfficer, 'Acosta', '&limit=1');
    expect(page.body.items).to.have.length(1);
    expect(page.body.nextCursor).to.be.a('string');
    const page2 = await search(arOfficer, 'Acosta', `&limit=1&cursor=${page.body.nextCursor}`);
    expect(page2.body.items[0].id).to.not.equal(page.body.items[0].id);
    const audit = await sys.get('/api/v1/audit?action=search.query&limit=100').expect(200);
    expect(audit.body.items.map((e: { details: { q: string } }) => e.details.q)).to.include('Acosta');
    await new ApiClient(server.url).get('/api/v1/search?q=x').expect(401);
    await pyOfficer.get('/api/v1/search').expect(400);
  });

  it('a RUC written compactly or with an en dash is found by the cédula across the border, and the other way round', async () => {
    const posted = await pyOfficer
      .post(
        '/api/v1/alerts',
        alertBody({
          title: 'Proveedor de transporte',
          kind: 'suspect',
          subjects: [
            {
              role: 'suspect',
              givenNames: 'Elías',
              familyNames: 'Villalba',
              documents: [{ type: 'RUC', country: 'PY', number: '10684603' }],
            },
          ],
          phones: ['0981–555–101'],
          vehicles: [],
        }),
      )
      .expect(201);
    expect(posted.body.subjects[0].documents[0]).to.include({ number: '10684603', normalized: '1068460' });
    for (const q of ['1.068.460', '1068460-3', '1068460–3', '10684603', '1068460 3']) {
      expect(ids(await search(arOfficer, q)), q).to.deep.equal([posted.body.id]);
    }
    expect(ids(await search(arOfficer, '+595 981 555 101'))).to.deep.equal([posted.body.id]);
  });
});
