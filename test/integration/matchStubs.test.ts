import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

/** Issue 14: a match with an alert the caller may not see is offered as a hit/no-hit stub that an
 * access request may then name, as from search; never for a name or another alert's victim. */
describe('matches with alerts the caller may not see: stubs', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let ar: ApiClient;
  let py: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    ar = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    py = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'PY' }), mfa: true }));
  });
  after(() => server.stop());

  const post = async (c: ApiClient, body: Record<string, unknown>) =>
    (await c.post('/api/v1/alerts', alertBody({ sensitivity: 'standard', vehicles: [], ...body })).expect(201)).body as {
      id: string;
      reference: string;
    };

  it('a phone shared with an alert kept in its agency comes as a stub; an access request may then name it', async () => {
    const hidden = await post(py, {
      phones: ['0981 444 777'],
      subjects: [{ role: 'suspect', givenNames: 'Elías', familyNames: 'Gauto' }],
      distribution: { scope: 'agency' },
    });
    const mine = await post(ar, {
      phones: ['+595 981 444777'],
      subjects: [{ role: 'suspect', givenNames: 'Tomás', familyNames: 'Ruiz' }],
      distribution: { scope: 'bilateral' },
    });
    const items = (await ar.get(`/api/v1/alerts/${mine.id}/matches`).expect(200)).body.items as Array<Record<string, unknown>>;
    const stub = items.find((i) => i.alertId === hidden.id);
    expect(stub).to.deep.include({ restricted: true, reference: hidden.reference, on: 'phone', kind: 'possible_victim', status: 'active' });
    expect(stub).to.not.have.property('title');
    await ar.get(`/api/v1/alerts/${hidden.id}`).expect(404);
    const request = await ar
      .post('/api/v1/access-requests', { alertId: hidden.id, reason: 'Mismo teléfono que nuestra alerta' })
      .expect(201);
    expect(request.body.status).to.equal('pending');
  });

  it('no stub through a name, nor through the other alert’s restricted victim', async () => {
    const victim = {
      role: 'victim',
      givenNames: 'Rocío',
      familyNames: 'Achucarro',
      documents: [{ type: 'CI', country: 'PY', number: '6.111.222' }],
    };
    const hiddenVictim = await post(py, { sensitivity: 'restricted', phones: [], subjects: [victim], distribution: { scope: 'agency' } });
    const mine = await post(ar, { phones: [], subjects: [{ ...victim, role: 'witness' }], distribution: { scope: 'bilateral' } });
    const items = (await ar.get(`/api/v1/alerts/${mine.id}/matches`).expect(200)).body.items as Array<{ alertId: string }>;
    expect(items.map((i) => i.alertId)).to.not.include(hiddenVictim.id);
    await ar.post('/api/v1/access-requests', { alertId: hiddenVictim.id, reason: 'Sin haberla encontrado' }).expect(404);
  });
});
