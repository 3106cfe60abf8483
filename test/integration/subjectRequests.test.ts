/**
 * Data-subject requests (issue 29) through HTTP and real sockets against the real store: only
 * system administrators open and read them; a second, different system administrator approves
 * before anything is found, exported, rectified or erased; "4.567.890" finds "4567890" and a name
 * without accents finds it with them, in alerts, updates, contacts and the audit trail; a
 * rectification and an erasure go out live to every agency the alert reaches, with a note in its
 * history; after an erasure and the request's completion the chain verifies, and the person's
 * name and number are found in no collection of the store while the alert's skeleton remains.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { AlertCopy } from '../../server/alerts/copy/alertCopy.js';
import { decodeAlert } from '../../server/alerts/copy/alertHead.js';
import { readSnapshot } from '../../server/alerts/copy/alertSnapshot.js';
import type { Test } from 'supertest';
import type { SubjectExportJson, SubjectFindingsDto, SubjectRequestDto } from '../../shared/dto/subjectRequest.js';
import { canonicalJson, sha256Hex } from '../../server/platform/auditTrail/canonical.js';
import { alertBody, victimAlertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { runNode } from '../helpers/cli.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { pdfAttachments, pdfToText } from '../helpers/pdf.js';
import { eventually } from '../helpers/processes.js';
import { suiteServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { AuditEvent } from '../helpers/models.js';

const binary = (req: Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

const BASE = '/api/v1/subject-requests';

/** Every document of every collection of the store, as JSON text (what a raw reader of the store sees). */
async function rawStore(): Promise<Map<string, string>> {
  const db = mongoose.connection.db!;
  const out = new Map<string, string>();
  for (const c of await db.listCollections().toArray()) out.set(c.name, JSON.stringify(await db.collection(c.name).find({}).toArray()));
  return out;
}

