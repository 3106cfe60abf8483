/**
 * Issue 26: a store error behind a socket event is answered as the HTTP edge answers it
 * (`store_unavailable` with a time to wait), never `internal` nor a refusal without `retryAfter`,
 * so devices wait before asking again instead of adding load to a struggling server.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { catchUpLog } from '../../server/alerts/changeLog/alertCatchUp.js';
import { sessionRecheck } from '../../server/identity/sessions/sessionExpiry.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';

type SinceAck = { data?: unknown; error?: { code: string; message: string; retryAfter?: number } };

describe('socket acks map store errors as the HTTP edge does (issue 26)', function () {
  this.timeout(120_000);
  let server: PuenteServer;
  let socket: TestSocket;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    const officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    socket = await openSocket(server.url, { cookie: officer.cookieHeader() });
  });
  after(() => {
    socket.close();
    return server.stop();
  });

  const since = async () => (await socket.timeout(5000).emitWithAck('alerts:since', { cursor: null })) as SinceAck;
  const dropped = () => new mongoose.mongo.MongoNetworkError('connection reset');

  it('a store error inside the catch-up is store_unavailable with retryAfter, as HTTP answers 503 with Retry-After', async () => {
    const readAfter = catchUpLog.readAfter;
    catchUpLog.readAfter = () => Promise.reject(dropped());
    try {
      const res = await since();
      expect(res.error?.code).to.equal('store_unavailable');
      expect(res.error?.retryAfter).to.equal(5);
    } finally {
      catchUpLog.readAfter = readAfter;
    }
    expect((await since()).data, 'answered again once the store is back').to.not.equal(undefined);
  });

  it('a session re-check the store fails answers with a time to wait', async () => {
    const read = sessionRecheck.read;
    try {
      sessionRecheck.read = () => Promise.reject(dropped());
      const unreachable = await since();
      expect(unreachable.error?.code).to.equal('store_unavailable');
      expect(unreachable.error?.retryAfter).to.equal(5);
      sessionRecheck.read = () => Promise.reject(new Error('unexpected'));
      const other = await since();
      expect(other.error?.code).to.equal('unavailable');
      expect(other.error?.retryAfter).to.equal(5);
    } finally {
      sessionRecheck.read = read;
    }
    expect((await since()).data).to.not.equal(undefined);
  });
});
