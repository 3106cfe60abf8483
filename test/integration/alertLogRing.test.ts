import { expect } from 'chai';
import mongoose from 'mongoose';
import { type AlertDoc } from '../../server/alerts/Alert.js';
import type { PuenteServer } from '../../server/server.js';
import { logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { AlertCopy } from '../../server/alerts/copy/alertCopy.js';
import { drainMatchWorker, matchWorkerPosition, matchWorkerResets, matchWorkerStore } from '../../server/search/matchWorker.js';
import { assertLockHeld, withDocLock } from '../../server/platform/store/docLock.js';
import { firstKept } from '../../server/platform/store/sequencedLog.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { testInstance } from '../helpers/instance.js';
import { Alert } from '../helpers/models.js';

/** A ring of 4 collections of 16 changes: it holds the last 49 to 64 changes. */
const SMALL_RING = { segmentSize: 16, ringSegments: 4 };

interface SinceData {
  items: Array<{ id: string }>;
  cursor: string;
  hasMore: boolean;
  reset?: boolean;
}

/**
 * Issue 26, item 11: the change log is a ring of collections compacted as it goes round. Whoever
 * follows it from further back than it holds — a device's cursor, a process's copy, the match
 * worker — is told so and reloads; no alert is skipped.
 */
describe('alert change log ring: readers behind it reload and miss nothing', function () {
  this.timeout(180_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let socket: TestSocket;
  let template: AlertDoc;
  let written = 0;

  /** Alerts written as another process writes them: logged, then stored, this process not told. */
  async function foreignAlerts(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = new mongoose.Types.ObjectId();
      const seq = await logAlertChange(server.instance, String(id), 'created');
      written++;
      await Alert.collection.insertOne({
        ...template,
        _id: id,
        reference: `AR-2026-${String(900000 + written).padStart(6, '0')}`,
        title: `Ajena ${written}`,
        changeSeq: seq,
        createdAt: new Date(Date.now() + written),
      } as never);
      ids.push(String(id));
    }
    return ids;
  }

  const since = async (cursor: string | null) => {
    const res = (await socket.timeout(10_000).emitWithAck('alerts:since', { cursor })) as { data?: SinceData; error?: { code: string } };
    expect(res.error, JSON.stringify(res.error)).to.equal(undefined);
    return res.data!;
  };

  before(async () => {
    await resetDatabase();
    // A server whose change log has a small ring, from its start.
    const instance = testInstance();
    instance.alertChangeLog.useGeometry(SMALL_RING);
    server = await startTestServer({}, { instance });
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    socket = await openSocket(server.url, { cookie: officer.cookieHeader() });
    const body = alertBody({
      title: 'Plantilla',
      sensitivity: 'standard',
      phones: ['0370 154 888 222'],
      subjects: [
        {
          role: 'suspect',
          givenNames: 'Rolando',
          familyNames: 'Benítez',
          documents: [{ type: 'DNI', country: 'AR', number: '30.444.555' }],
        },
      ],
    });
    // Every alert below carries this phone: the match worker's announcement of each is a watch hit.
    await officer.post('/api/v1/watches', { kind: 'phone', value: '0370 154 888 222' }).expect(201);
    const { id } = (await officer.post('/api/v1/alerts', body).expect(201)).body as { id: string };
    template = (await Alert.findById(id).lean<AlertDoc>())!;
  });
  after(async () => {
    socket.close();
    await server.stop();
    // The next suites' servers have logs of their own, of the deployed geometry, on an emptied store.
    await resetDatabase();
  });

  it('a device whose cursor is behind the ring is told to reload; its lists then hold every alert, and it follows on from there', async () => {
    const before = await since(null);
    expect(before.reset).to.equal(undefined);
    const ids = await foreignAlerts(90);
    expect(firstKept(await server.instance.alertChangeLog.head())).to.be.greaterThan(2);
    const answer = await since(before.cursor);
    expect(answer.reset, 'the old cursor gets a reset').to.equal(true);
    // What the client does on reset: load its list again (here every page of it).
    const listed = new Set<string>();
    for (let cursor: string | null = null; ;) {
      const page = (await officer.get(`/api/v1/alerts?limit=100${cursor ? `&cursor=${cursor}` : ''}`).expect(200)).body as {
        items: Array<{ id: string }>;
        nextCursor: string | null;
      };
      for (const a of page.items) listed.add(a.id);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(
      ids.filter((id) => !listed.has(id)),
      'alerts missing from the list',
    ).to.deep.equal([]);
    // The new cursor follows the log as usual.
    const more = await foreignAlerts(3);
    const next = await since(answer.cursor);
    expect(next.reset).to.equal(undefined);
    expect(next.items.map((a) => a.id)).to.include.members(more);
  });

  it('a process whose copy fell a whole ring behind reloads it from the store and holds every alert', async () => {
    const copy = new AlertCopy(server.instance.alertChangeLog, server.instance.models.alerts.Alert);
    await copy.sync(0);
    const ids = await foreignAlerts(80);
    await copy.sync(0);
    expect(copy.resets, 'the copy was told it fell behind').to.equal(1);
    expect(
      ids.filter((id) => copy.get(id)?._id === undefined),
      'alerts missing from the copy',
    ).to.deep.equal([]);
    expect(copy.position).to.equal((await server.instance.alertChangeLog.head()).seq);
    // And it follows the log from there.
    const [later] = await foreignAlerts(1);
    await copy.sync(0);
    expect(copy.get(later!)?.title).to.match(/^Ajena/);
  });

  it('the match worker keeping up across ring wraps announces every alert, with no reset', async () => {
    await drainMatchWorker(server.instance);
    const resets = matchWorkerResets.count;
    const matched = new Set<string>();
    const onMatched = ({ alert }: { alert: AlertDoc }) => matched.add(String(alert._id));
    server.instance.events.on('watch.hit', onMatched);
    try {
      const ids: string[] = [];
      for (let round = 0; round < 8; round++) {
        ids.push(...(await foreignAlerts(20)));
        await drainMatchWorker(server.instance);
      }
      expect(
        ids.filter((id) => !matched.has(id)),
        'alerts never announced',
      ).to.deep.equal([]);
      expect(matchWorkerResets.count).to.equal(resets);
    } finally {
      server.instance.events.off('watch.hit', onMatched);
    }
  });

  it('a match worker left a whole ring behind announces every alert changed since its position, then goes on from the copy', async () => {
    await drainMatchWorker(server.instance);
    const ids = await foreignAlerts(70);
    await drainMatchWorker(server.instance);
    // As if the worker had been stopped before these changes: its stored position goes back.
    const back = firstKept(await server.instance.alertChangeLog.head()) - 30;
    const resets = matchWorkerResets.count;
    const matched = new Set<string>();
    const onMatched = ({ alert }: { alert: AlertDoc }) => matched.add(String(alert._id));
    server.instance.events.on('watch.hit', onMatched);
    try {
      await withDocLock(server.instance.store, 'indexer', async () => {
        await assertLockHeld();
        await matchWorkerStore.savePosition(server.instance.store, { _id: 'search_indexer', seq: back, pending: [] });
      });
      await drainMatchWorker(server.instance);
    } finally {
      server.instance.events.off('watch.hit', onMatched);
    }
    expect(matchWorkerResets.count).to.equal(resets + 1);
    const missed = ids.filter((id) => !matched.has(id));
    expect(missed, 'alerts changed after the position and never announced').to.deep.equal([]);
    expect(await matchWorkerPosition(server.instance.store)).to.equal((await server.instance.alertChangeLog.head()).seq);
  });
});