describe('data-subject requests (issue 29)', function () {
  this.timeout(180_000);
  const server = suiteServer();
  let admin1: ApiClient;
  let admin2: ApiClient;
  let agencyAdmin: ApiClient;
  let officer: ApiClient;
  let prosecutor: ApiClient;
  let pyOfficer: ApiClient;
  let arPoliceId = '';
  let alertId = '';
  let reference = '';
  let victimId = '';
  let suspectId = '';
  let noteId = '';
  /** A Paraguayan alert about her for its own agency only: a request sees past every distribution. */
  let pyAlertId = '';
  /** An alert that names her only in its own text (summary, consent note, a status reason): no subject of hers. */
  let textAlertId = '';

  before(async () => {
    const coordination = await buildAgency({ country: 'AR', kind: 'other', name: 'Unidad de Coordinación Binacional' });
    const arPolice = await buildAgency({ country: 'AR', kind: 'police', name: 'Policía de Formosa — Clorinda' });
    const pyPolice = await buildAgency({ country: 'PY', kind: 'police', name: 'Policía Nacional — Falcón' });
    const fiscalia = await buildAgency({ country: 'AR', kind: 'prosecutor', name: 'Fiscalía Federal de Formosa' });
    arPoliceId = String(arPolice._id);
    admin1 = await signIn(server.url, await buildUser({ agency: coordination, roles: ['system_admin'], mfa: true }));
    admin2 = await signIn(server.url, await buildUser({ agency: coordination, roles: ['system_admin'], mfa: true }));
    agencyAdmin = await signIn(server.url, await buildUser({ agency: arPolice, roles: ['agency_admin'], mfa: true }));
    officer = await signIn(server.url, await buildUser({ agency: arPolice, mfa: true }));
    prosecutor = await signIn(server.url, await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true }));
    pyOfficer = await signIn(server.url, await buildUser({ agency: pyPolice, mfa: true }));

    // A bilateral restricted alert: victim María José Benítez Ortiz (CI 4.567.890), suspect Ramón Acosta (DNI 30.123.456).
    const created = (await officer.post('/api/v1/alerts', alertBody({ title: 'Posible víctima en el paso fronterizo' })).expect(201))
      .body as {
      id: string;
      reference: string;
      subjects: Array<{ id: string; role: string }>;
    };
    alertId = created.id;
    reference = created.reference;
    victimId = created.subjects.find((s) => s.role === 'victim')!.id;
    suspectId = created.subjects.find((s) => s.role === 'suspect')!.id;
    noteId = (
      (
        await pyOfficer
          .post(`/api/v1/alerts/${alertId}/updates`, {
            kind: 'note',
            text: 'La vimos en Falcón; dijo llamarse María José Benitez, CI 4567890.',
          })
          .expect(201)
      ).body as { id: string }
    ).id;
    pyAlertId = (
      (
        await pyOfficer
          .post(
            '/api/v1/alerts',
            victimAlertBody('María José Benítez', '4567890', { title: 'Denuncia en Falcón', distribution: { scope: 'agency' } }),
          )
          .expect(201)
      ).body as { id: string }
    ).id;
    textAlertId = (
      (
        await officer
          .post(
            '/api/v1/alerts',
            alertBody({
              kind: 'other',
              title: 'Denuncia reservada en Clorinda',
              summary: 'La denunciante, María José Benítez (C.I. 4.567.890), pide reserva de su identidad.',
              subjects: [],
              vehicles: [],
              phones: [],
              victimConsent: { given: true, recordedBy: 'Of. Gómez', note: 'Consentimiento de Maria Jose Benitez por escrito' },
            }),
          )
          .expect(201)
      ).body as { id: string }
    ).id;
    await officer
      .post(`/api/v1/alerts/${textAlertId}/status`, { status: 'resolved', reason: 'María José Benítez asistida por la fiscalía' })
      .expect(200);
    // A search for her number: the audit trail records it (as the event's personal part).
    await pyOfficer.get('/api/v1/search?q=4567890').expect(200);
    await admin1
      .post('/api/v1/contacts', { agencyId: arPoliceId, kind: 'person', name: 'Ramón Acosta', phones: [{ number: '(0370) 15-4419999' }] })
      .expect(201);
  });

  const open = (client: ApiClient, body: object) => client.post(BASE, body);
  /** The alert as a snapshot file holds it, as JSON text. */
  const held = async (file: string) => {
    const snapshot = await readSnapshot(file, mongoose.connection.db!.databaseName);
    return JSON.stringify(decodeAlert(snapshot!.alerts.find((a) => a.head.id === alertId)!.raw));
  };
  const suppression = {
    identifier: '4.567.890',
    name: 'Maria Jose Benitez',
    law: 'py_habeas_data',
    right: 'suppression',
    reference: 'Nota 12/2026',
  };
  /** Another person, for the rules: the store must end up holding nothing of the one erased below. */
  const other = { identifier: '1.234.567', name: 'Juana Pérez', law: 'ar_ley_25326', right: 'suppression' };

  describe('who may open, read and approve', () => {
    it('an officer, a prosecutor or an agency administrator cannot open, list or read a request', async () => {
      for (const c of [officer, prosecutor, agencyAdmin]) {
        expect((await open(c, other).expect(403)).body.error.code).to.equal('forbidden');
        await c.get(BASE).expect(403);
      }
      const r = (await open(admin1, other).expect(201)).body as SubjectRequestDto;
      for (const c of [officer, prosecutor, agencyAdmin]) {
        await c.get(`${BASE}/${r.id}`).expect(403);
        await c.post(`${BASE}/${r.id}/decision`, { decision: 'approve' }).expect(403);
      }
      expect(await AuditEvent.countDocuments({ action: 'authz.denied' })).to.be.greaterThan(0);
    });

    it('refuses a request without its CSRF token', async () => {
      const res = await admin1.agent.post(BASE).send(other).expect(403);
      expect(res.body.error.code).to.equal('csrf_failed');
      const r = (await open(admin1, other).expect(201)).body as SubjectRequestDto;
      expect((await admin2.agent.post(`${BASE}/${r.id}/decision`).send({ decision: 'approve' }).expect(403)).body.error.code).to.equal(
        'csrf_failed',
      );
      expect(((await admin2.get(`${BASE}/${r.id}`).expect(200)).body as SubjectRequestDto).status).to.equal('pending_approval');
    });

    it('needs an identifier or a name, and a known law and right', async () => {
      await open(admin1, { law: 'ar_ley_25326', right: 'access' }).expect(400);
      await open(admin1, { identifier: '30.123.456', law: 'ley_cualquiera', right: 'access' }).expect(400);
    });

    it('the opener cannot approve it; nothing is found, exported or changed before a second administrator approves', async () => {
      const r = (await open(admin1, other).expect(201)).body as SubjectRequestDto;
      expect(r).to.include({ status: 'pending_approval', identifier: '1.234.567' });
      expect(r.number).to.match(/^SDT-\d{4}-\d{4}$/);
      expect(r.abilities).to.deep.equal({ decide: false, act: false, complete: false });
      await admin1.post(`${BASE}/${r.id}/decision`, { decision: 'approve' }).expect(403);
      for (const path of ['findings', 'export', 'export?format=pdf']) await admin1.get(`${BASE}/${r.id}/${path}`).expect(403);
      await admin1.post(`${BASE}/${r.id}/erase`, { alertId, subjectIds: [victimId] }).expect(403);
      await admin1.post(`${BASE}/${r.id}/complete`).expect(403);
      const seen = (await admin2.get(`${BASE}/${r.id}`).expect(200)).body as SubjectRequestDto;
      expect(seen.abilities.decide).to.equal(true);
      const refused = (await admin2.post(`${BASE}/${r.id}/decision`, { decision: 'refuse', note: 'Falta acreditar identidad' }).expect(200))
        .body as SubjectRequestDto;
      expect(refused.status).to.equal('refused');
      await admin2.post(`${BASE}/${r.id}/decision`, { decision: 'approve' }).expect(403);
      await admin1.get(`${BASE}/${r.id}/findings`).expect(403);
      // The alert is untouched.
      const alert = (await officer.get(`/api/v1/alerts/${alertId}`).expect(200)).body as { subjects: unknown[] };
      expect(alert.subjects).to.have.length(2);
    });

    it('lists requests newest first with their status', async () => {
      const list = (await admin2.get(`${BASE}?limit=2`).expect(200)).body as { items: SubjectRequestDto[]; nextCursor: string | null };
      expect(list.items).to.have.length(2);
      expect(list.nextCursor).to.be.a('string');
      const next = (await admin2.get(`${BASE}?limit=2&cursor=${list.nextCursor}`).expect(200)).body as { items: SubjectRequestDto[] };
      expect(next.items.map((r) => r.id)).to.not.include.members(list.items.map((r) => r.id));
      const refused = (await admin2.get(`${BASE}?status=refused`).expect(200)).body as { items: SubjectRequestDto[] };
      expect(refused.items.every((r) => r.status === 'refused')).to.equal(true);
    });
  });

  describe('rectification', () => {
    it('finds the suspect and his contact; rectifies a field live for every agency, with a note in the history', async () => {
      const r = (
        await open(admin2, { identifier: 'DNI 30123456', name: 'Ramón Acosta', law: 'ar_ley_25326', right: 'rectification' }).expect(201)
      ).body as SubjectRequestDto;
      await admin1.post(`${BASE}/${r.id}/decision`, { decision: 'approve' }).expect(200);
      const findings = (await admin2.get(`${BASE}/${r.id}/findings`).expect(200)).body as SubjectFindingsDto;
      const found = findings.alerts.find((a) => a.id === alertId)!;
      expect(found.subjects.map((s) => s.subjectId)).to.deep.equal([suspectId]);
      expect(found.subjects[0]!.matchedOn).to.have.members(['document', 'name']);
      expect(findings.contacts.map((c) => c.name)).to.deep.equal(['Ramón Acosta']);
      expect(await AuditEvent.countDocuments({ action: 'subject_request.findings', targetId: r.id })).to.equal(1);

      // An erasure needs a request for suppression.
      await admin2.post(`${BASE}/${r.id}/erase`, { alertId, subjectIds: [suspectId] }).expect(400);

      const py = await openSocket(server.url, { cookie: pyOfficer.cookieHeader() });
      const ar = await openSocket(server.url, { cookie: officer.cookieHeader() });
      try {
        const heard = Promise.all([py, ar].map((s: TestSocket) => nextEvent(s, 'alert:changed', 10_000)));
        const after = (
          await admin2
            .post(`${BASE}/${r.id}/rectify`, { alertId, subjectId: suspectId, changes: { familyNames: 'Acosta Duarte' } })
            .expect(200)
        ).body as SubjectRequestDto;
        expect(after.actions.at(-1)).to.include({ kind: 'rectify', alertId, reference });
        for (const event of await heard) expect(event.alert.id).to.equal(alertId);
      } finally {
        py.close();
        ar.close();
      }
      const alert = (await officer.get(`/api/v1/alerts/${alertId}`).expect(200)).body as {
        subjects: Array<{ id: string; familyNames?: string }>;
        history: Array<{ action: string; requestNumber?: string }>;
      };
      expect(alert.subjects.find((s) => s.id === suspectId)!.familyNames).to.equal('Acosta Duarte');
      expect(alert.history.at(-1)).to.include({ action: 'subject_rectified', requestNumber: r.number });
      // Search forgets the old surname and finds the new one.
      const search = async (q: string) =>
        ((await prosecutor.get(`/api/v1/search?q=${encodeURIComponent(q)}`).expect(200)).body.items as Array<{ id: string }>).map(
          (i) => i.id,
        );
      expect(await search('Ramón Duarte')).to.include(alertId);
      await admin2.post(`${BASE}/${r.id}/complete`).expect(200);
      const done = (await admin1.get(`${BASE}/${r.id}`).expect(200)).body as SubjectRequestDto;
      expect(done).to.include({ status: 'completed', identifier: 'DNI 30123456', queryErased: false });
    });
  });

  describe('access and suppression', () => {
    let request: SubjectRequestDto;

    before(async () => {
      request = (await open(admin1, suppression).expect(201)).body as SubjectRequestDto;
      await admin2.post(`${BASE}/${request.id}/decision`, { decision: 'approve' }).expect(200);
    });

    it('finds "4.567.890" stored as 4567890, and the name without accents, in the alert, the update and the audit trail', async () => {
      const f = (await admin1.get(`${BASE}/${request.id}/findings`).expect(200)).body as SubjectFindingsDto;
      expect(f.query.documents).to.include('4567890');
      expect(f.alerts.map((a) => a.id)).to.have.members([alertId, pyAlertId, textAlertId]);
      expect(f.alerts.map((a) => a.originCountry)).to.have.members(['AR', 'PY', 'AR']);
      // Her name and number in the alert's own text: the summary, the consent note, a status reason.
      const named = f.alerts.find((a) => a.id === textAlertId)!;
      expect(named.subjects).to.deep.equal([]);
      expect(named.texts.map((x) => [x.field, x.matchedOn.sort()])).to.deep.equal([
        ['summary', ['document', 'name']],
        ['consentNote', ['name']],
        ['historyReasons', ['name']],
      ]);
      const found = f.alerts.find((a) => a.id === alertId)!;
      expect(found.subjects.map((s) => s.subjectId)).to.deep.equal([victimId]);
      expect(found.subjects[0]!.matchedOn).to.have.members(['document', 'name']);
      expect(found.updates.map((u) => u.id)).to.deep.equal([noteId]);
      expect(found.phones.map((p) => p.phone)).to.deep.equal([]);
      const searched = f.auditEvents.find((e) => e.action === 'search.query')!;
      expect(searched).to.include({ erasable: true, erased: false });
      expect(searched.paths).to.include('q');
      expect(f.auditEvents.some((e) => e.action === 'subject_request.open')).to.equal(true);
      expect(f.contacts).to.deep.equal([]);
    });

    it('exports JSON and a Spanish PDF, each audited with its content hash', async () => {
      const json = (await admin1.get(`${BASE}/${request.id}/export?format=json`).expect(200)).body as SubjectExportJson;
      expect(json.provenance.contentSha256).to.equal(sha256Hex(canonicalJson(json.findings)));
      const event = await AuditEvent.findById(json.provenance.auditSeq).lean();
      expect(event).to.deep.include({ action: 'subject_request.export', targetId: request.id });
      expect(event!.details.contentSha256).to.equal(json.provenance.contentSha256);
      const pdf = (
        await binary(admin2.get(`${BASE}/${request.id}/export?format=pdf`))
          .expect(200)
          .expect('Content-Type', /application\/pdf/)
      ).body as Buffer;
      const text = await pdfToText(pdf);
      expect(text).to.include(`Solicitud del titular N.º ${request.number}`);
      expect(text).to.include('Hábeas data');
      expect(text).to.include('Benítez Ortiz');
      expect(text).to.include(reference);
      const attached = await pdfAttachments(pdf);
      expect([...attached.keys()]).to.deep.equal([`puente-${request.number}-solicitud-titular.json`]);
      expect(await AuditEvent.countDocuments({ action: 'subject_request.export', targetId: request.id })).to.equal(2);
    });

    it('erases her from the alert live for every agency; then completion erases her from the trail and the request, and the chain verifies', async () => {
      // A copy following the log with its snapshot file, as every process keeps one: it holds her now.
      const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-subject-'));
      const snapshotFile = path.join(tmp, 'alert-copy.snapshot');
      const follower = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
      follower.useSnapshot({ file: snapshotFile, database: mongoose.connection.db!.databaseName });
      await follower.sync(0);
      expect(await follower.saveSnapshot()).to.equal(true);
      expect(await held(snapshotFile), 'the snapshot holds her before the erasure').to.include('Benítez');
      const py = await openSocket(server.url, { cookie: pyOfficer.cookieHeader() });
      try {
        const heard = nextEvent(py, 'alert:changed', 10_000);
        await admin1
          .post(`${BASE}/${request.id}/erase`, { alertId, subjectIds: [victimId], updateIds: [noteId], phones: ['+595 981 123456'] })
          .expect(200);
        expect((await heard).alert.id).to.equal(alertId);
      } finally {
        py.close();
      }
      // The Paraguayan alert and the one naming her in its text, erased as the screen does it: everything the findings list in each.
      const f = (await admin1.get(`${BASE}/${request.id}/findings`).expect(200)).body as SubjectFindingsDto;
      expect(f.alerts.map((a) => a.id)).to.have.members([pyAlertId, textAlertId]);
      for (const found of f.alerts)
        await admin1
          .post(`${BASE}/${request.id}/erase`, {
            alertId: found.id,
            subjectIds: found.subjects.map((s) => s.subjectId),
            phones: found.phones.map((p) => p.phone),
            updateIds: found.updates.map((u) => u.id),
            texts: found.texts.map((x) => x.field),
          })
          .expect(200);
      const textAlert = (await officer.get(`/api/v1/alerts/${textAlertId}`).expect(200)).body as {
        title: string;
        summary: string | null;
        victimConsent: { given: boolean; note: string | null };
        history: Array<{ action: string; reason?: string | null; fields?: string[] }>;
      };
      expect(textAlert).to.include({ title: 'Denuncia reservada en Clorinda', summary: null });
      expect(textAlert.victimConsent).to.include({ given: true, note: null });
      expect(textAlert.history.map((h) => h.reason ?? null)).to.deep.equal(textAlert.history.map(() => null));
      expect(textAlert.history.at(-1)).to.deep.include({ action: 'subject_erased', fields: ['summary', 'consentNote', 'historyReasons'] });
      const alert = (await officer.get(`/api/v1/alerts/${alertId}`).expect(200)).body as {
        subjects: Array<{ id: string }>;
        phones: string[];
        updates: Array<{ id: string; hidden?: boolean; erasedByRequest?: string; text: string }>;
        history: Array<{ action: string; requestNumber?: string }>;
      };
      expect(alert.subjects.map((s) => s.id)).to.deep.equal([suspectId]);
      expect(alert.phones).to.deep.equal(['(0370) 15-4412345']);
      expect(alert.updates.find((u) => u.id === noteId)).to.include({ hidden: true, text: '', erasedByRequest: request.number });
      expect(alert.history.at(-1)).to.include({ action: 'subject_erased', requestNumber: request.number });
      // The follower's snapshot file is written again at once, without her (not at its next periodic save).
      await follower.sync(0);
      const rewritten = await eventually(
        async () => held(snapshotFile),
        (alert) => !alert.includes('Benítez'),
      );
      expect(rewritten, 'the snapshot no longer holds her').to.not.include('Benítez');
      await fs.rm(tmp, { recursive: true, force: true });
      // The in-memory copy and its search postings forgot her.
      const items = (await pyOfficer.get('/api/v1/search?q=4.567.890').expect(200)).body.items as Array<{ id: string }>;
      expect(items.map((i) => i.id)).to.not.include(alertId);

      const done = (await admin1.post(`${BASE}/${request.id}/complete`).expect(200)).body as SubjectRequestDto;
      expect(done).to.include({ status: 'completed', identifier: null, name: null, queryErased: true });
      expect(done.actions.at(-1)!.summary.auditErased).to.be.at.least(3);
      await admin1.get(`${BASE}/${request.id}/findings`).expect(403);

      const verified = await runNode(['server/cli/main.ts', 'audit-verify']);
      expect(verified.code, verified.stdout + verified.stderr).to.equal(0);
      expect((await admin2.get('/api/v1/audit/verify').expect(200)).body).to.include({ ok: true });

      // Nowhere in the store: every collection read raw. The skeleton stays: the alert, its history, the trail's events.
      const store = await rawStore();
      for (const [name, text] of store)
        for (const secret of ['4567890', '4.567.890', 'Benítez', 'Benitez', 'María José', 'Maria Jose'])
          expect(text.includes(secret), `${secret} in ${name}`).to.equal(false);
      expect(store.get('alerts')).to.include(reference);
      // Her number searched (the name search for the suspect is another's, and stays).
      const searched = await AuditEvent.findOne({ action: 'search.query', 'details.detected': 'document' }).lean();
      expect(searched).to.deep.include({ fmt: 2 });
      expect(searched!.personalErased).to.include({ requestNumber: request.number });
      expect(searched!.details).to.include({ detected: 'document' });
    });
  });
});
