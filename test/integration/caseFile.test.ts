/**
 * The case file for court (issue 29): `GET /alerts/:id/case-file.pdf|.json` through HTTP. What it
 * holds is what the exporter sees in the app (a restricted victim's data only with restricted
 * access, matches only with alerts they may see, who viewed it only for the issuing agency), it is
 * audited and listed as an export, the PDF is read back with poppler (text, attachment, images),
 * its footer hash is the JSON form's, and `puente audit-verify --case-file` confirms it.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Test } from 'supertest';
import type { CaseFileJson } from '../../shared/dto/caseFile.js';
import { canonicalJson } from '../../server/platform/auditTrail/canonical.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { runCli } from '../helpers/cli.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { pdfAttachments, pdfImages, pdfToText } from '../helpers/pdf.js';
import { suiteServer } from '../helpers/server.js';
import { foreignFragments } from '../helpers/spanishText.js';
import { AuditEvent } from '../helpers/models.js';

/** The answer's bytes, whatever its type. */
const binary = (req: Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** The SHA-256 printed in the PDF's footers (one per page, all the same). */
function footerHashes(text: string): string[] {
  return [...text.matchAll(/Huella SHA-256 del contenido \(JSON\):\s*\n?\s*([0-9a-f]{64})/g)].map((m) => m[1]!);
}

describe('case file for court (issue 29)', function () {
  this.timeout(180_000);
  const server = suiteServer();
  let fiscal: ApiClient; // prosecutor of the issuing Fiscalía
  let clerk: ApiClient; // officer of the same Fiscalía
  let pyFiscal: ApiClient; // prosecutor of a Paraguayan Fiscalía the alert names
  let gendarme: ApiClient; // officer of an agency the alert names
  let otherFiscal: ApiClient; // prosecutor of an Argentine Fiscalía the alert does not name
  let fiscalName = '';
  let gendarmeName = '';
  let alertId = '';
  let reference = '';
  let hiddenRef = '';
  let linkedRef = '';
  let gendarmeAlertId = '';
  let countryAlertId = '';

  const path_ = (id: string, ext = 'pdf') => `/api/v1/alerts/${id}/case-file.${ext}`;

  before(async () => {
    const fiscalia = await buildAgency({
      country: 'AR',
      kind: 'prosecutor',
      name: 'Fiscalía Federal N.º 2 de Formosa',
      shortName: 'FF2 Formosa',
    });
    const pyFiscalia = await buildAgency({
      country: 'PY',
      kind: 'prosecutor',
      name: 'Ministerio Público — Fiscalía Zonal de Pilar, Ñeembucú',
    });
    const gendarmeria = await buildAgency({ country: 'AR', kind: 'gendarmerie', name: 'Gendarmería Nacional — Escuadrón 17 Clorinda' });
    const otherFiscalia = await buildAgency({ country: 'AR', kind: 'prosecutor', name: 'Fiscalía de Clorinda' });
    const fiscalUser = await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true });
    const gendarmeUser = await buildUser({ agency: gendarmeria, mfa: true });
    fiscalName = fiscalUser.user.displayName;
    gendarmeName = gendarmeUser.user.displayName;
    fiscal = await signIn(server.url, fiscalUser);
    clerk = await signIn(server.url, await buildUser({ agency: fiscalia, mfa: true }));
    pyFiscal = await signIn(server.url, await buildUser({ agency: pyFiscalia, roles: ['prosecutor'], mfa: true }));
    gendarme = await signIn(server.url, gendarmeUser);
    otherFiscal = await signIn(server.url, await buildUser({ agency: otherFiscalia, roles: ['prosecutor'], mfa: true }));

    // The case: restricted, for the Paraguayan Fiscalía and the Gendarmería only.
    const distribution = { scope: 'agencies', agencyIds: [String(pyFiscalia._id), String(gendarmeria._id)] };
    const created = (await fiscal.post('/api/v1/alerts', alertBody({ distribution })).expect(201)).body as {
      id: string;
      reference: string;
    };
    alertId = created.id;
    reference = created.reference;
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 180, g: 40, b: 40 } } })
      .jpeg()
      .toBuffer();
    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 30, g: 60, b: 200 } } })
      .png()
      .toBuffer();
    const upload = (body: Buffer, type: string, subjectIndex: number) =>
      fiscal.agent
        .post(`/api/v1/alerts/${alertId}/photos?subjectIndex=${subjectIndex}`)
        .set('X-CSRF-Token', fiscal.csrfToken!)
        .set('Content-Type', type)
        .send(body)
        .expect(201);
    await upload(jpeg, 'image/jpeg', 0); // the victim's: restricted
    await upload(png, 'image/png', 1); // the suspect's
    const hit = (
      await gendarme
        .post(`/api/v1/alerts/${alertId}/updates`, {
          kind: 'hit',
          hitType: 'sighting',
          text: 'Vista en la terminal de ómnibus de Clorinda; dijo llamarse Ñandutĩ',
          location: { label: 'Terminal de ómnibus' },
        })
        .expect(201)
    ).body as { id: string };
    await fiscal.post(`/api/v1/alerts/${alertId}/updates/${hit.id}/ack`).expect(200);
    await fiscal.post(`/api/v1/alerts/${alertId}/updates`, { kind: 'note', text: 'Se pidió la cámara del puente.' }).expect(201);

    // Linked through the victim's CI, but for the Fiscalía alone: the Paraguayan prosecutor may not see it.
    const hidden = (
      await fiscal
        .post(
          '/api/v1/alerts',
          alertBody({
            title: 'Denuncia reservada',
            subjects: [
              {
                role: 'victim',
                givenNames: 'Marisol',
                familyNames: 'Cáceres',
                documents: [{ type: 'CI', country: 'PY', number: '4.567.890' }],
              },
            ],
            distribution: { scope: 'agency' },
          }),
        )
        .expect(201)
    ).body as { id: string; reference: string };
    hiddenRef = hidden.reference;
    // Linked through the suspect's DNI, for everyone.
    const linked = (
      await gendarme
        .post(
          '/api/v1/alerts',
          alertBody({
            kind: 'suspect',
            title: 'Sospechoso en Clorinda',
            sensitivity: 'standard',
            subjects: [
              {
                role: 'suspect',
                givenNames: 'Ramón',
                familyNames: 'Acosta',
                documents: [{ type: 'DNI', country: 'AR', number: '30.123.456' }],
              },
            ],
            victimConsent: undefined,
          }),
        )
        .expect(201)
    ).body as { id: string; reference: string };
    linkedRef = linked.reference;
    gendarmeAlertId = linked.id;
    countryAlertId = (
      (await fiscal.post('/api/v1/alerts', alertBody({ distribution: { scope: 'country' } })).expect(201)).body as { id: string }
    ).id;

    await pyFiscal.post('/api/v1/watches', { kind: 'plate', value: 'AB 123 CD' }).expect(201);
    await gendarme.get(`/api/v1/alerts/${alertId}`).expect(200);
    await pyFiscal.get(`/api/v1/alerts/${alertId}`).expect(200);
  });

  it('offers the export to prosecutors who see the alert, and to nobody else', async () => {
    const abilities = async (c: ApiClient, id: string) =>
      ((await c.get(`/api/v1/alerts/${id}`).expect(200)).body as { abilities: Record<string, boolean> }).abilities;
    expect((await abilities(fiscal, alertId)).exportCaseFile).to.equal(true);
    expect((await abilities(pyFiscal, alertId)).exportCaseFile).to.equal(true);
    expect((await abilities(gendarme, alertId)).exportCaseFile).to.equal(false);
    expect((await abilities(clerk, alertId)).exportCaseFile).to.equal(false);
    expect((await abilities(gendarme, gendarmeAlertId)).exportCaseFile).to.equal(false);
  });

  it('the issuing prosecutor gets everything they see, in Spanish, with the hash of the attached JSON in every footer', async () => {
    const res = await binary(fiscal.get(path_(alertId))).expect(200);
    expect(res.headers['content-type']).to.equal('application/pdf');
    expect(res.headers['content-disposition']).to.equal(`attachment; filename="puente-${reference}-expediente.pdf"`);
    expect(res.headers['cache-control']).to.contain('no-store');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');

    const attached = await pdfAttachments(pdf);
    const json = JSON.parse(attached.get(`puente-${reference}-expediente.json`)!.toString('utf8')) as CaseFileJson;
    const hash = sha256(canonicalJson(json.content));
    expect(json.provenance.contentSha256).to.equal(hash);

    const text = await pdfToText(pdf);
    const pages = text.split('\f').filter((p) => p.trim());
    // A4, numbered "N de M", the issuing agency and reference on every page, the hash in every footer.
    expect(pages.length).to.be.greaterThan(1);
    pages.forEach((p, i) => {
      expect(p).to.contain(`Página ${i + 1} de ${pages.length}`);
      expect(p).to.contain('Fiscalía Federal N.º 2 de Formosa');
      expect(p).to.contain(`Expediente ${reference}`);
    });
    expect(footerHashes(text)).to.deep.equal(pages.map(() => hash));

    // Key fields, accents as typed.
    for (const expected of [
      'Expediente para la justicia',
      'Posible víctima vista en el paso fronterizo',
      'Persona 1 — Víctima',
      'María José',
      'Benítez Ortiz',
      'Cédula (CI) Paraguay 4.567.890',
      'FSA-1234/2026',
      'Localizar e informar — Informar de inmediato',
      'Hallazgo: Avistamiento',
      'Vista en la terminal de ómnibus de Clorinda',
      'Se pidió la cámara del puente.',
      'Gendarmería Nacional — Escuadrón 17 Clorinda',
      'Ministerio Público — Fiscalía Zonal de Pilar, Ñeembucú',
      `Evento de auditoría de esta exportación: N.º ${json.provenance.auditSeq}`,
      fiscalName,
      gendarmeName,
    ])
      expect(text, expected).to.contain(expected);
    // ĩ is not in the standard fonts: drawn as i, said so, and kept exactly in the JSON.
    expect(text).to.contain('dijo llamarse Ñanduti');
    expect(text).to.match(/se muestran sin su tilde/);
    expect(JSON.stringify(json)).to.contain('Ñandutĩ');
    // Both alerts it links to are the issuing prosecutor's to see.
    expect(text).to.contain(hiddenRef);
    expect(text).to.contain(linkedRef);
    // Who viewed it before: the gendarme and the Paraguayan prosecutor.
    expect(json.content.views!.map((v) => v.userName)).to.include(gendarmeName);
    // Nothing but Spanish: no English word, database id, zone id or enumeration code (beside what was typed: "Of. Gómez").
    expect(foreignFragments(text.replace('Of. Gómez', ''))).to.deep.equal([]);
    // Both photos, embedded as stored (the victim's included: a prosecutor opens restricted identity).
    const images = await pdfImages(pdf);
    expect(images.map((i) => `${i.width}x${i.height}`).sort()).to.deep.equal(['40x40', '64x48']);
    expect(json.content.alert.photos).to.have.length(2);
    expect(json.content.alert.photos.every((p) => /^[0-9a-f]{64}$/.test(p.sha256 ?? ''))).to.equal(true);
    expect(json.content.restrictedIdentityShown).to.equal(true);

    // Audited once, with the hash; listed as an export in who viewed it.
    const event = await AuditEvent.findById(json.provenance.auditSeq).lean();
    expect(event).to.include({ action: 'alert.case_file_export', targetId: alertId, outcome: 'success' });
    expect(event!.details).to.include({ contentSha256: hash, format: 'pdf', reference, restrictedIdentityShown: true, photos: 2 });
    const views = (await fiscal.get(`/api/v1/alerts/${alertId}/views`).expect(200)).body as {
      items: Array<{ action: string; auditSeq: number }>;
    };
    expect(views.items[0]).to.include({ action: 'export', auditSeq: json.provenance.auditSeq });
  });

  it('a partner prosecutor gets the same content as JSON and PDF, without what only others may see', async () => {
    const res = await pyFiscal.get(path_(alertId, 'json')).expect(200);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.headers['content-disposition']).to.equal(`attachment; filename="puente-${reference}-expediente.json"`);
    const json = res.body as CaseFileJson;
    const hash = sha256(canonicalJson(json.content));
    expect(json.provenance).to.include({ contentSha256: hash, auditAction: 'alert.case_file_export' });
    expect(json.provenance.verify).to.contain('npx puente audit-verify --case-file');
    expect(json.content.issuingAgency.name).to.equal('Fiscalía Federal N.º 2 de Formosa');
    // Who viewed it is the issuing agency's list; the Fiscalía-only alert is not this prosecutor's.
    expect(json.content.views).to.equal(null);
    expect(json.content.matches.map((m) => m.reference)).to.deep.equal([linkedRef]);
    expect(JSON.stringify(json)).not.to.contain(hiddenRef);
    expect(JSON.stringify(json)).not.to.contain('Marisol');
    expect(json.content.watchHits.map((w) => w.value)).to.deep.equal(['AB 123 CD']);

    // The PDF exported next has the same content: its footer shows the JSON's hash.
    const pdf = (await binary(pyFiscal.get(`/api/v1/alerts/${alertId}/case-file?format=pdf`)).expect(200)).body as Buffer;
    const text = await pdfToText(pdf);
    expect(footerHashes(text)[0]).to.equal(json.provenance.contentSha256);
    expect(text).not.to.contain(hiddenRef);
    expect(text).not.to.contain('Marisol');
    expect(text).to.contain('La lista de quién vio esta alerta es del organismo emisor');
    expect(text).to.contain('Vigilancia de patente: AB 123 CD');
    const again = (await pyFiscal.get(`/api/v1/alerts/${alertId}/case-file?format=json`).expect(200)).body as CaseFileJson;
    expect(again.provenance.contentSha256).to.equal(json.provenance.contentSha256);
    expect(again.provenance.auditSeq).to.be.greaterThan(json.provenance.auditSeq);
  });

  it('`puente audit-verify --case-file` confirms an export and refuses an altered one', async () => {
    const json = (await pyFiscal.get(path_(alertId, 'json')).expect(200)).body as CaseFileJson;
    const dir = await mkdtemp(path.join(tmpdir(), 'puente-casefile-'));
    try {
      const file = path.join(dir, 'expediente.json');
      await writeFile(file, JSON.stringify(json, null, 2));
      const ok = await runCli(['audit-verify', '--case-file', file]);
      expect(ok.code, ok.out).to.equal(0);
      expect(ok.stdout).to.contain(`matches audit event ${json.provenance.auditSeq}`);
      const bySeq = await runCli(['audit-verify', '--seq', String(json.provenance.auditSeq), '--sha256', json.provenance.contentSha256]);
      expect(bySeq.code, bySeq.out).to.equal(0);
      expect(bySeq.stdout).to.contain(`matches audit event ${json.provenance.auditSeq}`);

      // A name changed in the file: its content no longer has the hash it states.
      const altered = JSON.parse(JSON.stringify(json)) as CaseFileJson;
      altered.content.alert.subjects[0]!.givenNames = 'Otra Persona';
      await writeFile(file, JSON.stringify(altered));
      const bad = await runCli(['audit-verify', '--case-file', file]);
      expect(bad.code, bad.out).to.equal(1);
      expect(bad.stdout).to.contain('REJECTED');
      // The hash restated to fit: the audit event recorded another one.
      altered.provenance.contentSha256 = sha256(canonicalJson(altered.content));
      await writeFile(file, JSON.stringify(altered));
      const restated = await runCli(['audit-verify', '--case-file', file]);
      expect(restated.code, restated.out).to.equal(1);
      expect(restated.stdout).to.contain('NOT CONFIRMED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses the wrong role, a non-prosecutor on a restricted alert, the wrong agency, the other country and no session', async () => {
    const exportsBefore = await AuditEvent.countDocuments({ action: 'alert.case_file_export' });
    const deniedBefore = await AuditEvent.countDocuments({ action: 'authz.denied', targetId: alertId });
    // An officer of an agency the alert names (wrong role), and of the issuing agency itself (restricted alert).
    const refused = await gendarme.get(path_(alertId)).expect(403);
    expect(JSON.stringify(refused.body)).not.to.match(/María|Benítez|4\.567\.890/);
    await clerk.get(path_(alertId)).expect(403);
    await clerk.get(path_(alertId, 'json')).expect(403);
    // Its own standard alert: still not an officer's to export.
    await gendarme.get(path_(gendarmeAlertId)).expect(403);
    // A prosecutor of an agency the alert does not reach, and of the other country: it does not exist for them.
    await otherFiscal.get(path_(alertId)).expect(404);
    await otherFiscal.get(path_(alertId, 'json')).expect(404);
    await pyFiscal.get(path_(countryAlertId)).expect(404);
    await pyFiscal.get('/api/v1/alerts/000000000000000000000000/case-file.pdf').expect(404);
    // No session.
    await new ApiClient(server.url).get(path_(alertId)).expect(401);
    await new ApiClient(server.url).get(path_(alertId, 'json')).expect(401);
    // Malformed.
    await fiscal.get('/api/v1/alerts/not-an-id/case-file.pdf').expect(400);
    await fiscal.get(`/api/v1/alerts/${alertId}/case-file?format=docx`).expect(400);

    expect(await AuditEvent.countDocuments({ action: 'alert.case_file_export' })).to.equal(exportsBefore);
    expect(await AuditEvent.countDocuments({ action: 'authz.denied', targetId: alertId })).to.be.at.least(deniedBefore + 5);
    const views = (await fiscal.get(`/api/v1/alerts/${alertId}/views`).expect(200)).body as {
      items: Array<{ action: string; userName: string }>;
    };
    expect(views.items.filter((v) => v.action === 'export').map((v) => v.userName)).not.to.include(gendarmeName);
  });
});
