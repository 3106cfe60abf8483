import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import { ensureIndexes } from '../../server/platform/store/mongoose.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

/** Issue 13, item 8: matches and watch hits come from the one index (the in-process copy), follow a
 * burst at once, and announce only what a change adds. */
describe('match worker: one index, what a change adds, and failed writes', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let socket: TestSocket;
  const matches: Array<{ alertId: string; other: string; on: string }> = [];
  const hits: string[] = [];

  const settle = async () => {
    await drainMatchWorker(server.instance);
    await new Promise((r) => setTimeout(r, 200));
  };
  const suspect = (given: string, family: string, dni?: string) => ({
    role: 'suspect',
    givenNames: given,
    familyNames: family,
    ...(dni ? { documents: [{ type: 'DNI', country: 'AR', number: dni }] } : {}),
  });
  const post = async (body: Record<string, unknown>) =>
    (await officer.post('/api/v1/alerts', alertBody({ sensitivity: 'standard', phones: [], vehicles: [], ...body })).expect(201)).body as {
      id: string;
      version: number;
    };

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    officer = await signIn(server.url, await buildUser({ agency, mfa: true }));
    socket = await openSocket(server.url, { cookie: officer.cookieHeader() });
    socket.on('match:new', (e) => matches.push({ alertId: e.alertId, other: e.match.alertId, on: e.match.on }));
    socket.on('watch:hit', (e) => hits.push(e.alert.id));
  });
  after(async () => {
    socket.close();
    await server.stop();
  });

  it('keeps no stored index: the retired collections are gone and nothing writes them', async () => {
    const db = mongoose.connection.db!;
    const collections = async () => (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    // As a data directory of an earlier version holds them.
    await db.collection('searchindex').insertOne({ key: 'doc:27111222', alertId: 'old' });
    await db.collection('alertindexkeys').insertOne({ alertId: 'old', keys: ['doc:27111222'] });
    expect(await collections()).to.include.members(['searchindex', 'alertindexkeys']);
    await ensureIndexes(storeInstance().store); // the start-up step
    expect(await collections()).to.not.include.members(['searchindex']);
    expect(await collections()).to.not.include.members(['alertindexkeys']);
    await post({ subjects: [suspect('Néstor', 'Aguirre', '27.111.222')] });
    await settle();
    expect(await collections(), 'written again by a post and its match run').to.not.include.members(['searchindex']);
    expect(await collections()).to.not.include.members(['alertindexkeys']);
  });

  it('an edit adding a shared document announces that match once; an edit of the title announces none', async () => {
    const first = await post({ subjects: [suspect('Omar', 'Quintana', '28.333.444')] });
    const second = await post({ subjects: [suspect('Raúl', 'Sosa')] });
    await settle();
    matches.length = 0;
    await officer
      .patch(`/api/v1/alerts/${second.id}`, { version: second.version, subjects: [suspect('Raúl', 'Sosa', '28333444')] })
      .expect(200);
    await settle();
    const linking = matches.filter((m) => [m.alertId, m.other].sort().join() === [first.id, second.id].sort().join());
    expect(linking.map((m) => m.on)).to.deep.equal(['document', 'document']); // once from each side
    matches.length = 0;
    await officer.patch(`/api/v1/alerts/${second.id}`, { version: second.version + 1, title: 'Otro título' }).expect(200);
    await settle();
    expect(matches, 'a change that adds no link announces nothing').to.deep.equal([]);
  });

  it('a burst of alerts is followed at once: the match and watch hit of the last one arrive', async () => {
    await officer.post('/api/v1/watches', { kind: 'phone', value: '0370 154 777 111' }).expect(201);
    const shared = await post({ subjects: [suspect('Ana', 'Benítez', '29.555.666')] });
    await settle();
    matches.length = 0;
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        post({ subjects: [suspect('Ana', 'Benítez', String(30_000_000 + i))], phones: [`0370 442${String(i).padStart(4, '0')}`] }),
      ),
    );
    const last = await post({ subjects: [suspect('Ana', 'Benítez', '29555666')], phones: ['+54 9 370 4777111'] });
    const deadline = Date.now() + 10_000;
    while ((!hits.includes(last.id) || !matches.some((m) => m.alertId === last.id)) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(hits, 'watch hit of the last alert').to.include(last.id);
    expect(matches.find((m) => m.alertId === last.id && m.other === shared.id)?.on).to.equal('document');
  });

  it('a logged change whose alert never lands is skipped, and the changes after it are announced', async () => {
    // As after a failed insert or a crash between the two writes: the creation is logged, never stored.
    await logAlertChange(server.instance, new mongoose.Types.ObjectId().toHexString(), 'created');
    const a = await post({ subjects: [suspect('Iván', 'Cáceres', '31.777.888')] });
    const b = await post({ subjects: [suspect('Iván', 'Cáceres', '31777888')] });
    await settle();
    expect(matches.some((m) => m.alertId === b.id && m.other === a.id)).to.equal(true);
  });
});
