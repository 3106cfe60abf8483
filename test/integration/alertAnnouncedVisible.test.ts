import { expect } from 'chai';
import { decodeCatchUpCursor } from '../../server/alerts/changeLog/catchUpCursors.js';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { nextEvent, openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { testAlertKeys } from '../helpers/instance.js';

const HEAD_ID = 'alert_changes_head';
const HOLD_MS = 60;
const heads = () => mongoose.connection.collection<{ _id: string; seq: number }>('counters');

/** The log position a cursor carries (the alert's changeSeq). */
const positionOf = (cursor: string): number => decodeCatchUpCursor(testAlertKeys(), cursor).c;

/**
 * Fault injection: every advance of the alert log's head reaches the store HOLD_MS late, as under
 * load, when the advance can be queued behind other work on the store.
 */
function holdHeadAdvances(): () => void {
  const counters = heads() as unknown as { updateOne: (filter: { _id?: unknown }, ...rest: unknown[]) => Promise<unknown> };
  const original = counters.updateOne.bind(counters);
  counters.updateOne = async (filter, ...rest) => {
    if (filter._id === HEAD_ID) await new Promise((r) => setTimeout(r, HOLD_MS));
    return original(filter, ...rest);
  };
  return () => delete (counters as Partial<typeof counters>).updateOne;
}

/**
 * Issue 13: an alert's announcement reaches other processes through Redis, and they answer a view
 * from their copy, synced to the log's head. So nothing may be announced before the head has moved
 * past its change — else another process answers 404 for an alert it has just announced (seen in
 * CI: alertsMultiProcess.test.ts). The head is read straight from the store the moment each event
 * arrives, as another process would read it.
 */
describe('an alert change is announced only once the log head includes it', function () {
  this.timeout(60_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let socket: TestSocket;
  let release: (() => void) | null = null;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const agency = await buildAgency({ country: 'AR' });
    const user = await buildUser({ agency, mfa: true });
    officer = await signIn(server.url, user);
    const reader = await signIn(server.url, await buildUser({ agency, mfa: true }));
    socket = await openSocket(server.url, { cookie: reader.cookieHeader() });
  });
  beforeEach(() => (release = holdHeadAdvances()));
  afterEach(() => release?.());
  after(async () => {
    socket.close();
    await server.stop();
  });

  /** Resolves with [the event's position, the head's position read as the event arrived]. */
  function headWhenHeard(event: 'alert:new' | 'alert:changed' | 'alert:update'): Promise<[number, number]> {
    return nextEvent(socket, event, 5000).then(async (p) => {
      const head = (await heads().findOne({ _id: HEAD_ID }))?.seq ?? 0;
      return [positionOf('cursor' in p ? p.cursor : p.alert.cursor), head];
    });
  }

  it('a new alert', async () => {
    const heard = headWhenHeard('alert:new');
    await officer.post('/api/v1/alerts', alertBody({ title: 'Anunciada' })).expect(201);
    const [position, head] = await heard;
    expect(head, 'the head when alert:new was heard').to.be.at.least(position);
  });

  it('an edit, and an update added', async () => {
    const created = (await officer.post('/api/v1/alerts', alertBody({ title: 'Editada' })).expect(201)).body;
    const changed = headWhenHeard('alert:changed');
    await officer.patch(`/api/v1/alerts/${created.id}`, { version: created.version, title: 'Editada otra vez' }).expect(200);
    const [position, head] = await changed;
    expect(head, 'the head when alert:changed was heard').to.be.at.least(position);

    const added = headWhenHeard('alert:update');
    await officer.post(`/api/v1/alerts/${created.id}/updates`, { kind: 'note', text: 'Visto en el puerto' }).expect(201);
    const [updatePosition, updateHead] = await added;
    expect(updateHead, 'the head when alert:update was heard').to.be.at.least(updatePosition);
  });
});
