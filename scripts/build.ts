/**
 * `npm run build`: the server and shared code compiled once into dist/ (tsconfig.build.json), the
 * files the store needs beside them, and the browser client into client/dist (hashed, precompressed),
 * then a stamp saying which sources it was made from. `npm start` then runs plain Node on dist/.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { newestSource, REPO_ROOT, STAMP } from './buildState.mjs';
import { buildClient } from './build-client.js';

/** Non-TypeScript files the server reads beside its own code (embedded store guardian, Go source). */
const SERVER_ASSETS = ['server/platform/store/guardian.mjs', 'server/platform/store/go'];

function compileServer(): Promise<void> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}`))));
  });
}

const step = async (label: string, work: () => Promise<unknown>) => {
  const t0 = performance.now();
  process.stdout.write(`build: ${label}…\n`);
  await work();
  process.stdout.write(`build: ${label} ✓ ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
};

const sources = newestSource();
await fs.rm(path.join(REPO_ROOT, 'dist'), { recursive: true, force: true });
await step('servidor / server (tsc)', compileServer);
await step('archivos del almacén / store files', async () => {
  for (const asset of SERVER_ASSETS) await fs.cp(path.join(REPO_ROOT, asset), path.join(REPO_ROOT, 'dist', asset), { recursive: true });
});
await step('cliente / client (esbuild)', () => buildClient());
await fs.writeFile(STAMP, `${JSON.stringify({ builtAt: new Date().toISOString(), newestSource: sources }, null, 2)}\n`);
process.stdout.write(`build: listo / done → dist/, client/dist/\n`);
