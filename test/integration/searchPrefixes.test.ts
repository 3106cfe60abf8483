import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { resultIds as ids, searchWhenIndexed } from '../helpers/search.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';

/** Identifiers typed with the prefix officers put before them (`C.I. N°`, `DNI`, `tel.`) in search and watches. */
describe('search and watches read an identifier’s typed prefix as its type', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  const search = (c: ApiClient, q: string, extra?: string) => searchWhenIndexed(server.instance, c, q, extra);
  let arOfficer: ApiClient;
  let pyOfficer: ApiClient;
  let pyProsecutor: ApiClient;
  let suspectAlert = '';
  let restrictedVictimAlert = '';
  const sockets: TestSocket[] = [];

  /** A standard alert posted in Argentina about one suspect holding one document. */
  const postSuspect = async (givenNames: string, familyNames: string, document: { type: string; country: string; number: string }) =>
    (
      await arOfficer
        .post(
          '/api/v1/alerts',
          alertBody({
            kind: 'suspect',
            sensitivity: 'standard',
            subjects: [{ role: 'suspect', givenNames, familyNames, documents: [document] }],
          }),
        )
        .expect(201)
    ).body.id as string;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    arOfficer = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    pyOfficer = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
    const pyFiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' });
    pyProsecutor = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
    suspectAlert = await postSuspect('Cintia', 'Ledesma', { type: 'CI', country: 'PY', number: '4567890' });
    // The fixture's restricted alert: its victim holds the same CI, which an officer may not search by.
    restrictedVictimAlert = (await arOfficer.post('/api/v1/alerts', alertBody()).expect(201)).body.id;
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server.stop();
  });

  it('finds the alert whose subject has CI 4567890 when searched as "C.I. N° 4.567.890", and says it read a CI', async () => {
    const res = await search(pyOfficer, 'C.I. N° 4.567.890');
    expect(ids(res)).to.deep.equal([suspectAlert]);
    expect(res.body.queryKind).to.equal('document');
    expect(res.body.readings[0]).to.deep.equal({ kind: 'document', values: ['4567890'], documentType: 'CI' });
    expect(res.body.items[0].matchedOn).to.deep.equal(['document']);
    for (const q of ['CI 4567890', 'cédula 4.567.890', 'C.I.N. 4567890'])
      expect(ids(await search(pyOfficer, q)), q).to.deep.equal([suspectAlert]);
  });

  it('a restricted victim’s CI stays unmatched for an officer, prefix or not, and matches for a prosecutor', async () => {
    expect(ids(await search(pyOfficer, 'C.I. N° 4.567.890'))).to.not.include(restrictedVictimAlert);
    expect(ids(await search(pyProsecutor, 'C.I. N° 4.567.890'))).to.have.members([suspectAlert, restrictedVictimAlert]);
  });

  it('a name that begins like a prefix is still searched as a name', async () => {
    const res = await search(pyOfficer, 'Cintia Ledesma');
    expect(res.body.queryKind).to.equal('name');
    expect(ids(res)).to.deep.equal([suspectAlert]);
  });

  it('accepts a watch on "DNI 41.222.333" and it hits when an alert carries that DNI', async () => {
    const socket = await openSocket(server.url, { cookie: pyOfficer.cookieHeader() });
    sockets.push(socket);
    const watch = await pyOfficer.post('/api/v1/watches', { kind: 'document', value: 'DNI 41.222.333' }).expect(201);
    expect(watch.body).to.include({ kind: 'document', value: 'DNI 41.222.333' });
    const hit = nextEvent(socket, 'watch:hit', 5000);
    const posted = await postSuspect('Ariel', 'Sosa', { type: 'DNI', country: 'AR', number: '41222333' });
    const event = await hit;
    expect(event).to.deep.include({ watchId: watch.body.id });
    expect(event.alert.id).to.equal(posted);
  });

  it('accepts a phone watch typed as "tel. 0981 …", and refuses a prefix with nothing after it', async () => {
    await pyOfficer.post('/api/v1/watches', { kind: 'phone', value: 'tel. 0981 123 456' }).expect(201);
    for (const value of ['DNI', 'C.I. N°']) await pyOfficer.post('/api/v1/watches', { kind: 'document', value }).expect(400);
    await pyOfficer.post('/api/v1/watches', { kind: 'phone', value: 'tel.' }).expect(400);
  });
});
