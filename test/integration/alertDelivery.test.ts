import { expect } from 'chai';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import mongoose from 'mongoose';
import { alertsSince, logAlertChange } from '../../server/services/alerts/alertChanges.js';
import { encodeCursor } from '../../server/services/pagination.js';

describe('alert references and delivery', function () {
  this.timeout(120_000);
  let server: PuenteServer;
  let poster: ApiClient;
  let watcher: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY' });
    poster = await signIn(server.url, await buildUser({ agency: ar, roles: ['officer'], mfa: true }));
    watcher = await signIn(server.url, await buildUser({ agency: py, roles: ['officer'], mfa: true }));
  });
  after(() => server.stop());

  it('50 concurrent creates get 50 distinct, consecutive references', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        poster.post('/api/v1/alerts', alertBody({ title: `Concurrente ${i}`, sensitivity: 'standard' })),
      ),
    );
    expect(
      results.map((r) => r.status),
      JSON.stringify(results.find((r) => r.status !== 201)?.body),
    ).to.deep.equal(Array(50).fill(201));
    const numbers = results.map((r) => Number(/^AR-\d{4}-(\d{6})$/.exec(r.body.reference)![1])).sort((a, b) => a - b);
    expect(new Set(numbers).size).to.equal(50);
    expect(numbers[49]! - numbers[0]!, 'no gaps').to.equal(49);
  });

  it('a client disconnected while 20 alerts are posted gets all 20, once each, through alerts:since', async () => {
    const socket = await openSocket(server.url, { cookie: watcher.cookieHeader() });
    const arriving = nextEvent(socket, 'alert:new');
    const before = await poster.post('/api/v1/alerts', alertBody({ title: 'Antes del corte' })).expect(201);
    const seen = await arriving;
    expect(seen.alert.id).to.equal(before.body.id);
    const cursor = seen.alert.cursor as string;
    socket.disconnect();

    const posted: string[] = [];
    for (let i = 0; i < 20; i++)
      posted.push((await poster.post('/api/v1/alerts', alertBody({ title: `Durante el corte ${i}` })).expect(201)).body.id);

    const back = await openSocket(server.url, { cookie: watcher.cookieHeader() });
    const collected: string[] = [];
    let next: string = cursor;
    for (let guard = 0; guard < 10; guard++) {
      const res = await back.timeout(5000).emitWithAck('alerts:since', { cursor: next });
      if (!('data' in res)) throw new Error(JSON.stringify(res));
      collected.push(...res.data.items.map((a: { id?: unknown }) => a.id as string));
      next = res.data.cursor;
      if (!res.data.hasMore) break;
    }
    expect(collected).to.deep.equal(posted);
    const again = await back.timeout(5000).emitWithAck('alerts:since', { cursor: next });
    expect('data' in again && again.data.items).to.deep.equal([]);
    back.close();
  });

  it('20 concurrent hits on one alert are all kept (no lost update)', async () => {
    const created = (await poster.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201)).body;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        watcher.post(`/api/v1/alerts/${created.id}/updates`, { kind: 'hit', hitType: 'sighting', text: `Avistamiento ${i}` }),
      ),
    );
    expect(results.map((r) => r.status)).to.deep.equal(Array(20).fill(201));
    const list = await poster.get(`/api/v1/alerts/${created.id}/updates`).expect(200);
    expect(list.body.items).to.have.length(20);
  });

  it('catch-up never steps past a creation whose alert is still being stored, and skips a failed one', async () => {
    const viewer = { agencyId: 'x', country: 'PY' as const, roles: ['officer' as const], agencyKind: null };
    const start = await alertsSince(viewer, null);
    const pendingId = new mongoose.Types.ObjectId().toHexString();
    const seq = await logAlertChange(pendingId, 'created');
    const waiting = await alertsSince(viewer, start.cursor);
    expect(waiting.cursor, 'stays before the in-flight creation').to.equal(encodeCursor({ c: seq - 1 }));
    expect(waiting.hasMore).to.equal(true);
    const later = await alertsSince(viewer, start.cursor, Date.now() + 60_000);
    expect(later.cursor, 'a creation never stored is skipped after a while').to.equal(encodeCursor({ c: seq }));
  });

  it('alerts:since validates its payload and answers {error}', async () => {
    const socket = await openSocket(server.url, { cookie: watcher.cookieHeader() });
    const bad = await socket.timeout(2000).emitWithAck('alerts:since', { cursor: { $gt: '' } } as never);
    expect(bad).to.deep.include({ error: { code: 'validation_failed', message: 'Algunos datos no son válidos.' } });
    const garbage = await socket.timeout(2000).emitWithAck('alerts:since', { cursor: 'bm9wZQ' });
    expect('error' in garbage && garbage.error.code).to.equal('validation_failed');
    socket.close();
  });

  it('edits and updates reach watchers live as alert:changed and alert:update, each with a cursor', async () => {
    const socket = await openSocket(server.url, { cookie: watcher.cookieHeader() });
    const created = (await poster.post('/api/v1/alerts', alertBody({ sensitivity: 'standard' })).expect(201)).body;
    const changed = nextEvent(socket, 'alert:changed');
    await poster.patch(`/api/v1/alerts/${created.id}`, { version: 0, priority: 'high' }).expect(200);
    const c = await changed;
    expect(c.alert).to.include({ id: created.id, priority: 'high', version: 1 });
    const update = nextEvent(socket, 'alert:update');
    await watcher
      .post(`/api/v1/alerts/${created.id}/updates`, { kind: 'hit', hitType: 'located', text: 'Localizada en Falcón' })
      .expect(201);
    const u = await update;
    expect(u.alertId).to.equal(created.id);
    expect(u.update).to.include({ kind: 'hit', hitType: 'located' });
    expect(u.cursor).to.be.a('string').and.not.equal(c.alert.cursor);
    socket.close();
  });
});
