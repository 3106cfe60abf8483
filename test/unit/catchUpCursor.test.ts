/**
 * The device's catch-up cursor (client/src/live/catchUpCursor.ts): only `alerts:since` answers move
 * it, one call in flight at a time, and a `busy` / `rate_limited` answer is retried later with the
 * cursor kept. The server's answers here are scripted: what is tested is the client's reaction.
 */
import { install } from '@sinonjs/fake-timers';
import { expect } from 'chai';
import { CatchUpCursor, retryDelayMs, SinceRefused, type AskSince } from '../../client/src/live/catchUpCursor.js';
import type { AlertsSinceData } from '../../shared/events.js';

const page = (cursor: string, hasMore = false): AlertsSinceData => ({ items: [], cursor, hasMore });

function keeper(initial: string | null, liveDelayMs = 0) {
  const writes: string[] = [];
  let stored = initial;
  const failures: unknown[] = [];
  const cursor = new CatchUpCursor({
    storage: {
      read: async () => stored,
      write: async (c) => {
        stored = c;
        writes.push(c);
      },
    },
    apply: () => undefined,
    onFailure: (err) => failures.push(err),
    backoffMs: 5,
    maxBackoffMs: 20,
    liveDelayMs,
    liveJitterMs: 0,
  });
  return { cursor, writes, failures, stored: () => stored };
}

