/**
 * A bound on how many runs of one kind of work this process has going at once, with a short,
 * bounded wait for a free slot. Work that arrives in herds (every device catching up after a
 * restart) would otherwise take every pooled store connection and starve the work behind it
 * (issue 26: the match worker, jobs and the copy repair timed out waiting for the pool while
 * 1,000 devices caught up at once). A run that finds no slot within its wait, or too many already
 * waiting, is refused with `busy` and a `retryAfter`, which clients retry with backoff.
 */
import { DomainError } from './errors.js';

export interface SlotLimits {
  /** Runs going at once. */
  atOnce: number;
  /** Runs waiting for a slot at most; one more is refused at once. */
  waiting: number;
  /** How long a run waits for a slot before it is refused. */
  maxWaitMs: number;
  /** Seconds the refused caller is told to wait. */
  retryAfterS: number;
}

export class Slots {
  private running = 0;
  private readonly queue: Array<() => void> = [];
  /** Runs refused since start (a figure for /metrics and tests). */
  refused = 0;

  constructor(private readonly limits: SlotLimits) {}

  /** Runs `fn` once a slot is free, or throws DomainError('busy'). */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  get inUse(): number {
    return this.running;
  }

  get waitingNow(): number {
    return this.queue.length;
  }

  private acquire(): Promise<void> {
    if (this.running < this.limits.atOnce) {
      this.running++;
      return Promise.resolve();
    }
    if (this.queue.length >= this.limits.waiting) return Promise.reject(this.refusal());
    return new Promise<void>((resolve, reject) => {
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(wake);
        if (at >= 0) this.queue.splice(at, 1);
        reject(this.refusal());
      }, this.limits.maxWaitMs);
      this.queue.push(wake);
    });
  }

  /** Hands the slot straight to the next waiter, so a new arrival cannot overtake the queue. */
  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }

  private refusal(): DomainError {
    this.refused++;
    return new DomainError('busy', undefined, undefined, this.limits.retryAfterS);
  }
}
