/** Slots (server/platform/slots.ts): a bound on work at once, a bounded wait, `busy` beyond it. */
import { expect } from 'chai';
import { DomainError } from '../../server/platform/errors.js';
import { Slots } from '../../server/platform/slots.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A run that holds its slot until released. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  return { release, fn: () => done };
}

describe('Slots', () => {
  it('runs at most atOnce at a time and hands a freed slot to the oldest waiter', async () => {
    const slots = new Slots({ atOnce: 2, waiting: 10, maxWaitMs: 5000, retryAfterS: 2 });
    const runs = [held(), held(), held(), held()];
    const order: number[] = [];
    const all = runs.map((r, i) => slots.run(async () => (order.push(i), r.fn())));
    await sleep(10);
    expect(order).to.deep.equal([0, 1]);
    expect([slots.inUse, slots.waitingNow]).to.deep.equal([2, 2]);
    runs[1]!.release();
    await sleep(10);
    expect(order).to.deep.equal([0, 1, 2]);
    // A newcomer does not overtake the one still waiting.
    const late = held();
    const lateRun = slots.run(async () => (order.push(9), late.fn()));
    runs[0]!.release();
    await sleep(10);
    expect(order).to.deep.equal([0, 1, 2, 3]);
    runs[2]!.release();
    runs[3]!.release();
    late.release();
    await Promise.all([...all, lateRun]);
    expect(order).to.deep.equal([0, 1, 2, 3, 9]);
    expect([slots.inUse, slots.waitingNow, slots.refused]).to.deep.equal([0, 0, 0]);
  });

  it('refuses with busy and retryAfter when too many wait, and a waiter past its wait', async () => {
    const slots = new Slots({ atOnce: 1, waiting: 1, maxWaitMs: 50, retryAfterS: 3 });
    const first = held();
    const running = slots.run(first.fn);
    const waiter = slots.run(async () => 'ran');
    const refusedAtOnce = await slots.run(async () => 'ran').catch((e: unknown) => e);
    expect(refusedAtOnce).to.be.instanceOf(DomainError);
    expect((refusedAtOnce as DomainError).code).to.equal('busy');
    expect((refusedAtOnce as DomainError).retryAfterS).to.equal(3);
    const timedOut = await waiter.catch((e: unknown) => e);
    expect((timedOut as DomainError).code).to.equal('busy');
    expect(slots.waitingNow).to.equal(0);
    first.release();
    await running;
    expect(await slots.run(async () => 'ran')).to.equal('ran');
    expect([slots.inUse, slots.refused]).to.deep.equal([0, 2]);
  });

  it('frees the slot of a run that failed', async () => {
    const slots = new Slots({ atOnce: 1, waiting: 0, maxWaitMs: 50, retryAfterS: 1 });
    await slots.run(() => Promise.reject(new Error('store'))).catch(() => undefined);
    expect(await slots.run(async () => 'ran')).to.equal('ran');
  });
});
