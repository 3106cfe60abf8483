/**
 * Issue 26, item 9: `alerts:since` costs the same bounded work whatever cursor is sent. Cursors are
 * signed, so a crafted one (`{c: 1e9, p: [1]}` read the whole log) or an unsigned one from before
 * is refused with `validation_failed`; a cursor far behind is read one page per call, with at most
 * two log reads in flight.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { IN_FLIGHT_MS, logAlertChange } from '../../server/alerts/changeLog/alertChanges.js';
import { alertClocks } from '../../server/alerts/changeLog/alertClocks.js';
import { alertsSince, catchUpLog } from '../../server/alerts/changeLog/alertCatchUp.js';
import { CATCH_UP_SLOTS } from '../../server/alerts/alertHandlers.js';
import { decodeCatchUpCursor, encodeCatchUpCursor } from '../../server/alerts/changeLog/catchUpCursors.js';
import { logReads } from '../../server/platform/store/sequencedLog.js';
import { signIn, type ApiClient } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { startTestServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase } from '../helpers/testStore.js';
import { testAlertKeys } from '../helpers/instance.js';

const viewer = { agencyId: 'x', country: 'PY' as const, roles: ['officer' as const], agencyKind: null };
const unsigned = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('alerts:since does bounded work whatever the cursor (issue 26 item 9)', function () {
  this.timeout(300_000);
  let server: PuenteServer;
  let officer: ApiClient;
  let socket: TestSocket;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
    officer = await signIn(server.url, await buildUser({ agency: await buildAgency({ country: 'AR' }), mfa: true }));
    socket = await openSocket(server.url, { cookie: officer.cookieHeader() });
  });
  after(() => {
    socket.close();
    return server.stop();
  });

  const since = async (cursor: string | null) =>
    (await socket.timeout(5000).emitWithAck('alerts:since', { cursor })) as { data?: { cursor: string }; error?: { code: string } };

  it('refuses a crafted, an altered or an unsigned cursor with validation_failed, and answers a signed one', async () => {
    const issued = (await since(null)).data!.cursor;
    expect((await since(issued)).data).to.not.equal(undefined);
    const crafted = unsigned({ c: 1e9, p: [1] });
    // Unsigned (as before this change), with a signature taken from another cursor, or tampered.
    for (const bad of [crafted, crafted + issued.slice(-22), issued.slice(0, -1) + (issued.endsWith('A') ? 'B' : 'A')]) {
      expect((await since(bad)).error?.code, bad).to.equal('validation_failed');
    }
  });

  it('a cursor far behind costs bounded reads: one page per call, at most two log reads at once', async () => {
    const start = await alertsSince(server.instance, viewer, null);
    // Changes logged whose alerts were never written.
    for (let i = 0; i < 1050; i++) await logAlertChange(server.instance, new mongoose.Types.ObjectId().toHexString(), 'changed');
    await server.instance.alertCopy.sync(0); // the copy's own reading of these entries is not the calls' cost
    // Injected clock: this process has watched them longer than the in-flight window, so the copy
    // has given up on them (alertCopy.ts) and the catch-up pages through them.
    const monotonic = alertClocks.monotonic;
    alertClocks.monotonic = () => monotonic() + IN_FLIGHT_MS + 1000;
    try {
      await server.instance.alertCopy.sync(0);
    } finally {
      alertClocks.monotonic = monotonic;
    }

    const readAfter = catchUpLog.readAfter;
    const range = logReads.range;
    // Marks the reads the catch-up itself starts (not the copy's own, which may run meanwhile).
    const catchUpRead = new AsyncLocalStorage<true>();
    let inFlight = 0;
    let peak = 0;
    let entriesRead = 0;
    catchUpLog.readAfter = (log, after, limit) =>
      catchUpRead.run(true, async () => {
        const found = await readAfter(log, after, limit);
        entriesRead += found.length;
        return found;
      });
    logReads.range = async (collection, from, to) => {
      if (!catchUpRead.getStore()) return range(collection, from, to);
      peak = Math.max(peak, ++inFlight);
      try {
        return await range(collection, from, to);
      } finally {
        inFlight--;
      }
    };
    try {
      // The oldest position carried as pending too, as a device offline for long might hold.
      const first = decodeCatchUpCursor(testAlertKeys(), start.cursor);
      const farBehind = encodeCatchUpCursor(testAlertKeys(), { c: first.c + 1, p: [first.c + 1] }, server.instance.alertCopy.issuingEpoch);
      let cursor = farBehind;
      let calls = 0;
      for (let more = true; more; calls++) {
        entriesRead = 0;
        const page = await alertsSince(server.instance, viewer, cursor);
        expect(entriesRead, 'entries read in one call').to.be.at.most(1000 + 8);
        cursor = page.cursor;
        more = page.hasMore;
      }
      expect(calls).to.be.at.least(2);
      expect(peak, 'log reads in flight at once').to.be.at.most(2);
    } finally {
      catchUpLog.readAfter = readAfter;
      logReads.range = range;
    }
  });

  it('a herd of devices catching up at once runs at most CATCH_UP_SLOTS.atOnce catch-ups, the rest wait their turn (issue 26)', async () => {
    // Every device reconnecting at once (a restart, the soak's final catch-up) used to run every
    // catch-up at once: their store reads took the whole pool, and the match worker, jobs and the
    // copy repair timed out waiting for a connection.
    const agency = await buildAgency({ country: 'PY' });
    const devices = await Promise.all(Array.from({ length: 4 }, async () => signIn(server.url, await buildUser({ agency, mfa: true }))));
    const sockets = await Promise.all(
      Array.from({ length: 24 }, (_, i) => openSocket(server.url, { cookie: devices[i % devices.length]!.cookieHeader() })),
    );
    const readAfter = catchUpLog.readAfter;
    let running = 0;
    let peak = 0;
    catchUpLog.readAfter = async (log, after, limit) => {
      peak = Math.max(peak, ++running);
      try {
        await new Promise((r) => setTimeout(r, 100)); // a slow store: the calls overlap
        return await readAfter(log, after, limit);
      } finally {
        running--;
      }
    };
    try {
      const answers = (await Promise.all(sockets.map((s) => s.timeout(10_000).emitWithAck('alerts:since', { cursor: null })))) as {
        data?: unknown;
        error?: { code: string; retryAfter?: number };
      }[];
      // On a slow machine some wait past their 3 s: those are told to come back later, nothing else.
      const refused = answers.filter((a) => !a.data);
      expect(refused.filter((a) => a.error?.code !== 'busy' || !a.error.retryAfter).map((a) => a.error)).to.deep.equal([]);
      expect(answers.length - refused.length, 'answered').to.be.at.least(CATCH_UP_SLOTS.atOnce);
      expect(peak, 'catch-ups running at once').to.equal(CATCH_UP_SLOTS.atOnce);
    } finally {
      catchUpLog.readAfter = readAfter;
      for (const s of sockets) s.close();
    }
  });
});
