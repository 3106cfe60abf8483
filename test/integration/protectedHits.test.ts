import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody, VICTIM_SECRETS, victimAlertBody } from '../helpers/alertFixtures.js';
import type { ApiClient } from '../helpers/apiClient.js';
import { signIn } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { Agency } from '../helpers/models.js';

/**
 * Issue 24 item 1: a restricted victim checked at a checkpoint gives a protected hit (an active
 * alert concerns this person, what to do, whom to call), never her identity; her agency is told.
 */
describe('protected hits: a restricted victim searched by an officer who may not see her', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let arOfficer: ApiClient;
  let pyOfficer: ApiClient;
  let sys: ApiClient;
  let pyProsecutor: ApiClient;
  let otherArOfficer: ApiClient;
  let arAgencyId = '';
  let arAgencyName = '';
  let pyAgencyId = '';
  let pyAgencyName = '';
  let bilateral = '';
  let reference = '';
  const sockets: TestSocket[] = [];

  const search = async (c: ApiClient, q: string, extra = '') => {
    await drainMatchWorker(server.instance);
    return c.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`).expect(200);
  };

  /** A restricted alert of the AR agency about one victim with a PY CI. */
  const postVictim = async (name: string, ci: string, overrides: Record<string, unknown> = {}) =>
    (await arOfficer.post('/api/v1/alerts', victimAlertBody(name, ci, overrides)).expect(201)).body as { id: string; reference: string };

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const ar = await buildAgency({ country: 'AR', name: 'Gendarmería Nacional — Clorinda' });
    const py = await buildAgency({ country: 'PY', name: 'Policía Nacional — Puesto Puerto Falcón' });
    arAgencyId = String(ar._id);
    arAgencyName = ar.name;
    pyAgencyId = String(py._id);
    pyAgencyName = py.name;
    await buildContact(ar, { name: 'Mesa de consultas', phones: [{ number: '+54 370 455-1000', is24h: false, whatsapp: false }] });
    await buildContact(ar, { name: 'Guardia 24 h', phones: [{ number: '+54 370 455-2424', is24h: true, whatsapp: false }] });
    arOfficer = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    pyOfficer = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
    sys = await signIn(server.url, await buildUser({ agency: ar, roles: ['system_admin'], mfa: true }));
    const pyFiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' });
    pyProsecutor = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
    otherArOfficer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    const posted = (await arOfficer.post('/api/v1/alerts', alertBody()).expect(201)).body;
    bilateral = posted.id;
    reference = posted.reference;
    sockets.push(await openSocket(server.url, { cookie: arOfficer.cookieHeader() }));
    sockets.push(await openSocket(server.url, { cookie: pyOfficer.cookieHeader() }));
    sockets.push(await openSocket(server.url, { cookie: otherArOfficer.cookieHeader() }));
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server.stop();
  });

  it('a PY officer typing the CI of the victim gets a protected hit: kind, priority, action, origin and its 24 h line', async () => {
    const res = await search(pyOfficer, '4.567.890', '&place=Puerto%20Falc%C3%B3n');
    // The ordinary results stay empty (she is not visible to him); the protected hit says someone looks for her.
    expect(res.body.items).to.deep.equal([]);
    expect(res.body.protected).to.deep.equal([
      {
        kind: 'protected',
        reference,
        alertKind: 'possible_victim',
        priority: 'urgent',
        actionRequested: 'locate_and_report',
        originAgency: { id: arAgencyId, name: arAgencyName, country: 'AR' },
        contactLine: { label: 'Guardia 24 h', phone: '+54 370 455-2424', is24h: true },
      },
    ]);
  });

  it('the full name gives the protected hit too, in any order, without accents', async () => {
    for (const q of ['María José Benítez Ortiz', 'benitez ortiz maria jose']) {
      const res = await search(pyOfficer, q);
      expect(res.body.protected, q).to.have.length(1);
      expect(res.body.protected[0].reference, q).to.equal(reference);
    }
  });

  it('a single name, part of the name or a phonetic near-miss gives nothing protected', async () => {
    for (const q of ['María', 'Benítez', 'Majo', 'María José Benítez', 'Maria Jose Benites Ortis', 'Marya Jose Benitez Ortiz']) {
      const res = await search(pyOfficer, q);
      expect(res.body.protected, q).to.deep.equal([]);
    }
  });

  it('the answer carries no name, document, photo or note of the alert', async () => {
    for (const q of ['4.567.890', 'María José Benítez Ortiz']) {
      // `readings` only echoes the officer's own query in normal form; everything else is checked.
      const { readings, ...rest } = (await search(pyOfficer, q)).body;
      expect(readings).to.be.an('array');
      const text = JSON.stringify(rest);
      for (const secret of [
        ...VICTIM_SECRETS,
        '4567890',
        'Benitez',
        'benitez',
        'Informar de inmediato',
        'Joven acompañada',
        'photo',
        'matchedOn',
      ])
        expect(text, `${q}: ${secret}`).to.not.contain(secret);
      // The bilateral alert is visible to him: its id is not handed out (there is nothing to request).
      expect(text).to.not.contain(bilateral);
    }
  });

  it('the origin agency’s sockets receive protected:checked with who, where and when; the checking agency’s do not', async () => {
    const [arSocket, pySocket, otherArSocket] = sockets as [TestSocket, TestSocket, TestSocket];
    let leaked = 0;
    pySocket.on('protected:checked', () => leaked++);
    otherArSocket.on('protected:checked', () => leaked++);
    const before = Date.now();
    const heard = nextEvent(arSocket, 'protected:checked', 5000);
    await search(pyOfficer, '4567890', '&place=Paso%20Jos%C3%A9%20Falc%C3%B3n');
    const ev = await heard;
    expect(ev).to.deep.include({
      alertId: bilateral,
      reference,
      originAgencyId: arAgencyId,
      checkedByAgencyId: pyAgencyId,
      checkedByAgencyName: pyAgencyName,
      place: 'Paso José Falcón',
    });
    expect(Date.parse(ev.at)).to.be.at.least(before - 1000);
    expect(ev).to.not.have.property('checkedByUserId');
    // A round trip on the checking agency's socket: anything emitted to it with the event has arrived by then.
    for (const s of [pySocket, otherArSocket]) await new Promise((resolve) => s.emit('alerts:since', { cursor: null }, resolve));
    expect(leaked, 'the checking agency and another agency of the origin country').to.equal(0);
  });

  it('each protected hit is audited with the query and the place', async () => {
    await search(pyOfficer, '4.567.890', '&place=Control%20km%2012');
    const audit = await sys.get('/api/v1/audit?action=search.protected_hit&limit=100').expect(200);
    const mine = audit.body.items.filter((e: { details: { place?: string } }) => e.details.place === 'Control km 12');
    expect(mine).to.have.length(1);
    expect(mine[0]).to.deep.include({ targetType: 'alert', targetId: bilateral });
    expect(mine[0].details).to.deep.include({ q: '4.567.890', detected: 'document', reference });
  });

  it('the origin agency finds the check in its inbox: which agency, where and when, never who checked by name', async () => {
    await search(pyOfficer, '4.567.890', '&place=Paso%20Inbox');
    const deadline = Date.now() + 10_000;
    type Item = { kind: string; data: { reference?: string; agencyName?: string; place?: string }; createdAt: string };
    let found: Item | undefined;
    while (!found && Date.now() < deadline) {
      const page = (await arOfficer.get('/api/v1/inbox').expect(200)).body as { items: Item[] };
      found = page.items.find((i) => i.kind === 'protected_person_checked' && i.data.place === 'Paso Inbox');
      if (!found) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found, 'an inbox item for the origin agency').to.not.equal(undefined);
    expect(found!.data).to.deep.equal({ reference, agencyName: pyAgencyName, place: 'Paso Inbox' });
    const checkerInbox = (await pyOfficer.get('/api/v1/inbox').expect(200)).body as { items: Item[] };
    expect(checkerInbox.items.filter((i) => i.kind === 'protected_person_checked')).to.deep.equal([]);
  });

  it('an officer of the origin agency and a prosecutor who opens restricted alerts get the ordinary result, not a protected one', async () => {
    for (const who of [arOfficer, pyProsecutor]) {
      const res = await search(who, '4.567.890');
      expect(res.body.items.map((i: { id: string }) => i.id)).to.deep.equal([bilateral]);
      expect(res.body.protected).to.deep.equal([]);
    }
  });

  it('an officer of another agency of the origin country gets the protected hit too', async () => {
    const res = await search(otherArOfficer, 'María José Benítez Ortiz');
    expect(res.body.items).to.deep.equal([]);
    expect(res.body.protected.map((h: { reference: string }) => h.reference)).to.deep.equal([reference]);
  });

  it('an alert the officer cannot see at all gives a protected hit with the id to request access from', async () => {
    const hidden = await postVictim('Oculta Reservada', '7.777.777', {
      priority: 'high',
      actionRequested: undefined,
      distribution: { scope: 'agency' },
    });
    const res = await search(pyOfficer, '7.777.777');
    expect(res.body.items).to.deep.equal([]);
    expect(res.body.protected).to.have.length(1);
    expect(res.body.protected[0]).to.deep.include({
      alertId: hidden.id,
      reference: hidden.reference,
      priority: 'high',
      actionRequested: 'protect_and_report',
    });
    // "Solicitar acceso" works from it as from a stub.
    await pyOfficer.post('/api/v1/access-requests', { alertId: hidden.id, reason: 'Control en Puerto Falcón' }).expect(201);
  });

  it('a resolved alert gives no protected hit', async () => {
    const closed = (await postVictim('Ana Luz Cardozo', '3.333.444')).id;
    expect((await search(pyOfficer, '3.333.444')).body.protected).to.have.length(1);
    await arOfficer.post(`/api/v1/alerts/${closed}/status`, { status: 'resolved', reason: 'Localizada' }).expect(200);
    expect((await search(pyOfficer, '3.333.444')).body.protected).to.deep.equal([]);
    expect((await search(pyOfficer, 'Ana Luz Cardozo')).body.protected).to.deep.equal([]);
  });

  it('without a 24 h line in the directory the card gives the agency’s duty phone, else its main line (not promised as 24 h)', async () => {
    const other = await buildAgency({ country: 'AR', name: 'Policía de Formosa — Comisaría 1' });
    await Agency.updateOne({ _id: other._id }, { $set: { phone: '+54 370 442-0000' } });
    const api = await signIn(server.url, await buildUser({ agency: other, mfa: true }));
    await api.post('/api/v1/alerts', victimAlertBody('Rosa Elena Villalba', '5.555.123')).expect(201);
    const line = async () => (await search(pyOfficer, '5.555.123')).body.protected[0].contactLine;
    expect(await line()).to.deep.equal({ label: other.name, phone: '+54 370 442-0000', is24h: false });
    await Agency.updateOne({ _id: other._id }, { $set: { dutyPhone: '+54 370 442-9999' } });
    expect(await line()).to.deep.equal({ label: other.name, phone: '+54 370 442-9999', is24h: true });
  });

  it('the place is at most 120 characters', async () => {
    await pyOfficer.get(`/api/v1/search?q=1&place=${'x'.repeat(121)}`).expect(400);
  });
});

describe('protected look-ups count against the search limit', function () {
  this.timeout(60_000);
  let server: PuenteServer;

  before(async () => {
    await resetDatabase();
    server = await startTestServer({ SEARCHES_PER_10_MIN: '3' });
  });
  after(() => server.stop());

  it('after three searches, a fourth (a protected look-up) is refused with 429 and neither audited nor told', async () => {
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    const arOfficer = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    const pyUser = await buildUser({ agency: py, mfa: true });
    const pyOfficer = await signIn(server.url, pyUser);
    const sys = await signIn(server.url, await buildUser({ agency: ar, roles: ['system_admin'], mfa: true }));
    await arOfficer.post('/api/v1/alerts', alertBody()).expect(201);
    await drainMatchWorker(server.instance);
    await pyOfficer.get('/api/v1/search?q=Acosta').expect(200);
    await pyOfficer.get('/api/v1/search?q=4.567.890').expect(200);
    await pyOfficer.get('/api/v1/search?q=4.567.890').expect(200);
    const refused = await pyOfficer.get('/api/v1/search?q=4.567.890&place=Cuarta').expect(429);
    expect(refused.headers['retry-after']).to.be.a('string');
    // Another officer's searches are not counted against this one.
    await arOfficer.get('/api/v1/search?q=4.567.890').expect(200);
    const audit = await sys.get('/api/v1/audit?action=search.protected_hit&limit=100').expect(200);
    const byPy = audit.body.items.filter((e: { actorId: string }) => e.actorId === pyUser.id);
    expect(byPy).to.have.length(2);
  });
});
