/**
 * When the match worker runs: a local write's nudge waits a moment, so the write's delivery goes
 * first and the nudges of a burst share one run; a run in progress is followed by one more.
 * On a fake clock: each assertion names the exact moment it holds at, whatever the machine's load.
 */
import { install, type Clock } from '@sinonjs/fake-timers';
import { expect } from 'chai';
import { startMatchWorker, type MatchWorkerHandle } from '../../server/search/matchWorker.js';
import { testInstance } from '../helpers/instance.js';

describe('match worker scheduling', function () {
  // Generous: an after-each hook that times out on a loaded machine would leave the fake clock
  // installed for every suite after this one (seen: the next suites' timers never fired).
  this.timeout(30_000);
  let worker: MatchWorkerHandle | null = null;
  let clock: Clock;
  // The worker's own runs are each test's `drain`: the instance's store and events go unused.
  const instance = testInstance();
  beforeEach(() => {
    clock = install({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(async () => {
    const stopping = worker?.stop();
    worker = null;
    // Up to the last timer now due, not "all": the store driver's pool re-arms its own timer
    // (ensureMinPoolSize) whenever it fires, which runAllAsync took for an endless loop.
    await clock.runToLastAsync();
    await stopping;
    clock.uninstall();
  });

  it('a nudge runs the worker after the delay, not at once', async () => {
    let runs = 0;
    worker = startMatchWorker(instance, () => undefined, { pollMs: 60_000, nudgeDelayMs: 80, drain: async () => void runs++ });
    worker.nudge();
    await clock.tickAsync(79);
    expect(runs, 'run before the delay').to.equal(0);
    await clock.tickAsync(1);
    expect(runs).to.equal(1);
  });

  it('the nudges of a burst share one run', async () => {
    let runs = 0;
    worker = startMatchWorker(instance, () => undefined, { pollMs: 60_000, nudgeDelayMs: 50, drain: async () => void runs++ });
    for (let i = 0; i < 20; i++) {
      worker.nudge();
      await clock.tickAsync(1);
    }
    await clock.tickAsync(1_000);
    expect(runs).to.equal(1);
  });

  it('polls for other processes’ writes every pollMs without a nudge', async () => {
    let runs = 0;
    worker = startMatchWorker(instance, () => undefined, { pollMs: 500, nudgeDelayMs: 50, drain: async () => void runs++ });
    await clock.tickAsync(499);
    expect(runs).to.equal(0);
    await clock.tickAsync(1);
    expect(runs).to.equal(1);
    await clock.tickAsync(1_000);
    expect(runs).to.equal(3);
  });

  it('a nudge during a run gets a run after it', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    worker = startMatchWorker(instance, () => undefined, {
      pollMs: 60_000,
      nudgeDelayMs: 10,
      drain: () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
    });
    worker.nudge();
    await clock.tickAsync(10);
    expect(runs).to.equal(1);
    worker.nudge(); // a write while the first run is still going
    await clock.tickAsync(10_000);
    expect(runs, 'no second run while the first holds').to.equal(1);
    release();
    await clock.tickAsync(0);
    expect(runs, 'the write after the first run started is not left for the poll').to.equal(2);
    release();
  });

  it('stop cancels a nudge that has not run yet', async () => {
    let runs = 0;
    worker = startMatchWorker(instance, () => undefined, { pollMs: 60_000, nudgeDelayMs: 30, drain: async () => void runs++ });
    worker.nudge();
    await clock.tickAsync(29);
    await worker.stop();
    worker = null;
    await clock.tickAsync(120_000);
    expect(runs).to.equal(0);
  });

  it('a failed run is reported and later nudges still run', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    worker = startMatchWorker(instance, (err) => errors.push(err), {
      pollMs: 60_000,
      nudgeDelayMs: 5,
      drain: async () => {
        runs++;
        if (runs === 1) throw new Error('store away');
      },
    });
    worker.nudge();
    await clock.tickAsync(5);
    worker.nudge();
    await clock.tickAsync(5);
    expect(errors).to.have.length(1);
    expect(runs).to.equal(2);
  });
});
