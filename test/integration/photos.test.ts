import { expect } from 'chai';
import sharp from 'sharp';
import type { PuenteServer } from '../../server/server.js';
import { SWEEP_MIN_AGE_MS, sweepOrphanedPhotos } from '../../server/alerts/photos/photoSweep.js';
import { photoFileWrites } from '../../server/alerts/photos/photos.service.js';
import { coreJob } from '../helpers/jobs.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { tinyPng, uploadPhoto } from '../helpers/photoUpload.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Photo, PhotoThumb } from '../helpers/models.js';

/** A JPEG carrying camera and GPS EXIF (Clorinda), as phones produce. */
async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 20, g: 80, b: 160 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PuenteCam', Model: 'Field phone' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '25/1 17/1 24/1', GPSLongitudeRef: 'W', GPSLongitude: '57/1 43/1 12/1' },
    })
    .toBuffer();
}

const upload = uploadPhoto;

function download(client: ApiClient, path: string) {
  return client.agent
    .get(path)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
}

describe('alert photos', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let foreignOfficer: ApiClient;
  let foreignProsecutor: ApiClient;
  let alertId = '';

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    officer = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    foreignOfficer = await signIn(server.url, await buildUser({ agency: py, mfa: true }));
    const pyFiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' }); // prosecutors belong in one (roles.policy.ts)
    foreignProsecutor = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
    alertId = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body.id;
  });
  after(() => server.stop());

  it('a photo with GPS EXIF comes back without any EXIF, resized and re-encoded', async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif, 'the fixture carries EXIF').to.not.equal(undefined);
    const res = await upload(officer, alertId, original, 'image/jpeg');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ mime: 'image/jpeg', width: 800, height: 600, subjectIndex: null });
    const got = await download(officer, `/api/v1/alerts/${alertId}/photos/${res.body.id}`).expect(200);
    expect(got.headers['content-type']).to.equal('image/jpeg');
    expect(got.headers['cache-control']).to.equal('private, no-store');
    const meta = await sharp(got.body as Buffer).metadata();
    expect(meta.exif).to.equal(undefined);
    expect((got.body as Buffer).includes(Buffer.from('PuenteCam'))).to.equal(false);
    const thumb = await download(officer, `/api/v1/alerts/${alertId}/photos/${res.body.id}?size=thumb`).expect(200);
    expect((await sharp(thumb.body as Buffer).metadata()).width).to.be.at.most(320);
  });

  it('a retried upload with the same Idempotency-Key stores the photo once and answers the first result', async () => {
    const image = await jpegWithGps();
    const key = `photo-retry-${Date.now()}`;
    const first = await upload(officer, alertId, image, 'image/jpeg').set('Idempotency-Key', key);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    const before = (await officer.get(`/api/v1/alerts/${alertId}`).expect(200)).body.photos.length;
    const retry = await upload(officer, alertId, image, 'image/jpeg').set('Idempotency-Key', key);
    expect(retry.status).to.equal(201);
    expect(retry.headers['idempotent-replayed']).to.equal('true');
    expect(retry.body.id).to.equal(first.body.id);
    const after = (await officer.get(`/api/v1/alerts/${alertId}`).expect(200)).body.photos;
    expect(after.length).to.equal(before);
    // Another key is another photo; a malformed key is refused.
    const other = await upload(officer, alertId, image, 'image/jpeg').set('Idempotency-Key', `${key}-b`);
    expect(other.body.id).to.not.equal(first.body.id);
    expect((await upload(officer, alertId, image, 'image/jpeg').set('Idempotency-Key', 'bad key!')).status).to.equal(400);
  });

  it('refuses an oversized image with 413 and a fake one with 415', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 10, 1);
    const tooBig = await upload(officer, alertId, big, 'image/jpeg').expect(413);
    expect(tooBig.body.error.code).to.equal('payload_too_large');
    const fake = await upload(officer, alertId, Buffer.from('<?php echo "no soy una imagen"; ?>'), 'image/jpeg').expect(415);
    expect(fake.body.error.code).to.equal('unsupported_media_type');
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: 'red' } })
      .gif()
      .toBuffer();
    await upload(officer, alertId, gif, 'image/png').expect(415);
    await officer.post(`/api/v1/alerts/${alertId}/photos`, { not: 'an image' }).expect(415);
  });

  it('a restricted victim’s photo is served to prosecutors and the origin only', async () => {
    const png = await sharp({ create: { width: 40, height: 40, channels: 4, background: 'green' } })
      .png()
      .toBuffer();
    const victimPhoto = (await upload(officer, alertId, png, 'image/png', 0).expect(201)).body;
    const suspectPhoto = (await upload(officer, alertId, png, 'image/png', 1).expect(201)).body;
    await download(foreignOfficer, `/api/v1/alerts/${alertId}/photos/${victimPhoto.id}`).expect(404);
    await download(foreignOfficer, `/api/v1/alerts/${alertId}/photos/${suspectPhoto.id}`).expect(200);
    await download(foreignProsecutor, `/api/v1/alerts/${alertId}/photos/${victimPhoto.id}`).expect(200);
    const seen = await foreignOfficer.get(`/api/v1/alerts/${alertId}`).expect(200);
    const ids = seen.body.photos.map((p: { id: string }) => p.id);
    expect(ids).to.include(suspectPhoto.id).and.not.include(victimPhoto.id);
  });

  it('photos follow their subject by a stable id: reordering or dropping subjects never exposes a victim’s photo (issue #10 item 3)', async () => {
    const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: 'blue' } })
      .png()
      .toBuffer();
    const witness = { role: 'witness', givenNames: 'Pedro', familyNames: 'Gauto' };
    const victim = {
      role: 'victim',
      givenNames: 'Ana',
      familyNames: 'Cáceres',
      documents: [{ type: 'CI', country: 'PY', number: '6.111.222' }],
    };
    const created = (await officer.post('/api/v1/alerts', alertBody({ subjects: [witness, victim] })).expect(201)).body;
    const [witnessId, victimId] = created.subjects.map((s: { id: string }) => s.id);
    expect(witnessId).to.be.a('string').and.not.equal(victimId);
    const witnessPhoto = (await upload(officer, created.id, png, 'image/png', 0).expect(201)).body;
    const victimPhoto = (await upload(officer, created.id, png, 'image/png', 1).expect(201)).body;
    expect(victimPhoto).to.include({ subjectId: victimId, subjectIndex: 1 });
    await download(foreignOfficer, `/api/v1/alerts/${created.id}/photos/${victimPhoto.id}`).expect(404);

    // The attack: a routine edit drops the witness, so the victim moves to index 0.
    const edited = (
      await officer.patch(`/api/v1/alerts/${created.id}`, { version: created.version, subjects: [{ ...victim, id: victimId }] }).expect(200)
    ).body;
    expect(edited.subjects.map((s: { id: string }) => s.id)).to.deep.equal([victimId]);
    expect(edited.photos.find((p: { id: string }) => p.id === victimPhoto.id)).to.include({ subjectId: victimId, subjectIndex: 0 });
    expect(
      edited.photos.map((p: { id: string }) => p.id),
      'the dropped subject’s photo goes with it',
    ).to.not.include(witnessPhoto.id);
    await download(foreignOfficer, `/api/v1/alerts/${created.id}/photos/${victimPhoto.id}`).expect(404);
    await download(foreignOfficer, `/api/v1/alerts/${created.id}/photos/${witnessPhoto.id}`).expect(404);
    const seen = await foreignOfficer.get(`/api/v1/alerts/${created.id}`).expect(200);
    expect(seen.body.photos).to.deep.equal([]);
    await download(foreignProsecutor, `/api/v1/alerts/${created.id}/photos/${victimPhoto.id}`).expect(200);

    // A client that sends the subject back without its id creates a new subject: the old link is dropped, not re-aimed.
    const again = (await officer.patch(`/api/v1/alerts/${created.id}`, { version: edited.version, subjects: [victim] }).expect(200)).body;
    expect(again.subjects[0].id).to.not.equal(victimId);
    expect(again.photos).to.deep.equal([]);
    await download(officer, `/api/v1/alerts/${created.id}/photos/${victimPhoto.id}`).expect(404);

    // Ids are the server's: an unknown or repeated id is refused.
    const bad = await officer.patch(`/api/v1/alerts/${created.id}`, {
      version: again.version,
      subjects: [{ ...victim, id: victimId }],
    });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details[0].path).to.equal('subjects.0.id');
    const twice = { ...witness, id: again.subjects[0].id };
    await officer.patch(`/api/v1/alerts/${created.id}`, { version: again.version, subjects: [twice, twice] }).expect(400);
  });

  it('uploads by subjectId too; a subject id that is not on the alert is refused', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'black' } })
      .png()
      .toBuffer();
    const alert = (await officer.get(`/api/v1/alerts/${alertId}`).expect(200)).body;
    const suspectId = alert.subjects[1].id as string;
    const res = await officer.agent
      .post(`/api/v1/alerts/${alertId}/photos?subjectId=${suspectId}`)
      .set('X-CSRF-Token', officer.csrfToken!)
      .set('Content-Type', 'image/png')
      .send(png)
      .expect(201);
    expect(res.body).to.include({ subjectId: suspectId, subjectIndex: 1 });
    await officer.agent
      .post(`/api/v1/alerts/${alertId}/photos?subjectId=00000000-0000-4000-8000-000000000000`)
      .set('X-CSRF-Token', officer.csrfToken!)
      .set('Content-Type', 'image/png')
      .send(png)
      .expect(400);
  });

  it('only the originating agency adds photos; others get 403, and 404 for a subject that does not exist', async () => {
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'white' } })
      .png()
      .toBuffer();
    await upload(foreignOfficer, alertId, png, 'image/png').expect(403);
    await upload(officer, alertId, png, 'image/png', 9).expect(400);
  });

  /** The image files stored for an alert, full size and thumbnails. */
  async function storedFiles(id: string): Promise<{ full: number; thumbs: number }> {
    return { full: await Photo.countDocuments({ alertId: id }), thumbs: await PhotoThumb.countDocuments({ alertId: id }) };
  }

  it('retries of one upload running at the same time store the photo once (the key is checked under the lock)', async () => {
    const id = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body.id as string;
    const image = await jpegWithGps();
    const key = `photo-burst-${Date.now()}`;
    const answers = await Promise.all([1, 2, 3].map(() => upload(officer, id, image, 'image/jpeg').set('Idempotency-Key', key)));
    for (const a of answers) expect(a.status, JSON.stringify(a.body)).to.equal(201);
    expect(new Set(answers.map((a) => a.body.id as string)).size).to.equal(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).to.have.length(2);
    expect((await officer.get(`/api/v1/alerts/${id}`).expect(200)).body.photos).to.have.length(1);
    expect(await storedFiles(id)).to.deep.equal({ full: 1, thumbs: 1 });
  });

  it('an upload whose second file write fails leaves no image data behind', async () => {
    const id = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body.id as string;
    const insertThumb = photoFileWrites.insertThumb;
    photoFileWrites.insertThumb = () => Promise.reject(new Error('store unavailable'));
    try {
      expect((await upload(officer, id, await tinyPng(), 'image/png')).status).to.equal(500);
    } finally {
      photoFileWrites.insertThumb = insertThumb;
    }
    expect(await storedFiles(id)).to.deep.equal({ full: 0, thumbs: 0 });
    expect((await officer.get(`/api/v1/alerts/${id}`).expect(200)).body.photos).to.have.length(0);
  });

  it('the periodic sweep removes old files no alert links, and keeps linked and recent ones', async () => {
    const id = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body.id as string;
    const linked = (await upload(officer, id, await tinyPng(), 'image/png').expect(201)).body.id as string;
    const old = new Date(Date.now() - SWEEP_MIN_AGE_MS - 60_000);
    await Photo.updateOne({ _id: linked }, { $set: { createdAt: old } });
    const data = Buffer.from('left behind by a crash');
    const file = (_id: string, createdAt: Date) => ({ _id, alertId: id, mime: 'image/png' as const, data, createdAt });
    await Photo.create([file('00000000-0000-4000-8000-00000000000a', old), file('00000000-0000-4000-8000-00000000000b', new Date())]);
    await PhotoThumb.create(file('00000000-0000-4000-8000-00000000000a', old));
    // A file of an alert that does not exist any more is unlinked too.
    await Photo.create({ ...file('00000000-0000-4000-8000-00000000000c', old), alertId: '0123456789abcdef01234567' });

    const job = coreJob(server.instance, 'photos.sweep_orphans');
    let removed = 0;
    // Bounded batches: a few runs reach every file, whatever earlier tests left.
    for (let run = 0; run < 5; run++) removed += (await job.run()) as number;
    expect(removed).to.be.at.least(3);
    expect(await Photo.exists({ _id: linked })).to.not.equal(null);
    expect(await Photo.exists({ _id: '00000000-0000-4000-8000-00000000000b' })).to.not.equal(null);
    for (const gone of ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000c'])
      expect(await Photo.exists({ _id: gone })).to.equal(null);
    expect(await PhotoThumb.exists({ _id: '00000000-0000-4000-8000-00000000000a' })).to.equal(null);
    await download(officer, `/api/v1/alerts/${id}/photos/${linked}`).expect(200);
    expect(await sweepOrphanedPhotos(server.instance)).to.equal(0);
  });
});
