import { expect } from 'chai';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';

/** A signed-in user with an open socket recording every event it receives. */
interface Listener {
  client: ApiClient;
  socket: TestSocket;
  received: Array<{ event: string; payload: unknown }>;
}

/** Polls `check` every 20 ms until it holds; fails after `timeoutMs`. */
async function eventually(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const mentions = (l: Listener, event: string, text: string) =>
  l.received.filter((r) => r.event === event && JSON.stringify(r.payload).includes(text));

describe('match and watch announcements reach only those who may see both alerts (issue 23, F3)', function () {
  this.timeout(90_000);
  const server = suiteServer();
  const sockets: TestSocket[] = [];
  /** AR police: posts every alert; sees both alerts of each match, so receives every announcement. */
  let origin: Listener;
  /** PY police, named on some alerts: operational, without restricted access. */
  let pyOfficer: Listener;
  /** PY prosecution service, named on some alerts: restricted access. */
  let pyProsecutor: Listener;
  /** PY police that obtains a grant through an access request. */
  let grantee: Listener;
  let pyPoliceId = '';
  let pyFiscaliaId = '';

  const listen = async (client: ApiClient): Promise<Listener> => {
    const socket = await openSocket(server.url, { cookie: client.cookieHeader() });
    sockets.push(socket);
    const received: Listener['received'] = [];
    socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
    return { client, socket, received };
  };

  before(async () => {
    const arPolice = await buildAgency({ country: 'AR', name: 'Policía de Formosa' });
    const pyPolice = await buildAgency({ country: 'PY', name: 'Policía Nacional — Alberdi' });
    const pyFiscalia = await buildAgency({ country: 'PY', name: 'Unidad Fiscal de Trata', kind: 'prosecutor' });
    const pyGrantee = await buildAgency({ country: 'PY', name: 'Policía Nacional — Pilar' });
    pyPoliceId = String(pyPolice._id);
    pyFiscaliaId = String(pyFiscalia._id);
    origin = await listen(await signIn(server.url, await buildUser({ agency: arPolice, mfa: true })));
    pyOfficer = await listen(await signIn(server.url, await buildUser({ agency: pyPolice, mfa: true })));
    pyProsecutor = await listen(await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true })));
    grantee = await listen(await signIn(server.url, await buildUser({ agency: pyGrantee, mfa: true })));
  });
  after(() => {
    for (const s of sockets) s.close();
  });

  const post = async (body: Record<string, unknown>) => (await origin.client.post('/api/v1/alerts', alertBody(body)).expect(201)).body;

  /** Waits until the origin agency, which sees both alerts, has been told of the match (so every room has been). */
  const announced = async (alertId: string, event = 'match:new') => {
    await drainMatchWorker(server.instance);
    await eventually(() => mentions(origin, event, alertId).length > 0, `${event} for ${alertId} at the origin`);
    // Events of one announcement leave together; give the other sockets' copies a moment to land.
    await new Promise((r) => setTimeout(r, 200));
  };

  /** A victim known by a document; the names differ between alerts so the document is the only link. */
  const victim = (number: string, givenNames: string, familyNames: string) => ({
    role: 'victim',
    givenNames,
    familyNames,
    documents: [{ type: 'DNI', country: 'AR', number }],
  });

  it('a PY agency named on one alert learns nothing of a country-only AR alert it matches', async () => {
    const named = await post({
      sensitivity: 'standard',
      distribution: { scope: 'agencies', agencyIds: [pyPoliceId, pyFiscaliaId] },
      subjects: [{ role: 'suspect', givenNames: 'Elvio', familyNames: 'Zarza' }],
      phones: ['+54 370 4551122'],
      vehicles: [],
    });
    const countryOnly = await post({
      sensitivity: 'standard',
      distribution: { scope: 'country' },
      subjects: [{ role: 'suspect', givenNames: 'Elvio', familyNames: 'Zarza' }],
      phones: ['+54 370 4551122'],
      vehicles: [],
    });
    await announced(countryOnly.id);
    for (const l of [pyOfficer, pyProsecutor]) {
      await l.client.get(`/api/v1/alerts/${countryOnly.id}`).expect(404);
      const listed = (await l.client.get(`/api/v1/alerts/${named.id}/matches`).expect(200)).body.items;
      expect(listed.filter((m: { alertId: string; restricted?: boolean }) => m.alertId === countryOnly.id && !m.restricted)).to.deep.equal(
        [],
      );
      expect(mentions(l, 'match:new', countryOnly.id), 'match:new naming the country-only alert').to.have.length(0);
      expect(mentions(l, 'match:new', countryOnly.reference)).to.have.length(0);
    }
  });

  it('a PY prosecution service named on one alert is not told a restricted victim’s document on a country-only AR alert', async () => {
    await post({
      distribution: { scope: 'agencies', agencyIds: [pyFiscaliaId] },
      subjects: [victim('27.111.222', 'Rosa Inés', 'Cabral')],
      phones: [],
      vehicles: [],
    });
    const countryOnly = await post({
      distribution: { scope: 'country' },
      subjects: [victim('27.111.222', 'Sonia', 'Ferreyra')],
      phones: [],
      vehicles: [],
    });
    await announced(countryOnly.id);
    expect(mentions(origin, 'match:new', '27111222'), 'the origin is told (control)').to.not.have.length(0);
    expect(mentions(pyProsecutor, 'match:new', countryOnly.id)).to.have.length(0);
    expect(mentions(pyProsecutor, 'match:new', '27111222')).to.have.length(0);
  });

  it('a PY agency granted one alert learns nothing of a country-only AR alert it matches', async () => {
    const reserved = await post({
      sensitivity: 'standard',
      distribution: { scope: 'agency' },
      subjects: [
        { role: 'suspect', givenNames: 'Nilo', familyNames: 'Barrios', documents: [{ type: 'DNI', country: 'AR', number: '31.999.001' }] },
      ],
      phones: ['+54 370 4998877'],
      vehicles: [],
    });
    await drainMatchWorker(server.instance);
    // The grant as the API gives it: a stub from a search, a request, the origin's grant.
    expect((await grantee.client.get('/api/v1/search?q=31999001').expect(200)).body.items[0]).to.include({ id: reserved.id });
    const request = (
      await grantee.client.post('/api/v1/access-requests', { alertId: reserved.id, reason: 'Causa por trata en Pilar' }).expect(201)
    ).body;
    await origin.client.post(`/api/v1/access-requests/${request.id}/decision`, { decision: 'grant' }).expect(200);
    await grantee.client.get(`/api/v1/alerts/${reserved.id}`).expect(200);

    const countryOnly = await post({
      sensitivity: 'standard',
      distribution: { scope: 'country' },
      subjects: [{ role: 'suspect', givenNames: 'Ciro', familyNames: 'Medina' }],
      phones: ['+54 370 4998877'],
      vehicles: [],
    });
    await announced(countryOnly.id);
    await grantee.client.get(`/api/v1/alerts/${countryOnly.id}`).expect(404);
    expect(mentions(grantee, 'match:new', countryOnly.id)).to.have.length(0);
    expect(mentions(grantee, 'match:new', countryOnly.reference)).to.have.length(0);
  });

  it('a Paraguayan officer’s socket does not receive a match:new carrying a restricted victim’s identifiers', async () => {
    // Both alerts are named to both PY agencies: each sees both; only the prosecutors may see the victims.
    const distribution = { scope: 'agencies', agencyIds: [pyPoliceId, pyFiscaliaId] };
    const first = await post({ distribution, subjects: [victim('28.333.444', 'Ana Belén', 'Quiroga')], phones: [], vehicles: [] });
    const second = await post({ distribution, subjects: [victim('28.333.444', 'Dora', 'Espínola')], phones: [], vehicles: [] });
    await announced(second.id);
    await eventually(() => mentions(pyProsecutor, 'match:new', '28333444').length > 0, 'the PY prosecutor is told (control)');
    await pyOfficer.client.get(`/api/v1/alerts/${first.id}`).expect(200);
    expect(mentions(pyOfficer, 'match:new', second.id)).to.have.length(0);
    expect(mentions(pyOfficer, 'match:new', '28333444')).to.have.length(0);
  });

  /** Both PY agencies watch `value`, then an alert named to both has a restricted victim it matches: the officer is not told. */
  const watchOnRestrictedVictim = async (kind: 'document' | 'name', value: string, subject: Record<string, unknown>) => {
    const officerWatch = (await pyOfficer.client.post('/api/v1/watches', { kind, value }).expect(201)).body;
    const prosecutorWatch = (await pyProsecutor.client.post('/api/v1/watches', { kind, value }).expect(201)).body;
    const named = await post({
      distribution: { scope: 'agencies', agencyIds: [pyPoliceId, pyFiscaliaId] },
      subjects: [subject],
      phones: [],
      vehicles: [],
    });
    await drainMatchWorker(server.instance);
    await eventually(() => mentions(pyProsecutor, 'watch:hit', prosecutorWatch.id).length > 0, 'the PY prosecutor’s watch hits (control)');
    await new Promise((r) => setTimeout(r, 200));
    await pyOfficer.client.get(`/api/v1/alerts/${named.id}`).expect(200);
    expect(mentions(pyOfficer, 'watch:hit', officerWatch.id)).to.have.length(0);
    expect(mentions(pyOfficer, 'watch:hit', named.id)).to.have.length(0);
  };

  it('a Paraguayan officer’s socket does not receive a watch:hit on a restricted victim’s document', () =>
    watchOnRestrictedVictim('document', '29.555.666', victim('29.555.666', 'Luz Marina', 'Ojeda')));

  // Name watches match name words, which the index keys do not cover: a check of their own (watches.service.ts).
  it('a Paraguayan officer’s socket does not receive a watch:hit on a restricted victim’s name', () =>
    watchOnRestrictedVictim('name', 'Yanina Sosa', { role: 'victim', givenNames: 'Yanina', familyNames: 'Sosa' }));
});
