/**
 * Pen-test issue 23, F0: on a restricted alert a photo is shown without restricted access only when
 * it is linked to a subject who is not a victim, or marked as showing no person; every other photo
 * (no subject and nothing said, an unidentified person, a victim, a subject that is gone, photos
 * stored before the question was asked) fails closed — in GET /alerts/:id, in the photo bytes and
 * thumbnails, and in socket events.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { Photo, PhotoThumb } from '../helpers/models.js';

interface PhotoRef {
  id: string;
  subjectId: string | null;
  shows: string;
  restricted: boolean;
}

const png = () =>
  sharp({ create: { width: 24, height: 24, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toBuffer();

function upload(client: ApiClient, alertId: string, query: string, body: Buffer) {
  return client.agent
    .post(`/api/v1/alerts/${alertId}/photos${query}`)
    .set('X-CSRF-Token', client.csrfToken!)
    .set('Content-Type', 'image/png')
    .send(body);
}

const bytes = (client: ApiClient, alertId: string, photoId: string, size: 'full' | 'thumb') =>
  client.agent.get(`/api/v1/alerts/${alertId}/photos/${photoId}?size=${size}`).buffer(true);

describe('photos of a restricted alert fail closed without restricted access (issue 23, F0)', function () {
  this.timeout(60_000);
  const server = suiteServer();
  let origin: ApiClient;
  let pyOfficer: ApiClient;
  let pyProsecutor: ApiClient;
  let alertId = '';
  let victimId = '';
  let suspectId = '';

  before(async () => {
    const ar = await buildAgency({ country: 'AR' });
    const pyPolice = await buildAgency({ country: 'PY' });
    const pyFiscalia = await buildAgency({ country: 'PY', kind: 'prosecutor' });
    origin = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    pyOfficer = await signIn(server.url, await buildUser({ agency: pyPolice, mfa: true }));
    pyProsecutor = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
    const created = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    alertId = created.id;
    [victimId, suspectId] = created.subjects.map((s: { id: string }) => s.id);
  });

  it('a photo sent with no subject (as the new-alert form did) is hidden from a PY officer, shown to a PY prosecutor', async () => {
    const photo = (await upload(origin, alertId, '', await png()).expect(201)).body as PhotoRef;
    expect(photo).to.include({ subjectId: null, shows: 'person', restricted: true });

    const officerView = (await pyOfficer.get(`/api/v1/alerts/${alertId}`).expect(200)).body;
    expect(JSON.stringify(officerView)).to.not.include(photo.id);
    expect(officerView.hiddenPhotoCount).to.equal(1);
    for (const size of ['full', 'thumb'] as const) await bytes(pyOfficer, alertId, photo.id, size).expect(404);

    const prosecutorView = (await pyProsecutor.get(`/api/v1/alerts/${alertId}`).expect(200)).body;
    expect(prosecutorView.photos.map((p: PhotoRef) => p.id)).to.include(photo.id);
    expect(prosecutorView.hiddenPhotoCount).to.equal(0);
    for (const size of ['full', 'thumb'] as const) await bytes(pyProsecutor, alertId, photo.id, size).expect(200);
    await bytes(origin, alertId, photo.id, 'full').expect(200);
  });

  it('what the photo shows decides: no person or a non-victim is shown to all, a victim or an unidentified person is not', async () => {
    const image = await png();
    const cases = [
      { query: '?shows=no_person', visible: true },
      { query: `?subjectId=${suspectId}`, visible: true },
      { query: `?subjectId=${victimId}`, visible: false },
      { query: '?shows=person', visible: false },
    ];
    for (const c of cases) {
      const photo = (await upload(origin, alertId, c.query, image).expect(201)).body as PhotoRef;
      expect(photo.restricted, c.query).to.equal(!c.visible);
      const seen = (await pyOfficer.get(`/api/v1/alerts/${alertId}`).expect(200)).body.photos.map((p: PhotoRef) => p.id);
      expect(seen.includes(photo.id), c.query).to.equal(c.visible);
      await bytes(pyOfficer, alertId, photo.id, 'thumb').expect(c.visible ? 200 : 404);
      await bytes(pyProsecutor, alertId, photo.id, 'thumb').expect(200);
    }
  });

  it('a photo linked to a subject cannot also claim to show no person; unknown values are refused', async () => {
    const image = await png();
    await upload(origin, alertId, `?subjectId=${victimId}&shows=no_person`, image).expect(400);
    await upload(origin, alertId, '?subjectIndex=0&shows=no_person', image).expect(400);
    await upload(origin, alertId, '?shows=vehicle_or_victim', image).expect(400);
  });

  it('a photo stored before `shows` existed (no subject, no field) is restricted', async () => {
    const created = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const id = randomUUID();
    const data = await png();
    const now = new Date();
    await Photo.collection.insertOne({ _id: id, alertId: created.id, mime: 'image/png', data, createdAt: now } as never);
    await PhotoThumb.collection.insertOne({ _id: id, alertId: created.id, mime: 'image/png', data, createdAt: now } as never);
    // The reference as the form stored it before: no subject and no `shows`, written as a change
    // another process made (logged, then stored with its position) so every reader takes it.
    const legacyRef = { id, subjectId: null, mime: 'image/png', width: 24, height: 24, bytes: data.length, addedBy: 'x', at: now };
    const seq = await logAlertChange(server.instance, created.id, 'changed');
    await mongoose.connection
      .collection('alerts')
      .updateOne({ _id: new mongoose.Types.ObjectId(created.id) }, { $push: { photos: legacyRef }, $set: { changeSeq: seq } } as never);

    const officerView = (await pyOfficer.get(`/api/v1/alerts/${created.id}`).expect(200)).body;
    expect(JSON.stringify(officerView)).to.not.include(id);
    expect(officerView.hiddenPhotoCount).to.equal(1);
    await bytes(pyOfficer, created.id, id, 'full').expect(404);
    await bytes(pyOfficer, created.id, id, 'thumb').expect(404);
    const prosecutorView = (await pyProsecutor.get(`/api/v1/alerts/${created.id}`).expect(200)).body;
    expect(prosecutorView.photos.find((p: PhotoRef) => p.id === id)).to.include({ shows: 'person', restricted: true });
    await bytes(pyProsecutor, created.id, id, 'full').expect(200);
  });

  it('on a standard alert every photo is shown to all its recipients', async () => {
    const created = (await origin.post('/api/v1/alerts', alertBody({ sensitivity: 'standard', victimConsent: undefined })).expect(201))
      .body;
    const photo = (await upload(origin, created.id, '', await png()).expect(201)).body as PhotoRef;
    expect(photo.restricted).to.equal(false);
    const seen = (await pyOfficer.get(`/api/v1/alerts/${created.id}`).expect(200)).body;
    expect(seen.photos.map((p: PhotoRef) => p.id)).to.include(photo.id);
    expect(seen.hiddenPhotoCount).to.equal(0);
    await bytes(pyOfficer, created.id, photo.id, 'full').expect(200);
  });

  describe('socket events', () => {
    let officerSocket: TestSocket;
    let prosecutorSocket: TestSocket;
    before(async () => {
      officerSocket = await openSocket(server.url, { cookie: pyOfficer.cookieHeader() });
      prosecutorSocket = await openSocket(server.url, { cookie: pyProsecutor.cookieHeader() });
    });
    after(() => {
      officerSocket.close();
      prosecutorSocket.close();
    });

    it('the change a restricted photo makes reaches a PY officer without the photo', async () => {
      const toOfficer = nextEvent(officerSocket, 'alert:changed', 5000);
      const toProsecutor = nextEvent(prosecutorSocket, 'alert:changed', 5000);
      const photo = (await upload(origin, alertId, '?shows=person', await png()).expect(201)).body as PhotoRef;
      const [officerEvent, prosecutorEvent] = await Promise.all([toOfficer, toProsecutor]);
      expect(officerEvent.alert.id).to.equal(alertId);
      expect(prosecutorEvent.alert.id).to.equal(alertId);
      expect(JSON.stringify(officerEvent)).to.not.include(photo.id);
      // What the client does on the event: re-read the alert, which still hides the photo.
      const reread = (await pyOfficer.get(`/api/v1/alerts/${alertId}`).expect(200)).body;
      expect(JSON.stringify(reread)).to.not.include(photo.id);
    });
  });
});
