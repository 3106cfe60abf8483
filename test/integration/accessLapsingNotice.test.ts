/** Issue 24: the requester finds in the inbox, once, that a grant ends within a day. */
import { expect } from 'chai';
import { noticeGrantsLapsingSoon } from '../../server/search/access/grantsLapsingSoon.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { coreJob } from '../helpers/jobs.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';

describe('inbox: an access grant about to lapse', function () {
  this.timeout(60_000);
  const server = suiteServer();
  let ar: ApiClient;
  let prosecutor: ApiClient;

  before(async () => {
    ar = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    const fiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' });
    prosecutor = await signIn(server.url, await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true }));
  });

  async function grantedFor(days: number): Promise<string> {
    const number = `37.000.${100 + days}`;
    const subjects = [{ role: 'suspect', givenNames: 'Rita', familyNames: 'Gómez', documents: [{ type: 'DNI', country: 'AR', number }] }];
    const alertId = (
      await ar.post('/api/v1/alerts', alertBody({ distribution: { scope: 'agency' }, subjects, phones: [], vehicles: [] })).expect(201)
    ).body.id as string;
    await drainMatchWorker(server.instance);
    await prosecutor.get(`/api/v1/search?q=${encodeURIComponent(number)}`).expect(200);
    const requestId = (await prosecutor.post('/api/v1/access-requests', { alertId, reason: 'Causa 77/2026 en Asunción' }).expect(201)).body
      .id as string;
    await ar
      .post(`/api/v1/access-requests/${requestId}/decision`, { decision: 'grant', note: 'Autorizado', expiresInDays: days })
      .expect(200);
    return requestId;
  }

  const lapsingItems = async () =>
    ((await prosecutor.get('/api/v1/inbox').expect(200)).body.items as { kind: string; subject: { id: string } | null }[]).filter(
      (i) => i.kind === 'access_lapsing',
    );

  it('a grant ending within 24 hours is told to its requester once, by a scheduled job; a later one is not yet', async () => {
    const soon = await grantedFor(1);
    const later = await grantedFor(7);
    const job = coreJob(server.instance, 'access.notice_lapsing');
    await job.run();
    await noticeGrantsLapsingSoon(server.instance); // a second run records nothing new
    const items = await lapsingItems();
    expect(items.map((i) => i.subject?.id)).to.deep.equal([soon]);
    expect(items.map((i) => i.subject?.id)).to.not.include(later);
  });
});
