/**
 * A request's deadline as the store's writers see it (issue 26). The HTTP edge answers a request
 * that runs past its time `503 unavailable`; before this, the handler went on and stored its
 * write afterwards (an alert whose POST had failed, delivered to devices, and created twice by a
 * client retrying without an Idempotency-Key). Now the edge expires the request's deadline, and:
 *
 * - a write path marks its point of no return with commitWrite() right before the write that
 *   makes its change (an alert's insert, an alert update): past the deadline it throws
 *   DeadlineExceeded, so nothing is stored; once committed, expiry no longer stops the request
 *   and the edge does not claim nothing was saved;
 * - waiting for a lock (this process's turn, or another process's lock document) stops at the
 *   deadline, and the waiter leaves the queue (turns.ts, docLock.ts).
 *
 * The deadline is carried by the request's async call chain, as the locks a caller holds are
 * (docLock.ts): services pass nothing and know nothing of HTTP. Shared work a request starts
 * but others depend on (a log head's advance) runs outside it: runUnbounded().
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
  constructor() {
    super('the request ran past its deadline');
  }
}

export class WriteDeadline {
  private state: 'open' | 'committed' | 'expired' = 'open';
  private readonly controller = new AbortController();

  /** Aborts when the deadline expires before the request committed its write. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get committed(): boolean {
    return this.state === 'committed';
  }

  /**
   * The time is up: returns true if nothing the request does will be stored from now on (it had
   * not committed), false if its write is already under way (its outcome is not known yet).
   */
  expire(): boolean {
    if (this.state === 'committed') return false;
    if (this.state === 'open') {
      this.state = 'expired';
      this.controller.abort(new DeadlineExceeded());
    }
    return true;
  }

  /** The point of no return: throws DeadlineExceeded if the deadline has expired. */
  commit(): void {
    if (this.state === 'expired') throw this.controller.signal.reason;
    this.state = 'committed';
  }
}

const ambient = new AsyncLocalStorage<WriteDeadline>();

/** Runs `fn` (and every async call it starts) under `deadline`. */
export function runWithDeadline<T>(deadline: WriteDeadline, fn: () => T): T {
  return ambient.run(deadline, fn);
}

/** Runs `fn` outside any request's deadline: shared work that must not stop with one request. */
export function runUnbounded<T>(fn: () => T): T {
  return ambient.exit(fn);
}

/** The signal of the caller's deadline while it can still stop the caller (not committed), else null. */
export function pendingDeadline(): AbortSignal | null {
  const deadline = ambient.getStore();
  return deadline && !deadline.committed ? deadline.signal : null;
}

/** Throws DeadlineExceeded if the caller's deadline has expired before it committed. */
export function throwIfPastDeadline(): void {
  pendingDeadline()?.throwIfAborted();
}

/** Marks the caller's point of no return (see the file's comment); a no-op outside a request. */
export function commitWrite(): void {
  ambient.getStore()?.commit();
}

/** `until` settled, or the caller's deadline expired first (then rejects with DeadlineExceeded). */
export function untilDeadline(until: Promise<unknown>): Promise<void> {
  const signal = pendingDeadline();
  if (!signal) return until.then(() => undefined);
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const stop = () => reject(signal.reason as Error);
    signal.addEventListener('abort', stop, { once: true });
    void until
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        signal.removeEventListener('abort', stop);
        resolve();
      });
  });
}
