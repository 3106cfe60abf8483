/**
 * Issue 26: a caller waiting for its turn (platform/store/turns.ts, under every doc lock of this process)
 * whose request deadline expires leaves the queue at once: it never runs, and the callers after it
 * wait only for the run before it, not for a turn that will never come.
 */
import { expect } from 'chai';
import { Turns } from '../../server/platform/store/turns.js';
import { DeadlineExceeded, runWithDeadline, WriteDeadline } from '../../server/platform/store/writeDeadline.js';

describe('turns under a request deadline', () => {
  it('a waiter whose deadline expires leaves the queue; the next one runs right after the holder', async () => {
    const turns = new Turns();
    const order: string[] = [];
    let release!: () => void;
    const holder = turns.take('k', () => new Promise<void>((r) => (release = r)).then(() => void order.push('holder')));
    const deadline = new WriteDeadline();
    const expired = runWithDeadline(deadline, () => turns.take('k', async () => void order.push('expired waiter')));
    const next = turns.take('k', async () => void order.push('next'));
    await new Promise((r) => setTimeout(r, 5));
    expect(deadline.expire()).to.equal(true);
    let refused: unknown;
    await expired.catch((err: unknown) => (refused = err));
    expect(refused, 'refused while the holder still runs').to.be.instanceOf(DeadlineExceeded);
    expect(order).to.deep.equal([]);
    release();
    await Promise.all([holder, next]);
    expect(order).to.deep.equal(['holder', 'next']);
    await turns.idle();
  });

  it('a request past its deadline does not start a turn even when none is taken', async () => {
    const turns = new Turns();
    const deadline = new WriteDeadline();
    deadline.expire();
    let ran = false;
    let refused: unknown;
    await runWithDeadline(deadline, () => turns.take('k', async () => void (ran = true))).catch((err: unknown) => (refused = err));
    expect(refused).to.be.instanceOf(DeadlineExceeded);
    expect(ran).to.equal(false);
  });

  it('once committed, expiry stops nothing: the write is under way', async () => {
    const deadline = new WriteDeadline();
    deadline.commit();
    expect(deadline.expire(), 'the edge must not claim nothing was stored').to.equal(false);
    const turns = new Turns();
    expect(await runWithDeadline(deadline, () => turns.take('k', async () => 'ran'))).to.equal('ran');
  });
});
