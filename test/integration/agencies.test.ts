import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

describe('agencies (/api/v1/agencies)', function () {
  this.timeout(30_000);
  let server: PuenteServer;
  const clients: Record<string, ApiClient> = {};

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const home = await buildAgency({ country: 'PY', name: 'Policía Nacional' });
    await buildAgency({ country: 'AR', name: 'Gendarmería Nacional', kind: 'gendarmerie' });
    const fiscalia = await buildAgency({ country: 'PY', name: 'Ministerio Público', kind: 'prosecutor' });
    for (const role of ['officer', 'prosecutor', 'agency_admin', 'system_admin'] as const) {
      clients[role] = await signIn(
        server.url,
        await buildUser({ agency: role === 'prosecutor' ? fiscalia : home, roles: [role], mfa: true }),
      );
    }
  });
  after(() => server.stop());

  const body = {
    name: 'Prefectura Naval Argentina — Formosa',
    shortName: 'PNA Formosa',
    country: 'AR',
    kind: 'prefecture',
    dutyPhone: '+54 370 442-1234',
  };

  it('401 without a session', async () => {
    await new ApiClient(server.url).get('/api/v1/agencies').expect(401);
  });

  it('every signed-in role lists the agencies of both countries', async () => {
    for (const c of Object.values(clients)) {
      const res = await c.get('/api/v1/agencies').expect(200);
      expect(res.body.items.map((a: { country: string }) => a.country)).to.include.members(['AR', 'PY']);
    }
    const py = await clients.officer!.get('/api/v1/agencies?country=PY').expect(200);
    expect(py.body.items.every((a: { country: string }) => a.country === 'PY')).to.equal(true);
  });

  it('only system admins create and edit agencies', async () => {
    for (const role of ['officer', 'prosecutor', 'agency_admin']) {
      const res = await clients[role]!.post('/api/v1/agencies', body).expect(403);
      expect(res.body.error.code).to.equal('forbidden');
    }
    const created = await clients.system_admin!.post('/api/v1/agencies', body).expect(201);
    expect(created.body).to.include({ name: body.name, country: 'AR', kind: 'prefecture', active: true });
    expect(created.body.id).to.match(/^[a-f0-9]{24}$/);
    await clients.agency_admin!.patch(`/api/v1/agencies/${created.body.id}`, { jurisdiction: 'Formosa' }).expect(403);
    const edited = await clients
      .system_admin!.patch(`/api/v1/agencies/${created.body.id}`, { jurisdiction: 'Provincia de Formosa' })
      .expect(200);
    expect(edited.body.jurisdiction).to.equal('Provincia de Formosa');
    await clients.system_admin!.patch(`/api/v1/agencies/${'a'.repeat(24)}`, { jurisdiction: 'x' }).expect(404);
  });

  it('validates input strictly', async () => {
    const sys = clients.system_admin!;
    const res = await sys.post('/api/v1/agencies', { ...body, country: 'BR', kind: 'army', extra: 1 }).expect(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).to.include.members(['country', 'kind']);
    await sys.post('/api/v1/agencies', { ...body, name: 'Bad\u0007name' }).expect(400);
  });
});
