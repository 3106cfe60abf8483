import { expect } from 'chai';
import { seedBulkAlerts } from '../../server/seed/bulkAlerts.service.js';
import { loadProgressLine } from '../../server/alerts/copy/loadProgress.js';
import { eventually } from '../helpers/processes.js';
import { spawnServer, type SpawnedServer } from '../helpers/server.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';
import { storeInstance } from '../helpers/instance.js';

interface LogLine {
  msg: string;
  read?: number;
  total?: number;
  percent?: number;
  leftMs?: number;
  source?: string;
  cpuMs?: number;
}

const logLines = (output: string): LogLine[] =>
  output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);

/** Issue 26: a first start (the copy loaded by scanning the store) says in the log how far it has got. */
describe('alert copy load progress in the log', function () {
  this.timeout(180_000);
  let server: SpawnedServer | null = null;

  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  it('reads as alerts read of the total, percent and time left', () => {
    expect(loadProgressLine({ read: 40_000, total: 100_000, ms: 40_000 })).to.equal('loading alerts: 40,000 / 100,000 (40 %), ~60 s left');
    expect(loadProgressLine({ read: 1200, total: undefined, ms: 3400 })).to.equal('loading alerts: 1,200 read in 3 s');
    // An estimate below what was read (alerts written since) never reads past 100 %.
    expect(loadProgressLine({ read: 510, total: 500, ms: 1000 })).to.equal('loading alerts: 510 / 510 (100 %), ~0 s left');
  });

  it('a server started on a store of alerts logs its progress, at the configured interval, until the copy is loaded', async () => {
    await resetDatabase();
    const { alerts } = await seedBulkAlerts(storeInstance(), 600);
    server = await spawnServer(
      {
        MONGODB_URI: testStore().store.uri,
        MONGODB_DB: testStore().dbName,
        ALERT_COPY_SNAPSHOT: 'off',
        ALERT_COPY_PROGRESS_MS: '1',
        JOBS_ENABLED: 'false',
        LOG_LEVEL: 'info',
      },
      120_000,
    );
    for (let ready = false; !ready;) {
      ready = (await fetch(`${server.url}/readyz`)).status === 200;
      if (!ready) await new Promise((r) => setTimeout(r, 100));
    }
    // The log line is written just after the copy turns ready (and reaches the pipe a little later).
    const spawned = server;
    const lines = await eventually(
      async () => logLines(spawned.output()),
      (ls) => ls.some((l) => l.msg === 'alert copy loaded'),
      10_000,
    );
    const progress = lines.filter((l) => l.msg.startsWith('loading alerts:'));
    expect(progress.length, server.output()).to.be.greaterThan(1);
    for (const p of progress) {
      expect(p.msg).to.match(/^loading alerts: [\d,]+ \/ [\d,]+ \(\d+ %\), ~\d+ s left$/);
      expect(p.total).to.equal(alerts);
      expect(p.percent).to.be.within(0, 100);
      expect(p.leftMs).to.be.at.least(0);
    }
    const reads = progress.map((p) => p.read!);
    expect(reads).to.deep.equal([...reads].sort((a, b) => a - b));
    expect(reads[reads.length - 1]).to.be.at.most(alerts);
    const loaded = lines.find((l) => l.msg === 'alert copy loaded');
    expect(loaded?.source).to.equal('store');
    expect(loaded?.cpuMs).to.be.greaterThan(0);
  });
});
