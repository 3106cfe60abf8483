/**
 * The sweeps (issue 29, second bullet): expired sessions, used TOTP codes, idempotency records,
 * login throttles and stub receipts are removed on a schedule, and each run's count is logged.
 */
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { PuenteServer } from '../../server/server.js';
import { runAndLog } from '../../server/platform/jobs/scheduler.js';
import { coreJob } from '../helpers/jobs.js';
import { startTestServer } from '../helpers/server.js';
import { resetDatabase } from '../helpers/testStore.js';

const collection = (name: string) => mongoose.connection.collection<Doc>(name);
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** Each sweep, with one record it must remove and one it must keep. */
type Doc = { _id: string } & Record<string, unknown>;
const SWEEPS: Array<{ job: string; collection: string; stale: () => Doc; live: () => Doc }> = [
  {
    job: 'sessions.purge_expired',
    collection: 'sessions',
    stale: () => ({ _id: 'sweep-old-session', data: '{}', expires: new Date(Date.now() - HOUR), userId: null }),
    live: () => ({ _id: 'sweep-live-session', data: '{}', expires: new Date(Date.now() + HOUR), userId: null }),
  },
  {
    job: 'totp.purge_used',
    collection: 'usedtotpcodes',
    stale: () => ({ _id: 'sweep-old-code', at: new Date(Date.now() - HOUR) }),
    live: () => ({ _id: 'sweep-live-code', at: new Date() }),
  },
  {
    job: 'idempotency.purge_old',
    collection: 'idempotency',
    stale: () => ({ _id: 'sweep-old-key', bodyHash: 'x', alertId: null, resultId: null, createdAt: new Date(Date.now() - 30 * DAY) }),
    live: () => ({ _id: 'sweep-live-key', bodyHash: 'x', alertId: null, resultId: null, createdAt: new Date() }),
  },
  {
    job: 'access.purge_stub_receipts',
    collection: 'stubreceipts',
    stale: () => ({ _id: 'u:old', userId: 'u', alertId: 'old', expiresAt: new Date(Date.now() - HOUR) }),
    live: () => ({ _id: 'u:live', userId: 'u', alertId: 'live', expiresAt: new Date(Date.now() + HOUR) }),
  },
  {
    job: 'login_throttles.purge_stale',
    collection: 'loginthrottles',
    // Failures older than the lockout window (15 min here), no lock in force.
    stale: () => ({ _id: 'sweep-old-throttle', failures: [new Date(Date.now() - HOUR)], lockedUntil: null }),
    live: () => ({ _id: 'sweep-live-throttle', failures: [new Date()], lockedUntil: null }),
  },
];

interface Line {
  level: 'debug' | 'info' | 'error';
  fields: Record<string, unknown>;
  msg: string;
}

/** A logger that keeps its lines. */
function keptLines() {
  const lines: Line[] = [];
  const at = (level: Line['level']) => (fields: Record<string, unknown>, msg: string) => void lines.push({ level, fields, msg });
  return { lines, logger: { debug: at('debug'), info: at('info'), error: at('error') } as unknown as Parameters<typeof runAndLog>[1] };
}

describe('sweeps: scheduled, and their counts in the log', function () {
  this.timeout(60_000);
  let server: PuenteServer;

  before(async () => {
    await resetDatabase();
    server = await startTestServer();
  });
  after(() => server.stop());

  for (const sweep of SWEEPS) {
    it(`${sweep.job} is scheduled, removes what has lapsed and logs how many at info`, async () => {
      const job = coreJob(server.instance, sweep.job);
      expect(job.reports, 'its count is logged at info').to.equal(true);
      await collection(sweep.collection).insertMany([sweep.stale(), sweep.live()]);
      const { lines, logger } = keptLines();
      await runAndLog(server.instance, logger, job);
      expect(lines).to.deep.equal([{ level: 'info', fields: { job: sweep.job, result: { removed: 1 } }, msg: 'job ran' }]);
      expect(await collection(sweep.collection).countDocuments({ _id: sweep.stale()._id })).to.equal(0);
      expect(await collection(sweep.collection).countDocuments({ _id: sweep.live()._id }), 'what still counts is kept').to.equal(1);
      // The scheduler's lease: the same period's second run, in this or another process, does nothing.
      await runAndLog(server.instance, logger, job);
      expect(lines).to.have.length(1);
    });
  }

  it('a login throttle whose lock is in force is kept, whatever its failures', async () => {
    await collection('loginthrottles').insertMany([
      { _id: 'sweep-locked', failures: [], lockedUntil: new Date(Date.now() + HOUR) },
      { _id: 'sweep-lock-ended', failures: [], lockedUntil: new Date(Date.now() - HOUR) },
    ]);
    expect(await coreJob(server.instance, 'login_throttles.purge_stale').run()).to.deep.equal({ removed: 1 });
    expect(await collection('loginthrottles').countDocuments({ _id: 'sweep-locked' })).to.equal(1);
  });

  it('a job that does not report logs its result at debug only', async () => {
    const { lines, logger } = keptLines();
    await runAndLog(server.instance, logger, { name: 'test.quiet', everyMs: 60_000, run: async () => 0 });
    expect(lines.map((l) => l.level)).to.deep.equal(['debug']);
  });
});
