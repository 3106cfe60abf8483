/**
 * Retention of closed alerts' personal data (issue 29, docs/security.md "Retention"), with the
 * alert path's wall clock moved (alertClocks.wall) and the job run as the scheduler runs it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { alertClocks } from '../../server/alerts/changeLog/alertClocks.js';
import { AlertCopy } from '../../server/alerts/copy/alertCopy.js';
import { decodeAlert } from '../../server/alerts/copy/alertHead.js';
import { FORMAT_WITHOUT_RETENTION, readSnapshot } from '../../server/alerts/copy/alertSnapshot.js';
import { key } from '../../server/alerts/copy/indexKeys.js';
import { addYears, dayMonthYear } from '../../server/alerts/retention/retentionRule.js';
import type { Job } from '../../server/platform/jobs/scheduler.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { ERROR_MESSAGES } from '../../shared/i18n/messages.js';
import { DAY_MS } from '../../shared/time.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { runNode } from '../helpers/cli.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { coreJob } from '../helpers/jobs.js';
import { tinyPng, uploadPhoto } from '../helpers/photoUpload.js';
import { eventually } from '../helpers/processes.js';
import { spawnServer, startTestServer, type SpawnedServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';
import { AuditEvent, Photo, PhotoThumb } from '../helpers/models.js';

/** What the purged alert held that must be gone everywhere. */
const DOCUMENT = '30.123.456';
const PERSONAL = [
  'María José',
  'Benítez',
  'Majo',
  '4567890',
  '30123456',
  DOCUMENT,
  'AB123CD',
  'AB 123 CD',
  '981123456',
  'Cabecera del puente',
  'Clorinda',
  'Joven acompañada',
  'FSA-1234',
  'Of. Gómez',
];
const ids = (res: { body: { items: Array<{ id?: string; alertId?: string }> } }) => res.body.items.map((i) => i.id ?? i.alertId);

