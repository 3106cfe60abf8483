// Whether dist/ holds a build of the sources as they are now (plain JavaScript: read by
// `npm start` and `bin/puente.js` before anything is compiled).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STAMP = path.join(REPO_ROOT, 'dist', 'build.json');
const SOURCES = ['server', 'shared', 'client/src', 'client/index.html', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts'];

/** The newest modification time (ms) among the files a build is made from. */
export function newestSource() {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of SOURCES) visit(path.join(REPO_ROOT, s));
  return newest;
}

/** 'fresh', 'stale' (sources changed since) or 'missing'. */
export function buildState() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(STAMP, 'utf8'));
  } catch {
    return 'missing';
  }
  const client = path.join(REPO_ROOT, 'client', 'dist', 'index.html');
  if (!fs.existsSync(client) || !fs.existsSync(path.join(REPO_ROOT, 'dist', 'server', 'index.js'))) return 'missing';
  return newestSource() <= stamp.newestSource ? 'fresh' : 'stale';
}
