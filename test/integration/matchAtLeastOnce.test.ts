/**
 * Issue 26, item 4: match and watch announcements are made at least once. The worker announces a
 * batch before storing its position, so a crash between the two announces it again; each event
 * keeps its `eventId`, and the client (state/seenEvents.ts) shows it once. A failed announcement
 * is logged and made again.
 */
import { expect } from 'chai';
import { SeenEvents } from '../../client/src/state/seenEvents.js';
import { createLogger } from '../../server/platform/config/logger.js';
import { startServer, type PuenteServer } from '../../server/server.js';
import { drainMatchWorker, matchWorkerStore } from '../../server/search/matchWorker.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { testConfig } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';

interface Heard {
  event: 'match:new' | 'watch:hit';
  alertId: string;
  eventId: string | undefined;
}

// A name of its own for each alert: only the shared document links two of them.
let named = 0;
const suspect = (dni: string) => ({
  role: 'suspect',
  givenNames: ['Teodoro', 'Aníbal', 'Fermín', 'Lisandro', 'Gumersindo', 'Eustaquio'][named++ % 6],
  familyNames: ['Villalba', 'Ocampo', 'Garay', 'Ledesma', 'Arrúa', 'Zárate'][named % 6],
  documents: [{ type: 'DNI', country: 'AR', number: dni }],
});

describe('match and watch announcements: at least once, shown once, failures logged', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let socket: TestSocket;
  const heard: Heard[] = [];
  const logLines: Array<Record<string, unknown>> = [];
  const originalSave = matchWorkerStore.savePosition;

  const post = async (dni: string, phone: string) =>
    (
      await officer
        .post('/api/v1/alerts', alertBody({ sensitivity: 'standard', vehicles: [], phones: [phone], subjects: [suspect(dni)] }))
        .expect(201)
    ).body as { id: string };
  /** Waits (bounded) until `done()` holds. */
  const eventually = async (done: () => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const about = (id: string) => heard.filter((h) => h.alertId === id);
  /** What the client shows of the events heard: each announcement once. */
  const shown = (events: Heard[]) => {
    const seen = new SeenEvents();
    return events.filter((e) => seen.firstSighting(e.eventId));
  };

  before(async () => {
    await resetDatabase();
    const config = testConfig();
    const logger = createLogger('error', { write: (line: string) => void logLines.push(JSON.parse(line) as Record<string, unknown>) });
    server = await startServer(config, logger, { store: testStore().store });
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    socket = await openSocket(server.url, { cookie: officer.cookieHeader() });
    socket.on('match:new', (e) => heard.push({ event: 'match:new', alertId: e.alertId, eventId: e.eventId }));
    socket.on('watch:hit', (e) => heard.push({ event: 'watch:hit', alertId: e.alert.id, eventId: e.eventId }));
  });
  afterEach(() => {
    matchWorkerStore.savePosition = originalSave;
  });
  after(async () => {
    socket.close();
    await server.stop();
  });

  it('a crash after announcing, before the position is stored, announces again; the client shows each once', async () => {
    await officer.post('/api/v1/watches', { kind: 'phone', value: '0370 154 600 001' }).expect(201);
    const first = await post('32.100.200', '0370 154 600 999');
    await drainMatchWorker(server.instance);
    // Fault injection: the next position write never happens (the process dies just before it).
    let failed = false;
    matchWorkerStore.savePosition = async (store, doc) => {
      if (failed) return originalSave(store, doc);
      failed = true;
      throw new Error('process died before storing the position');
    };
    const second = await post('32100200', '+54 9 370 4600001');
    // Matches from each side and the watch hit, each announced twice (the run, then its retry).
    await eventually(() => about(second.id).length >= 4 && about(first.id).length >= 2, 'the repeated announcements');
    expect(failed).to.equal(true);
    const events = [...about(first.id), ...about(second.id)];
    expect(events.every((e) => typeof e.eventId === 'string')).to.equal(true);
    expect(
      shown(events)
        .map((e) => e.event)
        .sort(),
    ).to.deep.equal(['match:new', 'match:new', 'watch:hit']);
  });

  it('a crash right after the position is stored loses nothing: the batch was announced first', async () => {
    const first = await post('33.100.200', '0370 154 700 999');
    await drainMatchWorker(server.instance);
    // Fault injection: the next position write lands, then the process dies.
    let died = false;
    matchWorkerStore.savePosition = async (store, doc) => {
      await originalSave(store, doc);
      if (died) return;
      died = true;
      throw new Error('process died after storing the position');
    };
    const second = await post('33100200', '0370 154 700 998');
    await eventually(() => died, 'the crash');
    await drainMatchWorker(server.instance);
    await eventually(() => about(second.id).length >= 1 && about(first.id).length >= 1, 'the match from each side');
    expect(shown([...about(first.id), ...about(second.id)])).to.have.length(2);
  });

  it('a failed announcement is logged and made again on the next run', async () => {
    const first = await post('34.100.200', '0370 154 800 999');
    await drainMatchWorker(server.instance);
    // Fault injection: the first `match:new` emit throws (as a Socket.IO adapter that is down).
    const to = server.io.to.bind(server.io);
    let thrown = false;
    server.io.to = ((room: Parameters<typeof to>[0]) => {
      const op = to(room);
      const emit = op.emit.bind(op);
      op.emit = ((event: string, ...args: unknown[]) => {
        if (event === 'match:new' && !thrown) {
          thrown = true;
          throw new Error('adapter unavailable');
        }
        return (emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
      }) as typeof op.emit;
      return op;
    }) as typeof server.io.to;
    try {
      const second = await post('34100200', '0370 154 800 998');
      await eventually(() => about(second.id).length >= 1 && about(first.id).length >= 1, 'the match, announced again');
      expect(thrown).to.equal(true);
      const failure = logLines.find((l) => l.msg === 'announcement failed' && l.event === 'match:new');
      expect(failure, JSON.stringify(logLines)).to.not.equal(undefined);
      expect((failure!.err as { message?: string }).message).to.equal('adapter unavailable');
    } finally {
      server.io.to = to;
    }
  });
});
