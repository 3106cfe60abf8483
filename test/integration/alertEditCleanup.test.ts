/** An edit is recorded even when the clean-up after it fails (issue 26 item 6). */
import { expect } from 'chai';
import sharp from 'sharp';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { AuditEvent } from '../helpers/models.js';

describe('alert edits and their clean-up', function () {
  this.timeout(60_000);
  const server = suiteServer();
  let officer: ApiClient;

  before(async () => {
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
  });

  it('an edit that drops a photographed subject is audited even when deleting the photo files fails', async () => {
    const witness = { role: 'witness', givenNames: 'Testigo', familyNames: 'Uno' };
    const victim = { role: 'victim', givenNames: 'Ana', familyNames: 'Cáceres' };
    const created = (await officer.post('/api/v1/alerts', alertBody({ subjects: [witness, victim] })).expect(201)).body;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: 'black' } })
      .png()
      .toBuffer();
    const photo = (
      await officer.agent
        .post(`/api/v1/alerts/${created.id}/photos?subjectIndex=0`)
        .set('X-CSRF-Token', officer.csrfToken!)
        .set('Content-Type', 'image/png')
        .send(png)
        .expect(201)
    ).body;
    const reported: string[] = [];
    const onFailure = ({ task }: { task: string }) => reported.push(task);
    server.instance.events.on('maintenance.failed', onFailure);
    const { Photo } = server.instance.models.alerts;
    const original = Photo.deleteMany;
    // Fault injection: the store refuses the clean-up after the edit is stored.
    Photo.deleteMany = (() => Promise.reject(new Error('store refused the delete'))) as unknown as typeof Photo.deleteMany;
    let status = 0;
    try {
      const victimId = created.subjects[1].id as string;
      status = (await officer.patch(`/api/v1/alerts/${created.id}`, { version: created.version, subjects: [{ ...victim, id: victimId }] }))
        .status;
    } finally {
      Photo.deleteMany = original;
      server.instance.events.off('maintenance.failed', onFailure);
    }
    expect(status, 'the stored edit is answered as done').to.equal(200);
    const audited = await AuditEvent.findOne({ action: 'alert.update', targetId: created.id }).lean();
    expect(audited, 'the edit is in the audit trail').to.not.equal(null);
    expect((audited!.details as { droppedPhotoIds?: string[] }).droppedPhotoIds).to.deep.equal([photo.id]);
    expect(reported, 'the failed clean-up is reported').to.deep.equal(['photos.delete_dropped']);
  });
});