describe('retention: closed alerts lose their personal data after RETENTION_YEARS (issue 29)', function () {
  this.timeout(180_000);
  let server: PuenteServer;
  let other: SpawnedServer;
  let officer: ApiClient;
  let admin: ApiClient;
  let prosecutor: ApiClient;
  let neighbour: ApiClient;
  let py: ApiClient;
  let pyThere: ApiClient;
  let socket: TestSocket;
  let job: Job;
  let purgedId: string;
  let keptId: string;
  let matchingId: string;
  let photoId: string;
  /** The purged alert's rule date: closure plus five years. */
  let rule: number;
  /** The extended alert's new purge date. */
  let extendedUntil: number;
  const realWall = alertClocks.wall;
  const setClock = (at: number) => (alertClocks.wall = () => at);
  const watchHits: string[] = [];
  let tmp: string;
  let snapshotFile: string;
  let follower: AlertCopy;

  const close = async (c: ApiClient, id: string) =>
    (await c.post(`/api/v1/alerts/${id}/status`, { status: 'resolved', reason: 'Víctima asistida por la fiscalía' }).expect(200)).body;
  const audits = (action: string, targetId: string) => AuditEvent.find({ action, targetId }).sort({ _id: 1 }).lean();

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    other = await spawnServer({ MONGODB_URI: testStore().store.uri, MONGODB_DB: testStore().dbName, JOBS_ENABLED: 'false' });
    // The issuing agency is a prosecution service, so one of its users can hold a role that may not extend.
    const issuing = await buildAgency({ country: 'AR', kind: 'prosecutor' });
    const arOther = await buildAgency({ country: 'AR' });
    const pyAgency = await buildAgency({ country: 'PY' });
    officer = await signIn(server.url, await buildUser({ agency: issuing, mfa: true }));
    admin = await signIn(server.url, await buildUser({ agency: issuing, roles: ['agency_admin'], mfa: true }));
    prosecutor = await signIn(server.url, await buildUser({ agency: issuing, roles: ['prosecutor'], mfa: true }));
    neighbour = await signIn(server.url, await buildUser({ agency: arOther, mfa: true }));
    py = await signIn(server.url, await buildUser({ agency: pyAgency, mfa: true }));
    pyThere = await signIn(other.url, await buildUser({ agency: pyAgency, mfa: true }));
    // A watch on the purged alert's kind: the purge is a change, and must not be announced to it.
    await py.post('/api/v1/watches', { kind: 'alert_kind', value: 'possible_victim' }).expect(201);
    socket = await openSocket(server.url, { cookie: py.cookieHeader() });
    socket.on('watch:hit', (e: { alert: { id: string } }) => watchHits.push(e.alert.id));

    purgedId = (await officer.post('/api/v1/alerts', alertBody()).expect(201)).body.id;
    const photo = await uploadPhoto(officer, purgedId, await tinyPng(), 'image/png', 0).expect(201);
    photoId = photo.body.id;
    await officer.post(`/api/v1/alerts/${purgedId}/updates`, { kind: 'note', text: 'Vista en Clorinda con Benítez' }).expect(201);
    keptId = (await officer.post('/api/v1/alerts', alertBody({ title: 'Se extenderá' })).expect(201)).body.id;
    // Another agency's alert sharing the suspect's document: a match, until the purge.
    matchingId = (
      await py
        .post(
          '/api/v1/alerts',
          alertBody({
            title: 'Misma persona',
            subjects: [
              {
                role: 'suspect',
                givenNames: 'Ramón',
                familyNames: 'Acosta',
                documents: [{ type: 'DNI', country: 'AR', number: DOCUMENT }],
              },
            ],
            vehicles: [],
            phones: [],
          }),
        )
        .expect(201)
    ).body.id;
    const closed = await close(officer, purgedId);
    await close(officer, keptId);
    rule = addYears(Date.parse(closed.history.at(-1).at), 5);
    job = coreJob(server.instance, 'alerts.retention');

    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-retention-'));
    snapshotFile = path.join(tmp, 'alert-copy.snapshot');
    // A copy following the log as another process's does, with its snapshot file.
    follower = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    follower.useSnapshot({ file: snapshotFile, database: mongoose.connection.db!.databaseName });
    await follower.sync(0);
    expect(await follower.saveSnapshot()).to.equal(true);
  });
  after(async () => {
    alertClocks.wall = realWall;
    socket?.close();
    await server?.stop();
    other?.child.kill('SIGTERM');
    await other?.exited;
    if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  });
  afterEach(() => (alertClocks.wall = realWall));

  it('the job is scheduled, and before the purge the alert matches and is found', async () => {
    expect(job.reports, 'its counts are logged').to.equal(true);
    await drainMatchWorker(server.instance);
    const matches = await py.get(`/api/v1/alerts/${matchingId}/matches`).expect(200);
    expect(ids(matches)).to.include(purgedId);
    expect(ids(await py.get(`/api/v1/search?q=${encodeURIComponent(DOCUMENT)}`).expect(200))).to.include(purgedId);
  });

  it('tells the issuing agency 120, 30 and 7 days before, exactly once each', async () => {
    const runAt = async (at: number) => {
      setClock(at);
      return (await job.run()) as { noticed: number; purged: number };
    };
    // The notices of the purged alert so far (the other closed alert, closed a moment later, has its own).
    const sent = async () =>
      (await audits('alert.retention_notice', purgedId)).map((e) => (e.details as { daysBefore: number }).daysBefore);
    expect(await runAt(rule - 121 * DAY_MS)).to.deep.equal({ noticed: 0, purged: 0 });
    await runAt(rule - 120 * DAY_MS);
    expect(await sent()).to.deep.equal([120]);
    await runAt(rule - 120 * DAY_MS + 60_000);
    await runAt(rule - 31 * DAY_MS);
    expect(await sent(), 'reruns send nothing again').to.deep.equal([120]);
    await runAt(rule - 30 * DAY_MS);
    await runAt(rule - 29 * DAY_MS);
    expect(await sent()).to.deep.equal([120, 30]);
    await runAt(rule - 7 * DAY_MS);
    expect((await runAt(rule - DAY_MS)).purged, 'not before the date').to.equal(0);
    expect(await sent()).to.deep.equal([120, 30, 7]);
    const notices = await audits('alert.retention_notice', purgedId);
    expect(notices.every((e) => e.actorId === 'system' && (e.details as { rule: string }).rule === 'RETENTION_YEARS=5')).to.equal(true);
    // In the issuing agency's inbox (officers and administrators), not in another agency's.
    const inboxOf = async (c: ApiClient) =>
      (
        (await c.get('/api/v1/inbox').expect(200)).body.items as Array<{
          kind: string;
          subject: { id: string } | null;
          data: { daysBefore?: number; purgeAt?: string };
        }>
      ).filter((i) => i.kind === 'retention_due' && i.subject?.id === purgedId);
    const items = await inboxOf(officer);
    expect(items.map((i) => i.data.daysBefore).sort((a, b) => a! - b!)).to.deep.equal([7, 30, 120]);
    expect(items.every((i) => i.data.purgeAt === new Date(rule).toISOString())).to.equal(true);
    expect(await inboxOf(admin)).to.have.length(3);
    expect(await inboxOf(py)).to.have.length(0);
    // The agency's reminder list, and the date on the alert.
    setClock(rule - DAY_MS);
    const due = (await officer.get('/api/v1/alerts/retention-due').expect(200)).body.items as Array<{
      alert: { id: string };
      purgeAt: string;
    }>;
    expect(due.find((d) => d.alert.id === purgedId)?.purgeAt).to.equal(new Date(rule).toISOString());
    expect((await py.get('/api/v1/alerts/retention-due').expect(200)).body.items).to.have.length(0);
    expect((await officer.get(`/api/v1/alerts/${purgedId}`).expect(200)).body.retention).to.include({
      purgeAt: new Date(rule).toISOString(),
      purgedAt: null,
      note: null,
    });
  });

  it('only the issuing agency’s officers and administrators extend retention, with a reason and a CSRF token', async () => {
    setClock(rule - DAY_MS);
    const url = `/api/v1/alerts/${keptId}/retention`;
    const body = { reason: 'Causa judicial en trámite: la fiscalía pidió conservar los datos' };
    expect((await neighbour.post(url, body).expect(403)).body.error.code, 'another agency of the same country').to.equal('forbidden');
    expect((await py.post(url, body).expect(403)).body.error.code, 'the other country').to.equal('forbidden');
    expect((await prosecutor.post(url, body).expect(403)).body.error.code, 'a role that may not').to.equal('forbidden');
    const noCsrf = await officer.agent.post(url).send(body);
    expect([noCsrf.status, noCsrf.body.error?.code]).to.deep.equal([403, 'csrf_failed']);
    await officer.post(url, {}).expect(400);
    await officer.post(url, { ...body, years: 9 }).expect(400);
    expect(await audits('alert.retention_extend', keptId)).to.have.length(0);

    const before = (await officer.get(`/api/v1/alerts/${keptId}`).expect(200)).body.retention.purgeAt as string;
    const extended = (await admin.post(url, { ...body, years: 2 }).expect(200)).body;
    expect(Date.parse(extended.retention.purgeAt) - Date.parse(before)).to.be.greaterThan(2 * 364 * DAY_MS);
    expect(extended.retention.extendedUntil).to.equal(extended.retention.purgeAt);
    expect(extended.history.at(-1)).to.include({ action: 'retention_extended', reason: body.reason });
    const [event] = await audits('alert.retention_extend', keptId);
    expect(event?.details).to.deep.include({ reason: body.reason, years: 2 });
    extendedUntil = Date.parse(extended.retention.purgeAt);
    // An active alert has no retention period yet.
    const active = (await officer.post('/api/v1/alerts', alertBody({ title: 'Activa' })).expect(201)).body.id;
    await officer.post(`/api/v1/alerts/${active}/retention`, body).expect(403);
  });

  it('purges on the date: the store, this process, another process, search, matches and watches forget at once', async () => {
    await drainMatchWorker(server.instance);
    await new Promise((r) => setTimeout(r, 300));
    const hitsBefore = watchHits.filter((id) => id === purgedId).length;
    expect(hitsBefore, 'the kind watch heard of the alert').to.be.greaterThan(0);
    setClock(rule);
    const run = (await job.run()) as { noticed: number; purged: number };
    expect(run.purged, 'the extended alert is kept').to.equal(1);

    const stored = await mongoose.connection.collection('alerts').findOne({ _id: new mongoose.Types.ObjectId(purgedId) });
    const kept = await mongoose.connection.collection('alerts').findOne({ _id: new mongoose.Types.ObjectId(keptId) });
    for (const value of PERSONAL) expect(JSON.stringify(stored), `store: ${value}`).to.not.include(value);
    expect(JSON.stringify(kept), 'the extended alert keeps its data').to.include('Benítez');
    // The commission's figures survive the purge: the victim's nationality is kept apart, naming no one.
    expect(stored?.statisticsFacts, 'statistics facts').to.include({
      victimNationality: 'PY',
      placeCountry: 'AR',
      placeArea: 'Formosa',
      borderCrossing: 'Puente San Ignacio de Loyola',
    });
    expect(stored?.statisticsFacts.resolvedAt, 'resolution date kept').to.be.instanceOf(Date);
    expect(await Photo.countDocuments({ _id: photoId })).to.equal(0);
    expect(await PhotoThumb.countDocuments({ _id: photoId })).to.equal(0);

    // The skeleton, with the note.
    const shown = (await officer.get(`/api/v1/alerts/${purgedId}`).expect(200)).body;
    expect(shown).to.include({ title: '', status: 'resolved', kind: 'possible_victim', summary: null, legalBasis: null });
    expect(shown.distribution.scope).to.equal('bilateral');
    expect([shown.subjects, shown.vehicles, shown.phones, shown.photos]).to.deep.equal([[], [], [], []]);
    expect(shown.locations).to.deep.equal([{ country: 'AR', adminArea: 'Formosa', borderCrossing: 'Puente San Ignacio de Loyola' }]);
    expect(shown.updates.map((u: { text: string }) => u.text)).to.deep.equal(['']);
    expect(shown.history.at(-1)).to.include({ action: 'personal_data_purged', by: 'system' });
    expect(shown.retention.note).to.equal(`Datos personales eliminados por plazo de conservación (${dayMonthYear(rule)})`);
    expect(shown.retention.note).to.match(/\(\d\d\/\d\d\/\d{4}\)$/);
    expect(shown.abilities).to.include({ edit: false, changeStatus: false, addUpdate: false, extendRetention: false });
    for (const value of PERSONAL) expect(JSON.stringify(shown), `read: ${value}`).to.not.include(value);

    // This process's copy and search: no key of the document holds the alert any more.
    expect(server.instance.alertCopy.holders(key.document('30123456')).has(purgedId)).to.equal(false);
    expect(server.instance.alertCopy.holders(key.document('30123456')).has(matchingId)).to.equal(true);
    await drainMatchWorker(server.instance);
    const found = await py.get(`/api/v1/search?q=${encodeURIComponent(DOCUMENT)}`).expect(200);
    expect(ids(found)).to.not.include(purgedId);
    expect(ids(found), 'the search itself works').to.include(matchingId);
    expect(ids(await py.get(`/api/v1/alerts/${matchingId}/matches`).expect(200))).to.not.include(purgedId);

    // Another process, following the log.
    const there = await eventually(
      async () => (await pyThere.get(`/api/v1/alerts/${purgedId}`).expect(200)).body,
      (a) => a.subjects.length === 0,
    );
    for (const value of PERSONAL) expect(JSON.stringify(there), `other process: ${value}`).to.not.include(value);
    expect(ids(await pyThere.get(`/api/v1/search?q=${encodeURIComponent(DOCUMENT)}`).expect(200))).to.not.include(purgedId);

    // No watch heard of the purge.
    await drainMatchWorker(server.instance);
    await new Promise((r) => setTimeout(r, 300));
    expect(watchHits.filter((id) => id === purgedId)).to.have.length(hitsBefore);
  });

  it('the snapshot of a copy that applies the purge is written again at once', async () => {
    await follower.sync(0);
    const held = await eventually(
      async () => {
        const snapshot = await readSnapshot(snapshotFile, mongoose.connection.db!.databaseName);
        const at = snapshot!.alerts.findIndex((a) => a.head.id === purgedId);
        return { head: snapshot!.alerts[at]!.head, alert: decodeAlert(snapshot!.alerts[at]!.raw) };
      },
      (h) => h.alert.subjects.length === 0,
    );
    expect(held.head.retention?.purgedAt).to.equal(rule);
    for (const value of PERSONAL) expect(JSON.stringify(held.alert), `snapshot: ${value}`).to.not.include(value);
  });

  it('a snapshot in the previous format is still read, its heads given their retention facts', async () => {
    const bytes = await fs.readFile(snapshotFile);
    const previous = Buffer.from(bytes);
    const current = 'puente-alert-copy/6';
    expect(FORMAT_WITHOUT_RETENTION.length).to.equal(current.length);
    const at = previous.indexOf(current);
    expect(at).to.be.greaterThan(0);
    previous.write(FORMAT_WITHOUT_RETENTION, at);
    previous.writeUInt32LE(crc32(previous.subarray(0, previous.length - 4)), previous.length - 4);
    const oldFile = path.join(tmp, 'previous.snapshot');
    await fs.writeFile(oldFile, previous);
    const reader = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    reader.useSnapshot({ file: oldFile, database: mongoose.connection.db!.databaseName });
    await reader.sync(0);
    expect(reader.lastLoad?.source).to.equal('snapshot');
    expect(reader.head(purgedId)?.retention?.purgedAt).to.equal(rule);
    expect(reader.head(keptId)?.retention?.extendedUntil).to.be.a('number');
    expect(reader.head(matchingId)?.retention).to.equal(null);
  });

  it('refuses writes to the purged alert with 409 alert_purged, in Spanish and English', async () => {
    const code = async (req: Promise<{ status: number; body: { error: { code: string; message: string } } }>) => {
      const res = await req;
      return [res.status, res.body.error.code];
    };
    const url = `/api/v1/alerts/${purgedId}`;
    expect(await code(officer.patch(url, { version: 99, title: 'Otra' }))).to.deep.equal([409, 'alert_purged']);
    expect(await code(officer.post(`${url}/status`, { status: 'active', reason: 'Reabrir' }))).to.deep.equal([409, 'alert_purged']);
    expect(await code(py.post(`${url}/updates`, { kind: 'note', text: 'Otra novedad' }))).to.deep.equal([409, 'alert_purged']);
    expect(await code(officer.post(`${url}/retention`, { reason: 'Tarde' }))).to.deep.equal([409, 'alert_purged']);
    const photo = await uploadPhoto(officer, purgedId, await tinyPng(), 'image/png');
    expect([photo.status, photo.body.error.code]).to.deep.equal([409, 'alert_purged']);
    // The officer reads Spanish; the English text is there for those who chose it.
    expect((await officer.patch(url, { version: 99, title: 'Otra' })).body.error.message).to.equal(ERROR_MESSAGES.alert_purged.es);
    expect(ERROR_MESSAGES.alert_purged.es).to.match(/plazo de conservación/);
    expect(ERROR_MESSAGES.alert_purged.en).to.match(/retention period/);
  });

  it('after an extension the notices start again for the new date', async () => {
    const before = (await audits('alert.retention_notice', keptId)).length;
    setClock(extendedUntil - 121 * DAY_MS);
    await job.run();
    expect(await audits('alert.retention_notice', keptId)).to.have.length(before);
    setClock(extendedUntil - 120 * DAY_MS);
    await job.run();
    const again = await audits('alert.retention_notice', keptId);
    expect(again).to.have.length(before + 1);
    expect(again.at(-1)?.details).to.deep.include({ daysBefore: 120, purgeAt: new Date(extendedUntil).toISOString() });
  });

  it('a rerun purges nothing twice; one audit event per purged alert names the rule, not the data; the chain verifies', async () => {
    setClock(rule + DAY_MS);
    expect(((await job.run()) as { purged: number }).purged).to.equal(0);
    const events = await audits('alert.personal_data_purge', purgedId);
    expect(events).to.have.length(1);
    expect(events[0]!.actorId).to.equal('system');
    expect(events[0]!.details).to.deep.include({ rule: 'RETENTION_YEARS=5', retainedUntil: new Date(rule).toISOString(), photos: 1 });
    for (const value of PERSONAL) expect(JSON.stringify(events[0]), `audit: ${value}`).to.not.include(value);
    const verify = await runNode(['server/cli/main.ts', 'audit-verify']);
    expect(verify.code, verify.out).to.equal(0);
    expect(verify.stdout).to.match(/^ok: /);
  });
});
