/**
 * Issue #23 F6: the origin agency cannot grow an alert without limit either. An alert's history
 * and photos are capped (closing an alert is always possible), status changes and photo uploads
 * are rate-limited per user, and an image of more pixels than a phone camera takes is refused
 * from its header, before it is decoded.
 */
import { expect } from 'chai';
import sharp from 'sharp';
import { ALERT_LIMITS } from '../../shared/schemas/alerts.js';
import { PHOTO_MAX_PIXELS } from '../../server/alerts/photos/photoProcessing.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { tinyPng, uploadPhoto } from '../helpers/photoUpload.js';
import { suiteServer } from '../helpers/server.js';

const reason = 'r'.repeat(1000);

async function originOfficer(url: string): Promise<ApiClient> {
  return signIn(url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
}

describe('alert growth: history and photo caps, a 49-megapixel image (issue #23 F6)', function () {
  this.timeout(240_000);
  const server = suiteServer();
  let origin: ApiClient;

  before(async () => {
    origin = await originOfficer(server.url);
  });

  it('the finding: 300 status flips with 1,000-character reasons stop at the history cap with 409 alert_history_full, bilingual', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    let status: 'active' | 'resolved' = 'active';
    let refused: { status: number; body: { error: { code: string; message: string } } } | null = null;
    let flips = 0;
    for (; flips < 300 && !refused; flips++) {
      const next: 'active' | 'resolved' = status === 'active' ? 'resolved' : 'active';
      const res = await origin.post(`/api/v1/alerts/${alert.id}/status`, { status: next, reason });
      if (res.status === 200) status = next;
      else refused = res;
    }
    expect(refused, 'a flip was refused before 300').to.not.equal(null);
    expect(refused!.status).to.equal(409);
    expect(refused!.body.error.code).to.equal('alert_history_full');
    expect(refused!.body.error.message).to.match(/historial/);
    const stored = (await origin.get(`/api/v1/alerts/${alert.id}`).expect(200)).body;
    expect(stored.history.length).to.be.at.most(ALERT_LIMITS.historyPerAlert + 1);
    expect(Buffer.byteLength(JSON.stringify(stored.history))).to.be.at.most(ALERT_LIMITS.historyBytesPerAlert + 4096);
    // Refused on reopening (closing is always allowed): the alert stays closed.
    expect(stored.status).to.equal('resolved');
  });

  it('a full history still lets the origin close the alert (once), never reopen it', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    let version = alert.version as number;
    let refused = false;
    for (let i = 0; i < ALERT_LIMITS.historyPerAlert + 5 && !refused; i++) {
      const res = await origin.patch(`/api/v1/alerts/${alert.id}`, { version, priority: i % 2 ? 'urgent' : 'high' });
      if (res.status === 200) version = res.body.version;
      else {
        expect(res.status).to.equal(409);
        expect(res.body.error.code).to.equal('alert_history_full');
        refused = true;
      }
    }
    expect(refused, 'edits stop at the cap').to.equal(true);
    await origin.post(`/api/v1/alerts/${alert.id}/status`, { status: 'cancelled', reason: 'Cerrada' }).expect(200);
    const reopen = await origin.post(`/api/v1/alerts/${alert.id}/status`, { status: 'active', reason: 'Reabrir' }).expect(409);
    expect(reopen.body.error.code).to.equal('alert_history_full');
  });

  it('an alert holds at most ALERT_LIMITS.photosPerAlert photos: the next answers 409 alert_photos_full', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const png = await tinyPng();
    for (let i = 0; i < ALERT_LIMITS.photosPerAlert; i++) await uploadPhoto(origin, alert.id, png, 'image/png').expect(201);
    const refused = await uploadPhoto(origin, alert.id, png, 'image/png').expect(409);
    expect(refused.body.error.code).to.equal('alert_photos_full');
    expect(refused.body.error.message).to.match(/fotos/);
    const stored = (await origin.get(`/api/v1/alerts/${alert.id}`).expect(200)).body;
    expect(stored.photos).to.have.length(ALERT_LIMITS.photosPerAlert);
  });

  it('a 49-megapixel PNG (small on the wire) is refused with 413 image_too_large, bilingual; 24 MP passes', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const huge = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: { r: 10, g: 90, b: 30 } } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(huge.length, 'the body limit does not stop it').to.be.below(1024 * 1024);
    const started = Date.now();
    const refused = await uploadPhoto(origin, alert.id, huge, 'image/png').expect(413);
    expect(refused.body.error.code).to.equal('image_too_large');
    expect(refused.body.error.message).to.match(/megapíxeles/);
    // Refused from the header, not after decoding 49 million pixels (over a second of CPU).
    expect(Date.now() - started).to.be.below(1000);
    expect(PHOTO_MAX_PIXELS).to.be.at.most(24_000_000);
    const phone = await sharp({ create: { width: 4032, height: 3024, channels: 3, background: 'grey' } })
      .jpeg()
      .toBuffer();
    await uploadPhoto(origin, alert.id, phone, 'image/jpeg').expect(201);
  });
});

describe('alert growth: per-user rate limits on status changes and photo uploads (issue #23 F6)', function () {
  this.timeout(60_000);
  const server = suiteServer({ ALERT_STATUS_CHANGES_PER_10_MIN: '3', PHOTO_UPLOADS_PER_10_MIN: '3' });

  it('a fourth status change within 10 minutes answers 429 rate_limited with Retry-After; a colleague still may', async () => {
    const agency = await buildAgency({ country: 'AR' });
    const officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
    const alert = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const flips = ['resolved', 'active', 'resolved', 'active'] as const;
    for (const status of flips.slice(0, 3)) await officer.post(`/api/v1/alerts/${alert.id}/status`, { status, reason: 'x' }).expect(200);
    const limited = await officer.post(`/api/v1/alerts/${alert.id}/status`, { status: flips[3], reason: 'x' }).expect(429);
    expect(limited.body.error.code).to.equal('rate_limited');
    expect(Number(limited.headers['retry-after'])).to.be.greaterThan(0);
    const colleague = await signIn(server.url, await buildUser({ agency, mfa: true }));
    await colleague.post(`/api/v1/alerts/${alert.id}/status`, { status: 'active', reason: 'x' }).expect(200);
  });

  it('a fourth photo upload within 10 minutes answers 429 rate_limited', async () => {
    const officer = await originOfficer(server.url);
    const alert = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const png = await tinyPng();
    for (let i = 0; i < 3; i++) await uploadPhoto(officer, alert.id, png, 'image/png').expect(201);
    const limited = await uploadPhoto(officer, alert.id, png, 'image/png').expect(429);
    expect(limited.body.error.code).to.equal('rate_limited');
  });
});
