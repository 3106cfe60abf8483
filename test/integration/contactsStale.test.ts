import { expect } from 'chai';
import mongoose from 'mongoose';
import { runScheduledJob } from '../../server/platform/jobs/scheduler.js';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import type { PuenteServer } from '../../server/server.js';
import type { DomainEventMap } from '../../server/platform/domainEvents.js';
import { remindStaleContacts } from '../../server/directory/staleReminders.js';
import { op } from '../../server/platform/store/mongoose.js';
import { coreJob } from '../helpers/jobs.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Contact } from '../helpers/models.js';

const DAY_MS = 86_400_000;
const daysAgo = (days: number, from = Date.now()) => new Date(from - days * DAY_MS);
/** Straight into the store, as if nobody had confirmed the entry since then. */
const setVerifiedAt = (id: string, at: Date) => Contact.updateOne({ _id: id }, { $set: { verifiedAt: at } });
const reminders = (agencyId: string) =>
  mongoose.connection.collection('auditevents').find({ action: 'contact.stale_reminder', targetId: agencyId }).toArray();

describe('contacts: stale after 180 days without confirmation; agency admins reminded once a day', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let agency: AgencyDoc;
  let quiet: AgencyDoc;
  let admin: BuiltUser;
  let adminClient: ApiClient;
  let officer: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    agency = await buildAgency({ country: 'PY', name: 'Prefectura General Naval' });
    quiet = await buildAgency({ country: 'AR', name: 'Prefectura Naval Argentina — Formosa', kind: 'prefecture' });
    admin = await buildUser({ agency, roles: ['agency_admin'], mfa: true });
    await buildUser({ agency, roles: ['agency_admin'], status: 'disabled' });
    adminClient = await signIn(server.url, admin);
    officer = await signIn(server.url, await buildUser({ agency: quiet, roles: ['officer'], mfa: true }));
  });
  after(() => server.stop());

  it('flags an entry not confirmed for 181 days, not one confirmed 179 days ago', async () => {
    const old = await buildContact(agency, { name: 'Puesto Alberdi — Ñeembucú' });
    const recent = await buildContact(agency, { name: 'Guardia central — Asunción' });
    await setVerifiedAt(old.id, daysAgo(181));
    await setVerifiedAt(recent.id, daysAgo(179));
    expect((await officer.get(`/api/v1/contacts/${old.id}`).expect(200)).body.stale).to.equal(true);
    expect((await officer.get(`/api/v1/contacts/${recent.id}`).expect(200)).body.stale).to.equal(false);
    const list = await officer.get(`/api/v1/contacts?agencyId=${agency._id}`).expect(200);
    const flags = Object.fromEntries(list.body.items.map((i: { name: string; stale: boolean }) => [i.name, i.stale]));
    expect(flags).to.deep.equal({ 'Puesto Alberdi — Ñeembucú': true, 'Guardia central — Asunción': false });
  });

  it('POST /:id/verify confirms it today and clears the flag (audited)', async () => {
    const entry = await buildContact(agency, { name: 'Mesa a confirmar' });
    const before = daysAgo(200);
    await setVerifiedAt(entry.id, before);
    const res = await adminClient.post(`/api/v1/contacts/${entry.id}/verify`).expect(200);
    expect(res.body.stale).to.equal(false);
    expect(Date.now() - Date.parse(res.body.verifiedAt)).to.be.lessThan(60_000);
    const event = await mongoose.connection.collection('auditevents').findOne({ action: 'contact.verify', targetId: entry.id });
    expect(event?.actorId).to.equal(admin.id);
    expect(event?.details.previousVerifiedAt).to.equal(before.toISOString());
  });

  it('reminds each agency with stale entries once per day: audit + contacts.stale event for its active admins', async () => {
    const seen: Array<DomainEventMap['contacts.stale'][0]> = [];
    const listener = (e: DomainEventMap['contacts.stale'][0]) => seen.push(e);
    server.instance.events.on('contacts.stale', listener);
    try {
      const now = new Date();
      const staleIds = (await Contact.find({ agencyId: agency._id, verifiedAt: op({ $lt: daysAgo(180) }) }).lean()).map((c) =>
        String(c._id),
      );
      expect(staleIds).to.have.length(1);
      await buildContact(quiet, { name: 'Guardia de Prefectura Formosa' }); // fresh: no reminder for this agency

      expect(await remindStaleContacts(server.instance, now)).to.equal(1);
      expect(await remindStaleContacts(server.instance, new Date(now.getTime() + 60_000)), 'same day').to.equal(0);
      expect(seen).to.have.length(1);
      expect(seen[0]).to.deep.include({ agencyId: String(agency._id), contactIds: staleIds, adminIds: [admin.id] });
      const audited = await reminders(String(agency._id));
      expect(audited).to.have.length(1);
      expect(audited[0]?.details).to.deep.include({ count: 1, contactIds: staleIds, adminIds: [admin.id] });
      expect(await reminders(String(quiet._id))).to.have.length(0);

      expect(await remindStaleContacts(server.instance, new Date(now.getTime() + DAY_MS)), 'next day').to.equal(1);
      expect(await reminders(String(agency._id))).to.have.length(2);
    } finally {
      server.instance.events.off('contacts.stale', listener);
    }
  });

  it('runs as a lease-protected core job: hourly, and of two processes running it at once only one reminds', async () => {
    const job = coreJob(server.instance, 'contacts.remind_stale');
    expect(job.everyMs).to.equal(60 * 60_000);
    // A new hour and a new day for the job: no lease of its own, none of today's per-agency ones.
    await mongoose.connection
      .collection('leases')
      .deleteMany({ job: op({ $in: ['contacts.remind_stale', `contacts.stale_reminder:${agency._id}`] }) });
    const before = (await reminders(String(agency._id))).length;
    const [a, b] = await Promise.all([runScheduledJob(server.instance, job), runScheduledJob(server.instance, job)]);
    expect([a.ran, b.ran].filter(Boolean), 'runs that did the work').to.have.length(1);
    expect(await reminders(String(agency._id))).to.have.length(before + 1);
    // The same period again (a third process, or a timer firing late) does nothing.
    expect((await runScheduledJob(server.instance, job)).ran).to.equal(false);
    expect(await reminders(String(agency._id))).to.have.length(before + 1);
  });
});
