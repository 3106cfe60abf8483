import { expect } from 'chai';
import type { InboxItemDto, InboxPageDto } from '../../shared/dto/inbox.js';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import { remindUpcomingReviews } from '../../server/alerts/alertReview.service.js';
import { DAY_MS } from '../../shared/time.js';

const HIT = { kind: 'hit', hitType: 'sighting', text: 'Vista en la terminal de Clorinda' } as const;

describe('inbox: what reaches a user while signed out', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let arAgency: AgencyDoc;
  let pyAgency: AgencyDoc;
  let author: ApiClient;
  let colleague: BuiltUser;
  let py: ApiClient;
  let pyUser: BuiltUser;
  let outsider: ApiClient;
  const sockets: TestSocket[] = [];

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    arAgency = await buildAgency({ country: 'AR' });
    pyAgency = await buildAgency({ country: 'PY' });
    const otherAr = await buildAgency({ country: 'AR' });
    author = await signIn(server.url, await buildUser({ agency: arAgency, mfa: true }));
    colleague = await buildUser({ agency: arAgency, mfa: true });
    pyUser = await buildUser({ agency: pyAgency, mfa: true });
    py = await signIn(server.url, pyUser);
    outsider = await signIn(server.url, await buildUser({ agency: otherAr, mfa: true }));
  });
  after(async () => {
    for (const s of sockets) s.close();
    await server.stop();
  });

  const socketOf = async (c: ApiClient) => {
    const s = await openSocket(server.url, { cookie: c.cookieHeader() });
    sockets.push(s);
    return s;
  };
  const inbox = async (c: ApiClient, query = ''): Promise<InboxPageDto> => (await c.get(`/api/v1/inbox${query}`).expect(200)).body;
  const postAlert = async (overrides: Record<string, unknown> = {}) =>
    (await author.post('/api/v1/alerts', alertBody({ sensitivity: 'standard', ...overrides })).expect(201)).body as {
      id: string;
      reference: string;
      version: number;
    };
  /** Waits for an event that must not come: fails if it does within `ms`. */
  const noEvent = (s: TestSocket, event: 'inbox:new', ms = 500) =>
    new Promise<void>((resolve, reject) => {
      const onEvent = () => reject(new Error(`unexpected ${event}`));
      s.once(event, onEvent);
      setTimeout(() => {
        s.off(event, onEvent);
        resolve();
      }, ms);
    });

  it('a hit on an alert of the agency waits in the inbox of a colleague signed out, and reaches the originator live', async () => {
    const alert = await postAlert();
    const originSocket = await socketOf(author);
    const reporterSocket = await socketOf(py);
    const live = nextEvent(originSocket, 'inbox:new', 5000);
    const feed = nextEvent(originSocket, 'alert:update', 5000);
    const notToReporter = noEvent(reporterSocket, 'inbox:new', 1500);
    const hit = (await py.post(`/api/v1/alerts/${alert.id}/updates`, HIT).expect(201)).body as { id: string };

    const pushed = (await live).item;
    expect(pushed).to.deep.include({ kind: 'alert_hit', available: true, read: false, subject: { type: 'alert', id: alert.id } });
    expect(pushed.data).to.deep.equal({ reference: alert.reference, hitType: 'sighting' });
    expect((await feed).update).to.include({ id: hit.id, kind: 'hit' });
    await notToReporter;

    // Written with the change: a colleague who signs in afterwards finds it.
    const later = await signIn(server.url, colleague);
    const page = await inbox(later);
    expect(page.unread).to.equal(1);
    expect(page.items[0]).to.deep.include({ id: pushed.id, kind: 'alert_hit', read: false });
    // Neither the reporter (their own act) nor another agency receives it.
    expect((await inbox(py)).items.map((i) => i.id)).to.not.include(pushed.id);
    expect((await inbox(outsider)).items.map((i) => i.id)).to.not.include(pushed.id);
  });

  it('the acknowledgement reaches the reporter live, in the inbox and on the alert feed', async () => {
    const alert = await postAlert();
    const hit = (await py.post(`/api/v1/alerts/${alert.id}/updates`, HIT).expect(201)).body as { id: string };
    const reporterSocket = await socketOf(py);
    const live = nextEvent(reporterSocket, 'inbox:new', 5000);
    const feed = nextEvent(reporterSocket, 'alert:update', 5000);
    await author.post(`/api/v1/alerts/${alert.id}/updates/${hit.id}/ack`).expect(200);
    const item = (await live).item;
    expect(item).to.deep.include({ kind: 'hit_acknowledged', subject: { type: 'alert', id: alert.id } });
    const update = (await feed).update;
    expect(update.id).to.equal(hit.id);
    expect(update.acknowledgedAt).to.be.a('string');
    expect((await inbox(py)).items.map((i) => i.id)).to.include(item.id);
  });

  it('a watch hit is kept for its owner only', async () => {
    const watch = (await py.post('/api/v1/watches', { kind: 'plate', value: 'KX 771 QT' }).expect(201)).body as { id: string };
    const alert = await postAlert({ vehicles: [{ plate: 'KX-771-QT', country: 'AR' }] });
    await drainMatchWorker(server.instance);
    const items = (await inbox(py)).items.filter((i) => i.kind === 'watch_hit');
    expect(items.map((i) => i.subject?.id)).to.include(alert.id);
    expect((await inbox(outsider)).items.filter((i) => i.kind === 'watch_hit')).to.have.length(0);
    await py.delete(`/api/v1/watches/${watch.id}`).expect(204);
  });

  it('a new cross-border match reaches both agencies; a match within one country does not', async () => {
    const arAlert = await postAlert({
      phones: ['+54 9 370 455 1212'],
      vehicles: [],
      subjects: [{ role: 'suspect', givenNames: 'Rubén', familyNames: 'Sosa' }],
    });
    const sameCountry = await postAlert({
      phones: ['+54 9 370 455 1212'],
      vehicles: [],
      subjects: [{ role: 'suspect', givenNames: 'Ana', familyNames: 'Paz' }],
    });
    await drainMatchWorker(server.instance);
    expect((await inbox(author, '?limit=100')).items.filter((i) => i.kind === 'match_new')).to.have.length(0);
    const pyAlert = (
      await py
        .post(
          '/api/v1/alerts',
          alertBody({
            sensitivity: 'standard',
            phones: ['0370 15 4551212'],
            vehicles: [],
            subjects: [{ role: 'suspect', givenNames: 'Luis', familyNames: 'Vera' }],
          }),
        )
        .expect(201)
    ).body as { id: string; reference: string };
    await drainMatchWorker(server.instance);
    const arSide = (await inbox(author, '?limit=100')).items.filter((i) => i.kind === 'match_new').map((i) => i.subject?.id);
    expect(arSide).to.include.members([arAlert.id, sameCountry.id]);
    const pySide = (await inbox(py, '?limit=100')).items.filter((i) => i.kind === 'match_new');
    // One item per alert it links to (two Argentine alerts), each about the reader's own alert.
    expect(pySide.map((i) => i.subject?.id)).to.deep.equal([pyAlert.id, pyAlert.id]);
    expect((await inbox(outsider, '?limit=100')).items.some((i) => i.kind === 'match_new')).to.equal(false);
  });

  it('an access request reaches the alert’s agency, its decision the requester', async () => {
    const reserved = await postAlert({
      distribution: { scope: 'agency' },
      subjects: [
        { role: 'suspect', givenNames: 'Tito', familyNames: 'Núñez', documents: [{ type: 'DNI', country: 'AR', number: '31.222.333' }] },
      ],
      phones: [],
      vehicles: [],
    });
    await drainMatchWorker(server.instance);
    await py.get('/api/v1/search?q=31222333').expect(200);
    const request = (await py.post('/api/v1/access-requests', { alertId: reserved.id, reason: 'Causa abierta' }).expect(201)).body as {
      id: string;
    };
    const received = (await inbox(author)).items.find((i) => i.kind === 'access_requested');
    expect(received).to.deep.include({ subject: { type: 'accessRequest', id: request.id }, available: true });
    expect((await inbox(outsider)).items.some((i) => i.kind === 'access_requested')).to.equal(false);

    const requesterSocket = await socketOf(py);
    const live = nextEvent(requesterSocket, 'inbox:new', 5000);
    await author.post(`/api/v1/access-requests/${request.id}/decision`, { decision: 'refuse', note: 'No corresponde' }).expect(200);
    expect((await live).item).to.deep.include({ kind: 'access_decided', data: { status: 'refused' } });
  });

  it('a role grant awaiting approval reaches system admins, not agency admins', async () => {
    const fiscalia = await buildAgency({ country: 'AR', kind: 'prosecutor' });
    const fiscaliaAdmin = await signIn(server.url, await buildUser({ agency: fiscalia, roles: ['agency_admin'], mfa: true }));
    const sys = await signIn(server.url, await buildUser({ agency: fiscalia, roles: ['system_admin'], mfa: true }));
    const sysSocket = await socketOf(sys);
    const live = nextEvent(sysSocket, 'inbox:new', 5000);
    const invite = await fiscaliaAdmin
      .post('/api/v1/users', {
        email: 'fiscal.inbox@example.org',
        displayName: 'Fiscal',
        agencyId: String(fiscalia._id),
        roles: ['prosecutor'],
      })
      .expect(201);
    const item = (await live).item;
    expect(item).to.deep.include({
      kind: 'role_grant_pending',
      subject: { type: 'user', id: invite.body.user.id },
      data: { roles: ['prosecutor'] },
    });
    expect((await inbox(sys)).items.map((i) => i.id)).to.include(item.id);
    expect((await inbox(fiscaliaAdmin)).items.map((i) => i.id)).to.not.include(item.id);
  });

  it('a sign-in from a new device is told to the account’s owner; a known device is not', async () => {
    const owner = await buildUser({ agency: pyAgency, mfa: true });
    const from = (device: string) => {
      const c = new ApiClient(server.url);
      c.agent.set('User-Agent', device);
      return c.login(owner);
    };
    const first = await from('Navegador de la oficina');
    expect((await inbox(first)).items.filter((i) => i.kind === 'new_device_sign_in')).to.have.length(0);
    const firstSocket = await socketOf(first);
    const live = nextEvent(firstSocket, 'inbox:new', 5000);
    await from('Teléfono desconocido');
    expect((await live).item).to.deep.include({ kind: 'new_device_sign_in', subject: { type: 'user', id: owner.id } });
    await from('Navegador de la oficina');
    expect((await inbox(first)).items.filter((i) => i.kind === 'new_device_sign_in')).to.have.length(1);
  });

  it('a review coming due and a protected person’s check reach the origin agency', async () => {
    const alert = await postAlert();
    const authorSocket = await socketOf(author);
    const live = nextEvent(authorSocket, 'inbox:new', 5000);
    expect(await remindUpcomingReviews(server.instance, new Date(Date.now() + 400 * DAY_MS))).to.be.greaterThan(0);
    expect((await live).item.kind).to.equal('review_due');
    const reviews = (await inbox(author, '?limit=100')).items.filter((i) => i.kind === 'review_due');
    expect(reviews.map((i) => i.subject?.id)).to.include(alert.id);

    const checked = nextEvent(authorSocket, 'inbox:new', 5000);
    server.instance.events.emit('protected_person.checked', {
      alertId: alert.id,
      reference: alert.reference,
      originAgencyId: String(arAgency._id),
      checkedByAgencyId: String(pyAgency._id),
      checkedByUserId: pyUser.id,
      place: 'Puesto Falcón',
      at: new Date(),
    });
    const item = (await checked).item;
    expect(item).to.deep.include({
      kind: 'protected_person_checked',
      subject: { type: 'alert', id: alert.id },
      // Which agency checked and where (the origin follows it up); never who, by name.
      data: { reference: alert.reference, agencyName: pyAgency.name, place: 'Puesto Falcón' },
    });
    expect((await inbox(outsider)).items.some((i) => i.kind === 'protected_person_checked')).to.equal(false);
  });

  it('an item about an alert the reader can no longer see is listed as unavailable, without its reference', async () => {
    const alert = await postAlert({ distribution: { scope: 'bilateral' } });
    const hit = (await py.post(`/api/v1/alerts/${alert.id}/updates`, HIT).expect(201)).body as { id: string };
    await author.post(`/api/v1/alerts/${alert.id}/updates/${hit.id}/ack`).expect(200);
    const before = (await inbox(py)).items.find((i) => i.kind === 'hit_acknowledged' && i.subject?.id === alert.id);
    expect(before).to.deep.include({ available: true });
    const current = (await author.get(`/api/v1/alerts/${alert.id}`).expect(200)).body as { version: number };
    await author.patch(`/api/v1/alerts/${alert.id}`, { version: current.version, distribution: { scope: 'agency' } }).expect(200);
    const after = (await inbox(py)).items.find((i) => i.id === before!.id);
    expect(after).to.deep.include({ available: false, subject: null, data: {} });
    expect(JSON.stringify(after)).to.not.include(alert.reference);
  });

  it('read state is per user and follows the user to their other session; marks need the CSRF token', async () => {
    const second = await signIn(server.url, colleague);
    const first = await signIn(server.url, colleague);
    const secondSocket = await socketOf(second);
    const page = await inbox(first);
    const unread = page.items.filter((i) => !i.read);
    expect(unread.length).to.be.greaterThan(0);
    const target = unread[0]!;
    const synced = nextEvent(secondSocket, 'inbox:read', 5000);
    const anonymous = new ApiClient(server.url);
    await anonymous.post('/api/v1/inbox/read', { ids: [target.id] }).expect(403);
    const res = await first.post('/api/v1/inbox/read', { ids: [target.id] }).expect(200);
    expect(res.body.unread).to.equal(page.unread - 1);
    expect(await synced).to.deep.equal({ ids: [target.id], unread: page.unread - 1 });
    expect((await inbox(second)).items.find((i) => i.id === target.id)).to.deep.include({ read: true });
    // An agency item is read per user: the colleague's mark leaves it unread for the author.
    expect((await inbox(author)).items.find((i) => i.id === target.id)).to.deep.include({ read: false });
    // An item not addressed to the caller is not theirs to mark.
    const outsiderBefore = await inbox(outsider);
    await outsider.post('/api/v1/inbox/read', { ids: [target.id] }).expect(200);
    expect((await inbox(outsider)).unread).to.equal(outsiderBefore.unread);

    await first.post('/api/v1/inbox/read', { all: true }).expect(200);
    expect((await inbox(second)).unread).to.equal(0);
    await first.post('/api/v1/inbox/read', { ids: ['nope'] }).expect(400);
  });

  it('pages newest first by a cursor, without repeats or gaps', async () => {
    const alert = await postAlert();
    for (let i = 0; i < 3; i++) await py.post(`/api/v1/alerts/${alert.id}/updates`, HIT).expect(201);
    const all = (await inbox(author, '?limit=100')).items;
    const seen: InboxItemDto[] = [];
    let cursor: string | null = null;
    do {
      const page: InboxPageDto = await inbox(author, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).to.be.at.most(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((i) => i.id)).to.deep.equal(all.map((i) => i.id));
    const times = seen.map((i) => i.createdAt);
    expect([...times].sort().reverse()).to.deep.equal(times);
    await author.get('/api/v1/inbox?cursor=bad!').expect(400);
  });
});
