/**
 * Prints what bench/diagnostics/tracePosts.mjs recorded: for the process that received the posts,
 * the medians (the first `SKIP` posts, warm-up, left out) of the time and CPU from a post's arrival
 * to its first `alert:new`, and to its response, and the store commands started before that first
 * emit, per post. `--clear` removes the records (before a run).
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
}
if (!printed) console.log(`no traced posts in ${dir}`);
