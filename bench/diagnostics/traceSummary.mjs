/**
 * Prints what bench/diagnostics/tracePosts.mjs recorded: for the process that received the posts,
 * the medians (the first `SKIP` posts, warm-up, left out) of the time and CPU from a post's arrival
 * to its first `alert:new`, and to its response, and the store commands started before that first
 * emit, per post. With a CPU profile beside the records (profilePosts.mjs), also how busy the
 * process was over those same stretches and which packages' code it ran. `--clear` removes the
 * records (before a run).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = path.join(os.tmpdir(), 'puente-trace');
const SKIP = 3;
if (process.argv.includes('--clear')) {
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let printed = false;
for (const file of files) {
  const events = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')).sort((a, b) => a[0] - b[0]);
  const posts = [];
  for (const e of events) {
    if (e[1] === 'request') posts.push({ request: e, emit: null, response: null, commands: [] });
    else if (posts.length) {
      const p = posts[posts.length - 1];
      if (e[1] === 'emit' && !p.emit) p.emit = e;
      else if (e[1] === 'response' && !p.response) p.response = e;
      else if (e[1] === 'command' && !p.emit) p.commands.push(e[2]);
    }
  }
  const done = posts.slice(SKIP).filter((p) => p.emit && p.response);
  if (!done.length) continue;
  printed = true;
  const f = (x) => x.toFixed(2);
  console.log(`process ${path.basename(file, '.json')}: ${done.length} posts (first ${SKIP} left out), medians`);
  console.log(
    `  arrival → first alert:new: ${f(median(done.map((p) => p.emit[0] - p.request[0])))} ms, CPU ${f(median(done.map((p) => p.emit[4] - p.request[4])))} ms`,
  );
  console.log(
    `  arrival → response:        ${f(median(done.map((p) => p.response[0] - p.request[0])))} ms, CPU ${f(median(done.map((p) => p.response[4] - p.request[4])))} ms`,
  );
  const counts = new Map();
  for (const p of done) for (const c of p.commands) counts.set(c, (counts.get(c) ?? 0) + 1);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`  store commands before the first alert:new, per post: ${f(total / done.length)}`);
  for (const [c, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`    ${f(n / done.length)}  ${c}`);
  const profileFile = path.join(dir, `${path.basename(file, '.json')}.cpuprofile`);
  if (fs.existsSync(profileFile)) {
    const windows = done.map((p) => [p.request[0] * 1000, p.emit[0] * 1000]);
    const { busyUs, idleUs, byPackage } = profileWithin(JSON.parse(fs.readFileSync(profileFile, 'utf8')), windows);
    const perPost = (us) => f(us / 1000 / done.length);
    console.log(
      `  CPU profile, arrival → first alert:new, per post: busy ${perPost(busyUs)} ms, idle ${perPost(idleUs)} ms; busy by package:`,
    );
    for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${perPost(us)}  ${name}`);
  }
}

/** What a CPU profile says about the stretches `windows` ([from, to] in µs): busy, idle, busy by package. */
function profileWithin(profile, windows) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byPackage = new Map();
  let busyUs = 0;
  let idleUs = 0;
  let at = profile.startTime;
  let w = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i];
    const span = (profile.timeDeltas[i + 1] ?? 0) | 0;
    while (w < windows.length && windows[w][1] < at) w++;
    if (w >= windows.length) break;
    if (at < windows[w][0]) continue;
    const frame = nodes.get(profile.samples[i]).callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += span;
      continue;
    }
    busyUs += span;
    const name = packageOf(frame);
    byPackage.set(name, (byPackage.get(name) ?? 0) + span);
  }
  return { busyUs, idleUs, byPackage };
}

/** `mongodb`, `node:net`, `server/platform/http`, or V8's own entries such as `(garbage collector)`. */
function packageOf(frame) {
  const url = frame.url;
  const dependency = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/);
  if (dependency) return dependency[1];
  if (url.startsWith('node:')) return url;
  const own = url.match(/\/((?:server|shared)\/[^/]+)\//);
  if (own) return own[1];
  return url ? path.basename(url) : frame.functionName || '(anonymous)';
}
if (!printed) console.log(`no traced posts in ${dir}`);