describe('device catch-up cursor', () => {
  it('a busy or rate_limited answer is asked again later with the same cursor, which is kept', async () => {
    const { cursor, writes, stored } = keeper('c1');
    const asked: Array<string | null> = [];
    const answers = [new SinceRefused('busy'), new SinceRefused('rate_limited'), page('c2')];
    const ask: AskSince = async (c) => {
      asked.push(c);
      const next = answers.shift()!;
      if (next instanceof Error) throw next;
      return next;
    };
    await cursor.connected(ask);
    expect(asked).to.deep.equal(['c1', 'c1', 'c1']);
    expect(writes).to.deep.equal(['c2']);
    expect(stored()).to.equal('c2');
  });

  it('another refusal fails the catch-up and leaves the cursor as it was', async () => {
    const { cursor, writes, stored } = keeper('c1');
    let error: unknown;
    await cursor
      .connected(async () => {
        throw new SinceRefused('unauthenticated');
      })
      .catch((err: unknown) => (error = err));
    expect(error).to.be.instanceOf(SinceRefused);
    expect(writes).to.deep.equal([]);
    expect(stored()).to.equal('c1');
  });

  it('a cursor the server refuses (validation_failed) starts again from null, once', async () => {
    const { cursor, writes, stored } = keeper('unsigned-old-cursor');
    const asked: Array<string | null> = [];
    await cursor.connected(async (c) => {
      asked.push(c);
      if (c !== null) throw new SinceRefused('validation_failed');
      return page('fresh');
    });
    expect(asked).to.deep.equal(['unsigned-old-cursor', null]);
    expect(writes).to.deep.equal(['fresh']);
    expect(stored()).to.equal('fresh');

    const again = keeper('bad');
    let error: unknown;
    await again.cursor
      .connected(async () => {
        throw new SinceRefused('validation_failed');
      })
      .catch((err: unknown) => (error = err));
    expect(error, 'a refused null cursor is not asked forever').to.be.instanceOf(SinceRefused);
  });

  it('a reset answer (the cursor was behind the server log) asks for the lists to reload and is taken as a new start', async () => {
    const applied: boolean[] = [];
    let reloads = 0;
    let stored: string | null = 'far-behind';
    const cursor = new CatchUpCursor({
      storage: { read: async () => stored, write: async (c) => void (stored = c) },
      apply: (_items, first) => applied.push(first),
      onFailure: () => undefined,
      onReset: () => reloads++,
    });
    await cursor.connected(async (c) => (c === 'far-behind' ? { ...page('fresh'), reset: true } : page('next')));
    expect(reloads).to.equal(1);
    expect(applied, 'applied as a starting point, without badges').to.deep.equal([true]);
    expect(stored).to.equal('fresh');
    await cursor.connected(async () => page('next'));
    expect(reloads).to.equal(1);
    expect(applied).to.deep.equal([true, false]);
  });

  it('live events during a call ask once more after it, never two calls at once', async () => {
    const { cursor, stored } = keeper('c0');
    let inFlight = 0;
    let most = 0;
    let n = 1;
    const releases: Array<() => void> = [];
    const ask: AskSince = (c) => {
      inFlight++;
      most = Math.max(most, inFlight);
      expect(c).to.equal(`c${n}`);
      return new Promise((resolve) =>
        releases.push(() => {
          inFlight--;
          resolve(page(`c${++n}`));
        }),
      );
    };
    await cursor.connected(async () => page('c1'));
    // The next connection's calls are held until released.
    const held = cursor.connected(ask);
    for (let i = 0; i < 5; i++) cursor.liveEvent();
    while (releases.length < 1) await new Promise((r) => setTimeout(r, 1));
    // The events' call comes due while the first is in flight.
    await new Promise((r) => setTimeout(r, 10));
    releases.shift()!();
    while (releases.length < 1) await new Promise((r) => setTimeout(r, 1));
    releases.shift()!();
    await held;
    expect(most).to.equal(1);
    expect(stored()).to.equal('c3');
  });

  it('an answer that arrives after the connection dropped is not stored', async () => {
    const { cursor, writes } = keeper('c1');
    let release!: () => void;
    const held = cursor.connected(() => new Promise((resolve) => (release = () => resolve(page('late')))));
    while (!release) await new Promise((r) => setTimeout(r, 1));
    cursor.disconnected();
    release();
    await held;
    expect(writes).to.deep.equal([]);
  });

  it('a burst of live events asks once, after a delay, and only then moves the cursor', async () => {
    const { cursor, writes } = keeper('c0', 60);
    let calls = 0;
    await cursor.connected(async () => page(`c${++calls}`));
    for (let i = 0; i < 10; i++) cursor.liveEvent();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls, 'not at once').to.equal(1);
    const deadline = Date.now() + 2000;
    while (calls < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).to.equal(2);
    expect(writes).to.deep.equal(['c1', 'c2']);
  });

  describe('after a refusal that waiting can change (issue 26)', () => {
    it('waits 1 s doubling to 30 s, never less than the server retryAfter, plus up to half again at random (at most 5 s)', () => {
      const low = () => 0;
      const high = () => 0.999_999;
      expect([0, 1, 2, 3, 4, 5, 6, 9].map((n) => retryDelayMs(n, undefined, { random: low }))).to.deep.equal([
        1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000,
      ]);
      expect(Math.round(retryDelayMs(0, undefined, { random: high }))).to.equal(1500);
      expect(Math.round(retryDelayMs(9, undefined, { random: high }))).to.equal(35_000);
      expect(Math.round(retryDelayMs(0, 60, { random: high })), 'a minute’s retryAfter, spread by 5 s at most').to.equal(65_000);
      expect(retryDelayMs(0, 5, { random: low }), 'the server retryAfter').to.equal(5000);
      expect(retryDelayMs(4, 5, { random: low }), 'the backoff when longer').to.equal(16_000);
    });

    it('asks again on the same connection at those moments (store errors, internal), and does not fail the catch-up', async () => {
      const clock = install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        const failures: unknown[] = [];
        let stored: string | null = 'c1';
        const cursor = new CatchUpCursor({
          storage: { read: async () => stored, write: async (c) => void (stored = c) },
          apply: () => undefined,
          onFailure: (err) => failures.push(err),
          random: () => 0,
        });
        const answers: Array<SinceRefused | AlertsSinceData> = [
          new SinceRefused('store_unavailable', 5),
          new SinceRefused('internal'),
          new SinceRefused('unavailable', 5),
          new SinceRefused('internal'),
          page('c2'),
        ];
        const askedAt: number[] = [];
        const asked: Array<string | null> = [];
        let done = false;
        void cursor
          .connected(async (c) => {
            askedAt.push(clock.now);
            asked.push(c);
            const next = answers.shift()!;
            if (next instanceof Error) throw next;
            return next;
          })
          .then(() => (done = true));
        await clock.tickAsync(0);
        expect(askedAt).to.deep.equal([0]);
        await clock.tickAsync(4999);
        expect(askedAt, 'not before the server retryAfter').to.deep.equal([0]);
        await clock.tickAsync(1);
        // 5 s (retryAfter over 1 s), then 2 s, then 5 s (retryAfter over 4 s), then 8 s.
        await clock.tickAsync(2000 + 5000 + 8000);
        expect(askedAt).to.deep.equal([0, 5000, 7000, 12_000, 20_000]);
        expect(asked).to.deep.equal(['c1', 'c1', 'c1', 'c1', 'c1']);
        expect(done).to.equal(true);
        expect(stored).to.equal('c2');
        expect(failures).to.deep.equal([]);
      } finally {
        clock.uninstall();
      }
    });

    it('a call after a live event that is refused is retried later, without asking for a reconnect', async () => {
      const clock = install({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      try {
        const { cursor, failures, stored } = keeper('c0');
        const answers: Array<SinceRefused | AlertsSinceData> = [page('c1'), new SinceRefused('store_unavailable', 5), page('c2')];
        const askedAt: number[] = [];
        const connected = cursor.connected(async () => {
          askedAt.push(clock.now);
          const next = answers.shift()!;
          if (next instanceof Error) throw next;
          return next;
        });
        await clock.tickAsync(0);
        await connected;
        cursor.liveEvent();
        await clock.tickAsync(0);
        expect(askedAt).to.deep.equal([0, 0]);
        await clock.tickAsync(4999);
        expect(askedAt.length, 'not before the server retryAfter').to.equal(2);
        await clock.tickAsync(2501); // plus up to half of it at random
        expect(askedAt.length).to.equal(3);
        expect(failures, 'no reconnect asked').to.deep.equal([]);
        expect(stored()).to.equal('c2');
      } finally {
        clock.uninstall();
      }
    });
  });
});
