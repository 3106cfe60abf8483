/**
 * Issue #10 items 8 and 10: nobody who sees an alert can bloat it (a per-user rate limit on
 * updates, a bound on the count and bytes of an alert's updates), and `reviewAt` lies between
 * tomorrow and one year from now, on create and on edit.
 */
import { expect } from 'chai';
import { ALERT_LIMITS } from '../../shared/schemas/alerts.js';
import { DAY_MS, HOUR_MS } from '../../shared/time.js';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

describe('alert limits: updates and review dates (issue #10 items 8, 10)', function () {
  this.timeout(120_000);
  let server: PuenteServer;
  let origin: ApiClient;
  let ar: AgencyDoc;
  let py: AgencyDoc;

  const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
  const note = (text: string) => ({ kind: 'note', text });

  before(async () => {
    await resetDatabase();
    server = await startTestServer({ ALERT_UPDATES_PER_10_MIN: '3' });
    ar = await buildAgency({ country: 'AR' });
    origin = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    py = await buildAgency({ country: 'PY' });
  });
  after(() => server.stop());

  it('a user posting a fourth update within 10 minutes gets 429 rate_limited in Spanish and English', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const foreign = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
    for (let i = 0; i < 3; i++) await foreign.post(`/api/v1/alerts/${alert.id}/updates`, note(`Nota ${i}`)).expect(201);
    const refused = await foreign.post(`/api/v1/alerts/${alert.id}/updates`, note('Una más')).expect(429);
    expect(refused.body.error.code).to.equal('rate_limited');
    expect(refused.body.error.message).to.match(/Demasiadas solicitudes/);
    expect(Number(refused.headers['retry-after'])).to.be.greaterThan(0);
    // In the user's language: an English-speaking officer reads it in English.
    const english = await signIn(server.url, await buildUser({ agency: py, mfa: true, language: 'en' }));
    for (let i = 0; i < 3; i++) await english.post(`/api/v1/alerts/${alert.id}/updates`, note(`Note ${i}`)).expect(201);
    const inEnglish = await english.post(`/api/v1/alerts/${alert.id}/updates`, note('One more')).expect(429);
    expect(inEnglish.body.error.message).to.match(/Too many requests/);
    // Per user: a colleague of the same agency still posts.
    const colleague = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
    await colleague.post(`/api/v1/alerts/${alert.id}/updates`, note('Otra persona')).expect(201);
  });

  it('an alert’s updates are bounded in bytes: the origin’s notes stop where hits’ room starts, its hits at the bound; 409 alert_full, bilingual', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const big = '€'.repeat(5000); // 15,000 bytes in UTF-8, the largest note
    const fit = Math.floor(ALERT_LIMITS.updateBytesPerAlert / Buffer.byteLength(JSON.stringify({ text: big, location: null })));
    let posted = 0;
    // Notes first (refused where the room kept for hits starts), then hits until the alert is full.
    for (const body of [note(big), { kind: 'hit', hitType: 'sighting', text: big }]) {
      let refused: { status: number; body: { error: { code: string; message: string } } } | null = null;
      while (!refused) {
        const author = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
        for (let i = 0; i < 3 && !refused; i++) {
          const res = await author.post(`/api/v1/alerts/${alert.id}/updates`, body);
          if (res.status === 201) posted++;
          else refused = res;
        }
        expect(posted, 'the bound is reached').to.be.at.most(fit + 1);
      }
      expect(refused.status).to.equal(409);
      expect(refused.body.error.code).to.equal('alert_full');
      expect(refused.body.error.message).to.match(/novedades/);
    }
    expect(posted).to.equal(fit);
    const updates = await origin.get(`/api/v1/alerts/${alert.id}/updates`).expect(200);
    expect(updates.body.items).to.have.length(fit);
  });

  it('reviewAt: tomorrow to one year from now, on create and edit; far dates and the past are refused', async () => {
    for (const reviewAt of ['9999-12-31T00:00:00Z', '1970-01-01T00:00:00Z', iso(-HOUR_MS), iso(20 * HOUR_MS), iso(366 * DAY_MS)]) {
      const res = await origin.post('/api/v1/alerts', alertBody({ reviewAt })).expect(400);
      expect(res.body.error.code, reviewAt).to.equal('validation_failed');
      expect(res.body.error.details[0].path).to.equal('reviewAt');
    }
    const early = (await origin.post('/api/v1/alerts', alertBody({ reviewAt: iso(DAY_MS + HOUR_MS) })).expect(201)).body;
    const late = (await origin.post('/api/v1/alerts', alertBody({ reviewAt: iso(364 * DAY_MS) })).expect(201)).body;
    expect(Date.parse(late.reviewAt)).to.be.greaterThan(Date.parse(early.reviewAt));
    await origin.patch(`/api/v1/alerts/${early.id}`, { version: early.version, reviewAt: '9999-12-31T00:00:00Z' }).expect(400);
    await origin.patch(`/api/v1/alerts/${early.id}`, { version: early.version, reviewAt: iso(HOUR_MS) }).expect(400);
    const moved = await origin.patch(`/api/v1/alerts/${early.id}`, { version: early.version, reviewAt: iso(30 * DAY_MS) }).expect(200);
    expect(Date.parse(moved.body.reviewAt)).to.be.closeTo(Date.now() + 30 * DAY_MS, 60_000);
  });
});
