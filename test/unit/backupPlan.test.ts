/**
 * What a backup holds is decided for every collection (server/cli/backup.command.ts): each model's
 * collection is copied at a named place in the order, held by a log, or left out with a reason; a
 * new model fails here until it is placed. And which catch-up cursors a restored log still holds
 * (catchUpCursors.ts `cursorHolds`).
 */
import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import { backupPlan } from '../../server/cli/backup.command.js';
import { cursorHolds, epochTag } from '../../server/alerts/changeLog/catchUpCursors.js';
import { storeInstance } from '../helpers/instance.js';

/**
 * The collections of every model the server registers. Read in a fresh process: in a full run other
 * suites register test-only models (a lock probe) on this process's Mongoose, which no backup holds.
 */
function serverCollections(): string[] {
  const script = `
    const { default: mongoose } = await import('mongoose');
    const { storeModels } = await import('./server/instance.ts');
    const names = Object.values(storeModels(mongoose.connection)).flatMap((c) => Object.values(c)).map((m) => m.collection.collectionName);
    process.stdout.write(JSON.stringify([...new Set(names)]));
    process.exit(0);
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return JSON.parse(out) as string[];
}

describe('backup plan', () => {
  it('places every model’s collection: in the order, in a log, or left out with a reason', async () => {
    const collections = serverCollections();
    expect(collections.length).to.be.at.least(25);
    const plan = backupPlan(storeInstance());
    const placed = (name: string) =>
      plan.order.includes(name) || name in plan.leftOut || plan.logs.some((l) => l.log.holdsCollection(name));
    expect(collections.filter((c) => !placed(c))).to.deep.equal([]);
    for (const [name, why] of Object.entries(plan.leftOut)) expect(why, name).to.have.length.greaterThan(20);
    // Every log is copied somewhere, after the collection whose field its head must cover.
    for (const log of plan.logs) {
      const at = plan.order.indexOf(`log:${log.name}`);
      expect(at, log.name).to.be.greaterThan(-1);
      if (log.reach) expect(plan.order.indexOf(log.reach.collection), log.name).to.be.within(0, at - 1);
    }
    // A document naming another made before it is copied first (backup.ts): spot checks of the order.
    const before = (a: string, b: string) => expect(plan.order.indexOf(a), `${a} before ${b}`).to.be.lessThan(plan.order.indexOf(b));
    before('idempotency', 'alerts');
    before('inboxitems', 'alerts');
    before('alerts', 'photos');
    before('users', 'agencies');
    before('contacts', 'agencies');
    before('counters', 'log:alertchanges');
  });
});

describe('catch-up cursors across a restore', () => {
  const lost = 'aaaaaaaa-1111-4111-8111-111111111111';
  const restored = 'bbbbbbbb-2222-4222-8222-222222222222';
  const head = { epoch: restored, previousEpoch: '', restoredFrom: { epoch: lost, seq: 500 } };

  it('holds a position of the backup’s epoch up to its last entry, and not after it', () => {
    expect(cursorHolds({ c: 500, e: epochTag(lost) }, head)).to.equal(true);
    expect(cursorHolds({ c: 120, p: [100], e: epochTag(lost) }, head)).to.equal(true);
    expect(cursorHolds({ c: 501, e: epochTag(lost) }, head)).to.equal(false);
  });

  it('holds its own epoch’s positions and those of the epoch it renewed; not another epoch’s; an untagged one as before', () => {
    expect(cursorHolds({ c: 9000, e: epochTag(restored) }, head)).to.equal(true);
    const renewed = { epoch: 'cccccccc-3333', previousEpoch: restored, restoredFrom: head.restoredFrom };
    expect(cursorHolds({ c: 9000, e: epochTag(restored) }, renewed)).to.equal(true);
    expect(cursorHolds({ c: 1, e: 'dddddddd' }, head)).to.equal(false);
    expect(cursorHolds({ c: 1, e: epochTag(lost) }, { epoch: restored, previousEpoch: '' })).to.equal(false);
    expect(cursorHolds({ c: 9000 }, head)).to.equal(true);
  });
});
