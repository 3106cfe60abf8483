import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody, VICTIM_SECRETS, type Scope } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { eventually } from '../helpers/processes.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';

type Place = 'origin' | 'sameCountry' | 'otherCountry' | 'listed';
type Role = 'officer' | 'prosecutor';
interface Member {
  place: Place;
  role: Role;
  client: ApiClient;
  socket: TestSocket;
  received: Array<{ event: string; payload: unknown }>;
}

/** Who may see an alert of each scope (the origin agency is AR; "listed" is the PY agency named in `agencies`). */
const AUDIENCE: Record<Scope, Place[]> = {
  agency: ['origin'],
  country: ['origin', 'sameCountry'],
  bilateral: ['origin', 'sameCountry', 'otherCountry', 'listed'],
  agencies: ['origin', 'listed'],
};

describe('alert need-to-know: scope × role × agency × country, through HTTP and sockets', function () {
  this.timeout(120_000);
  let server: PuenteServer;
  const members: Member[] = [];
  let listedAgencyId = '';

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    // Prosecution services (with their own officers): a prosecutor belongs in one (roles.policy.ts).
    const agencies = {
      origin: await buildAgency({ country: 'AR', name: 'Fiscalía de Formosa', kind: 'prosecutor' }),
      sameCountry: await buildAgency({ country: 'AR', name: 'Fiscalía Federal de Clorinda', kind: 'prosecutor' }),
      otherCountry: await buildAgency({ country: 'PY', name: 'Ministerio Público — Encarnación', kind: 'prosecutor' }),
      listed: await buildAgency({ country: 'PY', name: 'Fiscalía de Trata', kind: 'prosecutor' }),
    };
    listedAgencyId = String(agencies.listed._id);
    for (const place of Object.keys(agencies) as Place[]) {
      for (const role of ['officer', 'prosecutor'] as Role[]) {
        const client = await signIn(server.url, await buildUser({ agency: agencies[place], roles: [role], mfa: true }));
        const socket = await openSocket(server.url, { cookie: client.cookieHeader() });
        const received: Member['received'] = [];
        socket.onAny((event: string, payload: unknown) => received.push({ event, payload }));
        members.push({ place, role, client, socket, received });
      }
    }
  });
  after(async () => {
    for (const m of members) m.socket.close();
    await server.stop();
  });

  const poster = () => members.find((m) => m.place === 'origin' && m.role === 'officer')!;
  const heardNew = (m: Member, id: string) =>
    m.received.some((r) => r.event === 'alert:new' && (r.payload as { alert: { id: string } }).alert.id === id);

  /**
   * A marker alert everybody may see, posted after the alert under test: the publisher sends alert
   * events in the order they happened and a socket keeps that order, so once every socket has the
   * marker, any event of the earlier alert has arrived too (no fixed sleep).
   */
  async function everySocketHeardMarker(): Promise<void> {
    const marker = (
      await poster()
        .client.post(
          '/api/v1/alerts',
          alertBody({ distribution: { scope: 'bilateral' }, sensitivity: 'standard', title: 'Marca de orden' }),
        )
        .expect(201)
    ).body.id as string;
    const missing = await eventually(
      async () => members.filter((m) => !heardNew(m, marker)),
      (left) => left.length === 0,
      5000,
    );
    expect(
      missing.map((m) => `${m.role} of ${m.place}`),
      'sockets without the marker',
    ).to.deep.equal([]);
  }

  for (const scope of ['agency', 'country', 'bilateral', 'agencies'] as Scope[]) {
    describe(`scope "${scope}", restricted`, () => {
      let alertId = '';

      before(async () => {
        for (const m of members) m.received.length = 0;
        const distribution = scope === 'agencies' ? { scope, agencyIds: [listedAgencyId] } : { scope };
        const res = await poster()
          .client.post('/api/v1/alerts', alertBody({ distribution, title: `Alerta ${scope}` }))
          .expect(201);
        alertId = res.body.id;
        await everySocketHeardMarker();
      });

      for (const place of ['origin', 'sameCountry', 'otherCountry', 'listed'] as Place[]) {
        for (const role of ['officer', 'prosecutor'] as Role[]) {
          const allowed = AUDIENCE[scope].includes(place);
          const seesVictim = allowed && (place === 'origin' || role === 'prosecutor');
          it(`${role} of ${place}: ${allowed ? (seesVictim ? 'sees it all' : 'sees it redacted') : 'sees nothing (404)'}`, async () => {
            const m = members.find((x) => x.place === place && x.role === role)!;
            const get = await m.client.get(`/api/v1/alerts/${alertId}`);
            const list = await m.client.get('/api/v1/alerts?limit=100').expect(200);
            const listed = list.body.items.find((i: { id: string }) => i.id === alertId);
            const live = m.received.filter((r) => r.event === 'alert:new' && (r.payload as { alert: { id: string } }).alert.id === alertId);
            const since = await m.socket.timeout(2000).emitWithAck('alerts:since', { cursor: null });
            const caught = 'data' in since ? since.data.items.find((i: { id?: unknown }) => i.id === alertId) : undefined;
            if (!allowed) {
              expect(get.status).to.equal(404);
              expect(get.body.error.code).to.equal('not_found');
              expect(listed).to.equal(undefined);
              expect(live).to.have.length(0);
              expect(caught).to.equal(undefined);
              return;
            }
            expect(get.status).to.equal(200);
            expect(listed, 'in the list').to.not.equal(undefined);
            expect(live, 'one live alert:new').to.have.length(1);
            expect(caught, 'in alerts:since').to.not.equal(undefined);
            const full = JSON.stringify(get.body);
            const victim = get.body.subjects[0];
            expect(get.body.abilities.viewRestricted).to.equal(seesVictim);
            if (seesVictim) {
              expect(victim).to.include({ givenNames: 'María José', familyNames: 'Benítez Ortiz' });
            } else {
              expect(victim).to.include({ role: 'victim', redacted: true, approxAge: 16 });
              for (const secret of VICTIM_SECRETS) expect(full, `GET leaks ${secret}`).to.not.contain(secret);
              expect(get.body.subjects[1]).to.include({ givenNames: 'Ramón' }); // suspects stay visible
            }
            // Summaries (lists, sockets, catch-up) never carry victim identity, whoever receives them.
            for (const out of [listed, live[0]!.payload, caught]) {
              for (const secret of VICTIM_SECRETS) expect(JSON.stringify(out)).to.not.contain(secret);
            }
            const abilities = (live[0]!.payload as { alert: { abilities: Record<string, boolean> } }).alert.abilities;
            expect(abilities.edit).to.equal(place === 'origin');
            expect(abilities.viewRestricted).to.equal(seesVictim);
          });
        }
      }

      it('an officer outside the audience cannot add updates, edit, or see views (404)', async () => {
        const outsider = members.find((m) => !AUDIENCE[scope].includes(m.place));
        if (!outsider) return;
        await outsider.client.post(`/api/v1/alerts/${alertId}/updates`, { kind: 'note', text: 'x' }).expect(404);
        await outsider.client.patch(`/api/v1/alerts/${alertId}`, { version: 0, title: 'x' }).expect(404);
        await outsider.client.get(`/api/v1/alerts/${alertId}/views`).expect(404);
        await outsider.client.get(`/api/v1/alerts/${alertId}/updates`).expect(404);
      });
    });
  }
});
