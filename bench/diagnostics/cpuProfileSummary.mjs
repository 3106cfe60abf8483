/**
 * Summarises a V8 CPU profile (`node --cpu-prof`, e.g. a restart's server through
 * BENCH_SERVER_NODE_ARGS): the functions with the most time of their own, then the most time
 * including what they call (each function counted once per sample).
 * Usage: node bench/diagnostics/cpuProfileSummary.mjs <file.cpuprofile> [rows]
 */
import fs from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/diagnostics/cpuProfileSummary.mjs <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*\//, '')}:${n.callFrame.lineNumber + 1}`;

const sampled = new Map();
profile.samples.forEach((id, i) => sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const own = new Map();
const including = new Map();
for (const [id, us] of sampled) {
  const name = label(nodes.get(id));
  own.set(name, (own.get(name) ?? 0) + us);
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const l = label(nodes.get(at));
    if (seen.has(l)) continue;
    seen.add(l);
    including.set(l, (including.get(l) ?? 0) + us);
  }
}
const print = (title, table) => {
  console.log(title);
  for (const [name, us] of [...table].sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms  ${name}`);
};
console.log(`profile of ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
print('own time:', own);
print('including callees:', including);
