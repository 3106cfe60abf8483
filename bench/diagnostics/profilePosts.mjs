/**
 * Diagnostics for the fan-out benchmark, beside tracePosts.mjs: records a CPU profile of each server
 * process for the whole run, written to `<tmp>/puente-trace/<pid>.cpuprofile` when it stops. Load
 * both: `BENCH_SERVER_NODE_OPTIONS="--import=./bench/diagnostics/tracePosts.mjs
 * --import=./bench/diagnostics/profilePosts.mjs"`. `node bench/diagnostics/traceSummary.mjs` then
 * also prints where the process's CPU went between each post's arrival and its first `alert:new`.
 * The profile's timestamps and the trace's share one clock (the monotonic clock behind
 * `process.hrtime`). Sampling costs the server CPU and inflates what it measures by about a third:
 * compare shares, and runs profiled alike.
 */
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';

const dir = path.join(os.tmpdir(), 'puente-trace');
/** Microseconds between samples: finer sampling costs the process more. */
const SAMPLING_US = 250;

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: SAMPLING_US });
session.post('Profiler.start');

let written = false;
const write = () => {
  if (written) return;
  written = true;
  // A session in this thread answers synchronously, so this runs before the process ends.
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
};
process.on('exit', write);
process.prependListener('SIGTERM', write);
