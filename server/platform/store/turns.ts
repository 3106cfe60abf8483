/**
 * Turn-taking within this process, per key: a run starts once the previous run with the same key,
 * and whatever that run left going behind it, has settled. Keys are forgotten when idle. A caller
 * whose request deadline expires while it waits leaves the queue (writeDeadline.ts): it is
 * refused with DeadlineExceeded, and the next caller waits for the run before it instead.
 */
import { untilDeadline } from './writeDeadline.js';

export class Turns {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Runs `fn` in its turn. `behind(result)` (no result if `fn` failed), asked once `fn` has settled,
   * is what the next turn also waits for: work `fn` left going on behind its caller.
   */
  take<T>(key: string, fn: () => Promise<T>, behind: (result: T | undefined) => unknown = () => undefined): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let started = false;
    const run = untilDeadline(previous).then(() => {
      started = true;
      return fn();
    });
    const tail = run
      .then(behind, () => (started ? behind(undefined) : previous))
      .then(
        () => undefined,
        () => undefined,
      );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return run;
  }

  /** Resolves once every turn taken so far is over. */
  async idle(): Promise<void> {
    await Promise.all([...this.tails.values()]);
  }
}
