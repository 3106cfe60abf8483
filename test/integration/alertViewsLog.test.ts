import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

/** Issue 13: a view is one insert (no per-alert document rewritten under a lock, a scan on the
 * embedded store), and views recorded by earlier versions are still listed. */
describe('alert views: one entry per view', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let admin: ApiClient;
  let officerId = '';
  let adminId = '';

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    const officerUser = await buildUser({ agency, mfa: true });
    const adminUser = await buildUser({ agency, roles: ['agency_admin'], mfa: true });
    officerId = officerUser.id;
    adminId = adminUser.id;
    officer = await signIn(server.url, officerUser);
    admin = await signIn(server.url, adminUser);
  });
  after(() => server.stop());

  it('lists each view newest first with its audit event, beside views an earlier version recorded', async () => {
    const alert = (await officer.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201)).body;
    const legacyAt = new Date(Date.now() - 60_000);
    await mongoose.connection.collection<{ _id: string; views: unknown[] }>('alertviews').insertOne({
      _id: alert.id,
      views: [{ at: legacyAt, userId: 'u-old', agencyId: 'a-old', country: 'AR', action: 'view', auditSeq: 1 }],
    });
    await officer.get(`/api/v1/alerts/${alert.id}`).expect(200);
    await admin.get(`/api/v1/alerts/${alert.id}`).expect(200);
    const stored = await mongoose.connection.collection('alertviewentries').countDocuments({ alertId: alert.id });
    expect(stored).to.equal(2);
    const legacyDoc = await mongoose.connection.collection<{ _id: string; views: unknown[] }>('alertviews').findOne({ _id: alert.id });
    expect(legacyDoc?.views, 'the old document is left as it was').to.have.length(1);

    const views = (await admin.get(`/api/v1/alerts/${alert.id}/views`).expect(200)).body.items as Array<{
      userId: string;
      auditSeq: number;
      at: string;
    }>;
    expect(views.map((v) => v.userId)).to.deep.equal([adminId, officerId, 'u-old']);
    expect(views[2]!.at).to.equal(legacyAt.toISOString());
    const audit = (await admin.get(`/api/v1/audit/${views[0]!.auditSeq}`).expect(200)).body;
    expect(audit).to.include({ action: 'alert.view', targetId: alert.id, actorId: adminId });
  });
});
