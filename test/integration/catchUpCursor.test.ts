/**
 * Issue 26, item 1: the device's catch-up cursor (client/src/live/catchUpCursor.ts) driven through
 * real sockets against a real server. A live event must not replace the cursor `alerts:since` gave,
 * which lists the entries still in flight: a disconnect right after would lose such an alert.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import { CatchUpCursor, SinceRefused } from '../../client/src/live/catchUpCursor.js';
import type { AlertSummaryDto } from '../../shared/dto/alert.js';
import type { AlertsSinceData } from '../../shared/events.js';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import type { PuenteServer } from '../../server/server.js';
import { logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { Alert } from '../helpers/models.js';

/** The device storage as the client keeps it (one value), with a way to wait for the next write. */
function deviceStorage() {
  let stored: string | null = null;
  let onWrite: (() => void) | null = null;
  return {
    read: async () => stored,
    write: async (c: string) => {
      stored = c;
      onWrite?.();
    },
    nextWrite: () => new Promise<void>((resolve) => (onWrite = resolve)),
  };
}

const askOn =
  (socket: TestSocket) =>
  async (cursor: string | null): Promise<AlertsSinceData> => {
    const res = await socket.timeout(5000).emitWithAck('alerts:since', { cursor });
    if ('error' in res) throw new SinceRefused(res.error.code);
    return res.data;
  };

describe('device catch-up cursor: a live event never skips an alert still in flight', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let poster: ApiClient;
  let watcher: ApiClient;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    poster = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), roles: ['officer'], mfa: true }));
    watcher = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'PY' }), roles: ['officer'], mfa: true }));
    await poster.post('/api/v1/alerts', alertBody({ title: 'Anterior' })).expect(201);
  });
  after(() => server.stop());

  it('an alert whose insert is slow still arrives after a live event and a disconnect', async () => {
    const storage = deviceStorage();
    const shown: AlertSummaryDto[] = [];
    const cursor = new CatchUpCursor({
      storage,
      apply: (items) => shown.push(...items),
      onFailure: (err) => {
        throw err;
      },
      liveDelayMs: 50,
      liveJitterMs: 50,
    });
    const first = await openSocket(server.url, { cookie: watcher.cookieHeader() });
    await cursor.connected(askOn(first));
    first.on('alert:new', () => cursor.liveEvent());

    // An alert whose creation is logged but whose insert has not landed, and one posted after it.
    const lateId = new mongoose.Types.ObjectId();
    const lateSeq = await logAlertChange(server.instance, String(lateId), 'created');
    const after = (await poster.post('/api/v1/alerts', alertBody({ title: 'Después' })).expect(201)).body as { id: string };
    // A catch-up now: its cursor carries the late entry as pending.
    await cursor.connected(askOn(first));
    expect(shown.map((a) => a.id)).to.include(after.id);

    // A live event for a later alert, then the connection drops.
    const stored = storage.nextWrite();
    const live = nextEvent(first, 'alert:new');
    const later = (await poster.post('/api/v1/alerts', alertBody({ title: 'Más tarde' })).expect(201)).body as { id: string };
    expect((await live).alert.id).to.equal(later.id);
    await stored;
    first.disconnect();
    cursor.disconnected();

    // The slow insert lands, with the position it was logged at (as createAlert writes it).
    const template = (await Alert.findById(after.id).lean<AlertDoc>())!;
    await Alert.collection.insertOne({
      ...template,
      _id: lateId,
      reference: 'AR-2026-LATE26',
      title: 'Tardía',
      changeSeq: lateSeq,
    } as never);

    shown.length = 0;
    const second = await openSocket(server.url, { cookie: watcher.cookieHeader() });
    await cursor.connected(askOn(second));
    expect(shown.map((a) => a.id)).to.include(String(lateId));
    second.close();
  });
});
