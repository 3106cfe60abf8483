import { expect } from 'chai';
import mongoose from 'mongoose';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Contact } from '../helpers/models.js';

const ROLES = ['officer', 'prosecutor', 'agency_admin', 'system_admin'] as const;
const TARGETS = ['own', 'otherAgency', 'otherCountry'] as const;
type Role = (typeof ROLES)[number];
type Target = (typeof TARGETS)[number];

/** Agency admins keep their own agency's entries; system admins any agency's; nobody else writes. */
const mayWrite = (role: Role, target: Target) => role === 'system_admin' || (role === 'agency_admin' && target === 'own');

const auditCount = (action: string, targetId?: string) =>
  mongoose.connection.collection('auditevents').countDocuments({ action, ...(targetId ? { targetId } : {}) });

describe('contacts (/api/v1/contacts): role × own agency / other agency / other country', function () {
  this.timeout(120_000);
  let server: PuenteServer;
  const agencies = {} as Record<Target, AgencyDoc>;
  const clients = {} as Record<Role, ApiClient>;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    agencies.own = await buildAgency({ country: 'AR', name: 'Policía de la Provincia de Formosa' });
    agencies.otherAgency = await buildAgency({ country: 'AR', name: 'Gendarmería Nacional — Escuadrón Clorinda', kind: 'gendarmerie' });
    agencies.otherCountry = await buildAgency({ country: 'PY', name: 'Policía Nacional — División de Trata de Personas' });
    // A prosecutor belongs in a prosecution agency (roles.policy.ts): theirs administers nothing here either.
    const fiscalia = await buildAgency({ country: 'AR', name: 'Fiscalía de Formosa', kind: 'prosecutor' });
    for (const role of ROLES) {
      const agency = role === 'prosecutor' ? fiscalia : agencies.own;
      clients[role] = await signIn(server.url, await buildUser({ agency, roles: [role], mfa: true }));
    }
  });
  after(() => server.stop());

  const body = (agency: AgencyDoc) => ({
    agencyId: String(agency._id),
    kind: 'desk',
    name: 'Guardia de Trata — División Clorinda',
    unit: 'División Trata de Personas',
    position: null,
    phones: [{ number: agency.country === 'PY' ? '0981 555 101' : '(0370) 15-4412345', is24h: true, whatsapp: true }],
    emails: ['guardia@example.org'],
    languages: ['es', 'gn'],
    availability: '24 h',
    notes: '',
  });

  it('401 without a session, on every endpoint', async () => {
    const anon = new ApiClient(server.url);
    const someone = await buildContact(agencies.own);
    for (const path of [
      '/api/v1/contacts',
      '/api/v1/contacts/export.vcf',
      '/api/v1/contacts/export.csv',
      `/api/v1/contacts/${someone.id}`,
    ]) {
      expect((await anon.get(path).expect(401)).body.error.code).to.equal('unauthenticated');
    }
    await anon.fetchCsrf();
    await anon.post('/api/v1/contacts', body(agencies.own)).expect(401);
    await anon.patch(`/api/v1/contacts/${someone.id}`, { name: 'X' }).expect(401);
    await anon.delete(`/api/v1/contacts/${someone.id}`).expect(401);
    await anon.post(`/api/v1/contacts/${someone.id}/verify`).expect(401);
  });

  it('403 csrf_failed for writes with a session but no CSRF token', async () => {
    const admin = await signIn(server.url, await buildUser({ agency: agencies.own, roles: ['system_admin'], mfa: true }));
    admin.csrfToken = null;
    const target = await buildContact(agencies.own);
    const attempts = [
      admin.post('/api/v1/contacts', body(agencies.own)),
      admin.patch(`/api/v1/contacts/${target.id}`, { name: 'X' }),
      admin.delete(`/api/v1/contacts/${target.id}`),
      admin.post(`/api/v1/contacts/${target.id}/verify`),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('csrf_failed');
    }
    expect(await Contact.exists({ _id: target.id })).to.not.equal(null);
  });

  for (const role of ROLES) {
    for (const target of TARGETS) {
      const allowed = mayWrite(role, target);
      it(`${role} × ${target}: reads and exports; ${allowed ? 'writes' : 'writes refused with 403'}`, async () => {
        const c = clients[role];
        const agency = agencies[target];
        const existing = await buildContact(agency);

        const list = await c.get(`/api/v1/contacts?agencyId=${agency._id}`).expect(200);
        expect(list.body.items.map((i: { id: string }) => i.id)).to.include(existing.id);
        const one = await c.get(`/api/v1/contacts/${existing.id}`).expect(200);
        expect(one.body.abilities).to.deep.equal({ edit: allowed, delete: allowed, verify: allowed });
        await c.get(`/api/v1/contacts/export.vcf?agencyId=${agency._id}`).expect(200);
        await c.get(`/api/v1/contacts/export.csv?agencyId=${agency._id}`).expect(200);

        const created = await c.post('/api/v1/contacts', body(agency));
        const patched = await c.patch(`/api/v1/contacts/${existing.id}`, { availability: 'Lunes a viernes' });
        const verified = await c.post(`/api/v1/contacts/${existing.id}/verify`);
        const deleted = await c.delete(`/api/v1/contacts/${existing.id}`);
        if (allowed) {
          expect(created.status, JSON.stringify(created.body)).to.equal(201);
          expect(created.body.phones[0].e164).to.match(/^\+\d+$/);
          expect(patched.status).to.equal(200);
          expect(patched.body.availability).to.equal('Lunes a viernes');
          expect(verified.status).to.equal(200);
          expect(deleted.status).to.equal(204);
          expect(await Contact.exists({ _id: existing.id })).to.equal(null);
          expect(await auditCount('contact.create', created.body.id)).to.equal(1);
          for (const action of ['contact.update', 'contact.verify', 'contact.delete'])
            expect(await auditCount(action, existing.id)).to.equal(1);
        } else {
          const refused = { create: created, update: patched, verify: verified, delete: deleted };
          for (const [what, res] of Object.entries(refused)) {
            expect(res.status, what).to.equal(403);
            expect(res.body.error.code, what).to.equal('forbidden');
          }
          const after = await Contact.findById(existing.id).lean();
          expect(after?.availability).to.equal(null);
          expect(await auditCount('authz.denied', existing.id)).to.equal(3);
        }
      });
    }
  }

  it('404 for an unknown contact; 400 for a malformed id', async () => {
    const sys = clients.system_admin;
    const missing = 'a'.repeat(24);
    await sys.get(`/api/v1/contacts/${missing}`).expect(404);
    await sys.patch(`/api/v1/contacts/${missing}`, { name: 'X' }).expect(404);
    await sys.delete(`/api/v1/contacts/${missing}`).expect(404);
    await sys.post(`/api/v1/contacts/${missing}/verify`).expect(404);
    await sys.get('/api/v1/contacts/not-an-id').expect(400);
  });

  it('validates input strictly; a phone that cannot be normalised is a 400 naming it', async () => {
    const sys = clients.system_admin;
    const bad = await sys
      .post('/api/v1/contacts', { ...body(agencies.own), phones: [{ number: '(0370) 15-4412345' }, { number: '12' }] })
      .expect(400);
    expect(bad.body.error.details).to.deep.include({
      path: 'phones.1.number',
      message: 'not a valid phone number (not a valid phone number)',
    });
    const letters = await sys.post('/api/v1/contacts', { ...body(agencies.own), phones: [{ number: 'llamar a Juan' }] }).expect(400);
    expect(letters.body.error.details.map((d: { path: string }) => d.path)).to.include('phones.0.number');
    const repeated = await sys
      .post('/api/v1/contacts', { ...body(agencies.own), phones: [{ number: '(0370) 15-4412345' }, { number: '+54 9 370 441-2345' }] })
      .expect(400);
    expect(repeated.body.error.details[0].path).to.equal('phones.1.number');
    const wrong = await sys.post('/api/v1/contacts', { ...body(agencies.own), kind: 'robot', languages: ['fr'], extra: 1 }).expect(400);
    expect(wrong.body.error.details.map((d: { path: string }) => d.path)).to.include.members(['kind', 'languages.0']);
    await sys.post('/api/v1/contacts', { ...body(agencies.own), name: 'Mesa\u0007' }).expect(400);
    const unreachable = await sys.post('/api/v1/contacts', { ...body(agencies.own), phones: [], emails: [] }).expect(400);
    expect(unreachable.body.error.details[0].path).to.equal('phones');
    const unknownAgency = await sys.post('/api/v1/contacts', { ...body(agencies.own), agencyId: 'b'.repeat(24) }).expect(400);
    expect(unknownAgency.body.error.details[0].path).to.equal('agencyId');
    const existing = await buildContact(agencies.own);
    await sys.patch(`/api/v1/contacts/${existing.id}`, { agencyId: String(agencies.otherCountry._id) }).expect(400);
    await sys.patch(`/api/v1/contacts/${existing.id}`, {}).expect(400);
  });

  it('answers with id, verifiedAt, stale and each phone as typed and in E.164', async () => {
    const res = await clients.agency_admin.post('/api/v1/contacts', body(agencies.own)).expect(201);
    expect(res.body).to.include({ agencyId: String(agencies.own._id), country: 'AR', kind: 'desk', stale: false, notes: '' });
    expect(res.body.agencyName).to.equal('Policía de la Provincia de Formosa');
    expect(res.body.phones).to.deep.equal([{ number: '(0370) 15-4412345', e164: '+5493704412345', is24h: true, whatsapp: true }]);
    expect(Date.now() - Date.parse(res.body.verifiedAt)).to.be.lessThan(60_000);
  });
});
