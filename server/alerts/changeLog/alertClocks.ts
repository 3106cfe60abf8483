/**
 * The clocks the alert path reads (a seam: tests move them). `wall` is this machine's date: it is
 * written into change-log entries for people to read, and never compared with another process's
 * clock. `monotonic` measures how long this process has been watching something (a change whose
 * alert write has not landed): it cannot jump with the date, and no other process reads it.
 */
import { performance } from 'node:perf_hooks';

export const alertClocks = {
  wall: (): number => Date.now(),
  monotonic: (): number => performance.now(),
};
