/**
 * Issue #23 F5: partner agencies cannot make a shared alert unable to take hits. Each agency other
 * than the origin has its own share of the alert's update budget (half of it for notes), partner
 * notes together and partner updates together are bounded, so room always remains for hits and for
 * the origin agency; the origin can hide a note (kept in the audit trail, its text no longer held).
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { ALERT_LIMITS, UPDATE_SHARES } from '../../shared/schemas/alerts.js';
import type { AgencyDoc } from '../../server/identity/agencies/Agency.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { AuditEvent } from '../helpers/models.js';

const big = '€'.repeat(5000); // the longest note: 15,000 bytes in UTF-8
const note = (text: string) => ({ kind: 'note', text });
const hit = (text: string) => ({ kind: 'hit', hitType: 'located', text });
const weight = Buffer.byteLength(JSON.stringify({ text: big, location: null }));

interface Posted {
  status: number;
  body: { id?: string; error?: { code: string; message: string } };
}

describe('alert update shares per agency and hidden notes (issue #23 F5)', function () {
  this.timeout(180_000);
  const server = suiteServer();
  let ar: AgencyDoc;
  let origin: ApiClient;
  let originAdmin: ApiClient;

  /** A member of a new partner agency (PY police, or PY prosecution for a prosecutor), or of `agency`. */
  async function partner(roles: ('officer' | 'prosecutor' | 'agency_admin')[] = ['officer'], agency?: AgencyDoc): Promise<ApiClient> {
    const where = agency ?? (await buildAgency({ country: 'PY', kind: roles.includes('prosecutor') ? 'prosecutor' : 'police' }));
    return signIn(server.url, await buildUser({ agency: where, roles, mfa: true }));
  }

  /** Posts `body` until refused (or `max` accepted); the accepted count and the refusal. */
  async function fill(client: ApiClient, alertId: string, body: object, max = 60): Promise<{ accepted: number; refused: Posted | null }> {
    let accepted = 0;
    for (let i = 0; i < max; i++) {
      const res = (await client.post(`/api/v1/alerts/${alertId}/updates`, body)) as Posted;
      if (res.status !== 201) return { accepted, refused: res };
      accepted++;
    }
    return { accepted, refused: null };
  }

  before(async () => {
    ar = await buildAgency({ country: 'AR' });
    origin = await signIn(server.url, await buildUser({ agency: ar, mfa: true }));
    originAdmin = await signIn(server.url, await buildUser({ agency: ar, roles: ['agency_admin'], mfa: true }));
  });

  it('the finding: a PY officer and a PY prosecutor fill what they can with 5,000-“€” notes; the AR origin’s hit is still taken', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const officer = await fill(await partner(), alert.id, note(big));
    const perAgencyNotes = Math.floor((ALERT_LIMITS.updateBytesPerAlert * UPDATE_SHARES.agencyNotes) / weight);
    expect(officer.accepted, 'one agency’s notes stop at its share').to.equal(perAgencyNotes);
    expect(officer.refused?.status).to.equal(409);
    expect(officer.refused?.body.error?.code).to.equal('agency_share_full');
    expect(officer.refused?.body.error?.message).to.match(/su organismo/i);
    const prosecutor = await fill(await partner(['prosecutor']), alert.id, note('x'.repeat(400)), 400);
    expect(prosecutor.refused?.status, 'the prosecutor is stopped too').to.equal(409);
    // The origin's hit: accepted.
    await origin.post(`/api/v1/alerts/${alert.id}/updates`, hit('Víctima localizada')).expect(201);
  });

  it('however many partner agencies fill notes and hits, the origin’s hit and a partner’s hit after partner notes are taken', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const codes = new Set<string>();
    let partnerNotes = 0;
    // Partner agencies post big notes until every new partner is refused its first note.
    for (let agencies = 0; agencies < 20; agencies++) {
      const res = await fill(await partner(), alert.id, note(big));
      partnerNotes += res.accepted;
      codes.add(res.refused?.body.error?.code ?? 'none');
      if (res.accepted === 0) break;
    }
    expect(partnerNotes * weight, 'partner notes together stop at their share').to.be.at.most(
      ALERT_LIMITS.updateBytesPerAlert * UPDATE_SHARES.partnerNotes,
    );
    expect([...codes]).to.include('alert_full');
    // Notes no longer fit, but another partner's hit does.
    const late = await partner();
    await late.post(`/api/v1/alerts/${alert.id}/updates`, note(big)).expect(409);
    await late.post(`/api/v1/alerts/${alert.id}/updates`, hit('Vista en Encarnación')).expect(201);
    // Partners now fill everything left with hits.
    for (let agencies = 0; agencies < 20; agencies++) {
      const res = await fill(await partner(), alert.id, hit(big));
      if (res.accepted === 0) break;
    }
    const total = (await origin.get(`/api/v1/alerts/${alert.id}/updates`).expect(200)).body.items.length;
    expect(total).to.be.greaterThan(0);
    // The origin keeps its reserved room: its hit and its note are taken.
    await origin.post(`/api/v1/alerts/${alert.id}/updates`, hit(big)).expect(201);
    await origin.post(`/api/v1/alerts/${alert.id}/updates`, note('Seguimos el caso')).expect(201);
  });

  it('an agency that used its share of notes may still post hits', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const pyPolice = await buildAgency({ country: 'PY' });
    const py = await partner(['officer'], pyPolice);
    const notes = await fill(py, alert.id, note(big));
    expect(notes.refused?.body.error?.code).to.equal('agency_share_full');
    await py.post(`/api/v1/alerts/${alert.id}/updates`, hit('Vista en Pedro Juan Caballero')).expect(201);
    // A colleague of the same agency shares the same share: notes refused.
    const colleague = await partner(['officer'], pyPolice);
    const refused = await colleague.post(`/api/v1/alerts/${alert.id}/updates`, note(big)).expect(409);
    expect(refused.body.error.code).to.equal('agency_share_full');
  });

  it('the origin hides a note: everyone (HTTP and socket) sees only that it was hidden; the audit keeps its hash; its bytes are freed', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const py = await partner();
    const filled = await fill(py, alert.id, note(big));
    expect(filled.refused?.body.error?.code).to.equal('agency_share_full');
    const items = (await origin.get(`/api/v1/alerts/${alert.id}/updates`).expect(200)).body.items as { id: string }[];
    const target = items[0]!.id;
    const watcher = await partner();
    const socket = await openSocket(server.url, { cookie: watcher.cookieHeader() });
    try {
      const heard = nextEvent(socket, 'alert:update');
      const hidden = await origin.post(`/api/v1/alerts/${alert.id}/updates/${target}/hide`, {}).expect(200);
      expect(hidden.body).to.include({ id: target, hidden: true, text: '' });
      expect(hidden.body.location).to.equal(null);
      const live = await heard;
      expect(live.update).to.include({ id: target, hidden: true, text: '' });
      expect(JSON.stringify(live)).to.not.include('€€€');
    } finally {
      socket.close();
    }
    for (const viewer of [watcher, py, origin]) {
      const seen = (await viewer.get(`/api/v1/alerts/${alert.id}`).expect(200)).body.updates.find((u: { id: string }) => u.id === target);
      expect(seen).to.include({ hidden: true, text: '' });
      const listed = (await viewer.get(`/api/v1/alerts/${alert.id}/updates`).expect(200)).body.items;
      expect(JSON.stringify(listed.find((u: { id: string }) => u.id === target))).to.not.include('€');
    }
    const audit = await AuditEvent.findOne({ action: 'alert.update_hidden', targetId: alert.id }).lean();
    expect(audit?.details).to.deep.include({ updateId: target });
    // The text is the event's personal part (format 2): erasable for a data-subject request.
    expect(audit?.personal).to.deep.include({ textSha256: createHash('sha256').update(big).digest('hex') });
    expect((audit?.personal?.textParts as string[]).join(''), 'the whole text is kept').to.equal(big);
    // Hiding twice changes nothing; the freed bytes let the partner post one more note.
    await originAdmin.post(`/api/v1/alerts/${alert.id}/updates/${target}/hide`, {}).expect(200);
    expect(await AuditEvent.countDocuments({ action: 'alert.update_hidden', targetId: alert.id })).to.equal(1);
    await py.post(`/api/v1/alerts/${alert.id}/updates`, note(big)).expect(201);
  });

  it('only the origin agency hides notes: a partner gets 403, another country’s agency-only alert 404, a hit cannot be hidden', async () => {
    const alert = (await origin.post('/api/v1/alerts', alertBody()).expect(201)).body;
    const py = await partner();
    const posted = (await py.post(`/api/v1/alerts/${alert.id}/updates`, note('Dato dudoso')).expect(201)).body;
    const refused = await py.post(`/api/v1/alerts/${alert.id}/updates/${posted.id}/hide`, {}).expect(403);
    expect(refused.body.error.code).to.equal('forbidden');
    const partnerAdmin = await partner(['agency_admin']);
    await partnerAdmin.post(`/api/v1/alerts/${alert.id}/updates/${posted.id}/hide`, {}).expect(403);
    const ownOnly = (await origin.post('/api/v1/alerts', alertBody({ distribution: { scope: 'agency' } })).expect(201)).body;
    const own = (await origin.post(`/api/v1/alerts/${ownOnly.id}/updates`, note('interna')).expect(201)).body;
    await py.post(`/api/v1/alerts/${ownOnly.id}/updates/${own.id}/hide`, {}).expect(404);
    const h = (await py.post(`/api/v1/alerts/${alert.id}/updates`, hit('Localizada')).expect(201)).body;
    await origin.post(`/api/v1/alerts/${alert.id}/updates/${h.id}/hide`, {}).expect(404);
    await origin.post(`/api/v1/alerts/${alert.id}/updates/00000000-0000-4000-8000-000000000000/hide`, {}).expect(404);
    // Without the CSRF token: refused.
    await origin.agent.post(`/api/v1/alerts/${alert.id}/updates/${posted.id}/hide`).send({}).expect(403);
    const still = (await py.get(`/api/v1/alerts/${alert.id}/updates`).expect(200)).body.items.find(
      (u: { id: string }) => u.id === posted.id,
    );
    expect(still).to.include({ text: 'Dato dudoso' });
    expect(still.hidden).to.not.equal(true);
  });
});
