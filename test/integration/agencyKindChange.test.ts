/**
 * An agency's kind decides what its members' roles open (a prosecutor reads restricted victim
 * identity only in a prosecution or judiciary agency, roles.policy.ts). Changing it ends their
 * sessions and sockets, as a change of their roles does (SECURITY.md "Sessions"): a socket keeps
 * the rooms its handshake chose by the old kind, and a session keeps the kind it began with.
 */
import { expect } from 'chai';
import { alertBody, VICTIM_SECRETS } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { suiteServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { SessionModel } from '../helpers/models.js';

describe('changing an agency’s kind', function () {
  this.timeout(60_000);
  const server = suiteServer();

  async function setting() {
    const ministry = await buildAgency({ country: 'AR', kind: 'other' });
    const sysadmin = await signIn(server.url, await buildUser({ agency: ministry, roles: ['system_admin'], mfa: true }));
    const fiscalia = await buildAgency({ country: 'AR', kind: 'prosecutor' });
    const prosecutor = await buildUser({ agency: fiscalia, roles: ['prosecutor'], mfa: true });
    const police = await buildAgency({ country: 'PY', kind: 'police' });
    const poster = await signIn(server.url, await buildUser({ agency: police, roles: ['officer'], mfa: true }));
    const alert = await poster.post('/api/v1/alerts', alertBody({ title: 'Alerta restringida de otro organismo' })).expect(201);
    return { sysadmin, fiscalia, prosecutor, poster, alertId: alert.body.id as string };
  }

  it('ends its members’ sessions and sockets; signed in again, they get what the new kind opens', async () => {
    const { sysadmin, fiscalia, prosecutor, poster, alertId } = await setting();
    const client = await signIn(server.url, prosecutor);
    const before = await client.get(`/api/v1/alerts/${alertId}`).expect(200);
    expect(before.body.abilities.viewRestricted).to.equal(true);
    expect(before.body.subjects[0]).to.include({ givenNames: 'María José' });

    const socket = await openSocket(server.url, { cookie: client.cookieHeader() });
    const revoked = nextEvent(socket, 'session:revoked', 3000);
    await sysadmin.patch(`/api/v1/agencies/${String(fiscalia._id)}`, { kind: 'police' }).expect(200);

    expect(await revoked).to.deep.equal({ reason: 'roles_changed' });
    await client.get('/api/v1/auth/me').expect(401);
    socket.close();

    const again = await signIn(server.url, prosecutor);
    const after = await again.get(`/api/v1/alerts/${alertId}`).expect(200);
    expect(after.body.abilities.viewRestricted).to.equal(false);
    expect(after.body.subjects[0]).to.include({ role: 'victim', redacted: true });
    for (const secret of VICTIM_SECRETS) expect(JSON.stringify(after.body), `GET leaks ${secret}`).to.not.contain(secret);

    // Its new socket is in the rooms of the new kind: a new alert arrives without restricted abilities.
    const fresh = await openSocket(server.url, { cookie: again.cookieHeader() });
    const heard = nextEvent(fresh, 'alert:new', 3000);
    await poster.post('/api/v1/alerts', alertBody({ title: 'Alerta posterior al cambio' })).expect(201);
    expect((await heard).alert.abilities.viewRestricted).to.equal(false);
    fresh.close();
  });

  it('a change that keeps the kind (another field) leaves sessions alone', async () => {
    const { sysadmin, fiscalia, prosecutor } = await setting();
    const client = await signIn(server.url, prosecutor);
    await sysadmin.patch(`/api/v1/agencies/${String(fiscalia._id)}`, { kind: 'prosecutor', jurisdiction: 'Formosa' }).expect(200);
    await client.get('/api/v1/auth/me').expect(200);
  });

  it('a session begun before sessions kept the kind still gets its agency’s kind, read from the store', async () => {
    const { prosecutor, alertId } = await setting();
    const client = await signIn(server.url, prosecutor);
    const sid = /^s:([^.]+)\./.exec(decodeURIComponent(/puente\.sid=([^;]+)/.exec(client.cookieHeader())![1]!))![1]!;
    const stored = await SessionModel.findById(sid).lean();
    const data = JSON.parse(stored!.data) as Record<string, unknown>;
    expect(data.agencyKind, 'kept at sign-in').to.equal('prosecutor');
    delete data.agencyKind;
    await SessionModel.updateOne({ _id: sid }, { $set: { data: JSON.stringify(data) } });

    const read = await client.get(`/api/v1/alerts/${alertId}`).expect(200);
    expect(read.body.abilities.viewRestricted).to.equal(true);
  });
});
