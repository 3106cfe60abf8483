/** Counts HTTP requests in progress so shutdown can wait for them to finish. */
import type { Server } from 'node:http';

export interface InFlightTracker {
  count(): number;
  /** Resolves when no request is in progress, or after `timeoutMs` (returns false then). */
  drained(timeoutMs: number): Promise<boolean>;
}

export function trackInFlight(server: Server): InFlightTracker {
  let active = 0;
  let waiters: Array<() => void> = [];
  server.on('request', (_req, res) => {
    active++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      active--;
      if (active === 0) {
        const w = waiters;
        waiters = [];
        for (const resolve of w) resolve();
      }
    };
    res.on('finish', finish);
    res.on('close', finish);
  });
  return {
    count: () => active,
    drained: (timeoutMs) =>
      active === 0
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs);
            waiters.push(() => {
              clearTimeout(timer);
              resolve(true);
            });
          }),
  };
}
