/**
 * The client's size, measured from esbuild's metafile after a production build, gzip -9 per file:
 * what loads before the first screen (initial JS: the entry and its static imports) and what a
 * first visit transfers for each entry screen (index.html, CSS, initial JS and the screen group's
 * chunks). Budgets (issue #12): initial JS ≤ 50 KB gzip, first-load transfer ≤ 120 KB gzip.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { buildClient, REPO_ROOT } from '../scripts/build-client.js';

export const BUDGET = { initialJsKb: 50, firstLoadKb: 120 } as const;

/** Screen groups a first visit can land on: sign-in (signed out) and the feed (signed in). */
const FIRST_SCREENS: Record<string, string> = {
  'sign-in': 'client/src/screens/auth/index.ts',
  feed: 'client/src/screens/feed/index.ts',
};

export interface ClientBudgetReport {
  initialJsBytes: number;
  firstLoad: Record<string, number>;
  files: Array<{ file: string; gzipBytes: number }>;
}

/** Outputs reachable from `start` through static imports only. */
function staticClosure(meta: Metafile, start: string): Set<string> {
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const out = stack.pop()!;
    if (seen.has(out)) continue;
    seen.add(out);
    for (const imp of meta.outputs[out]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) stack.push(imp.path);
  }
  return seen;
}

export async function measureClientBudget(): Promise<ClientBudgetReport> {
  const outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-client-'));
  try {
    const built = await buildClient(outDir);
    const meta = built.metafile;
    const gz = new Map<string, number>();
    const gzipOf = async (abs: string) => {
      if (!gz.has(abs)) gz.set(abs, gzipSync(await fs.readFile(abs), { level: 9 }).length);
      return gz.get(abs)!;
    };
    const abs = (out: string) => path.resolve(REPO_ROOT, out);
    const entryOut = Object.keys(meta.outputs).find((o) => meta.outputs[o]?.entryPoint === 'client/src/main.tsx')!;
    const initial = staticClosure(meta, entryOut);
    let initialJsBytes = 0;
    for (const o of initial) initialJsBytes += await gzipOf(abs(o));
    const shellBytes = (await gzipOf(path.join(outDir, 'index.html'))) + (await gzipOf(path.join(outDir, built.entryCss)));
    const firstLoad: Record<string, number> = {};
    for (const [screen, source] of Object.entries(FIRST_SCREENS)) {
      const groupOut = Object.keys(meta.outputs).find((o) => meta.outputs[o]?.entryPoint === source);
      if (!groupOut) throw new Error(`no chunk for ${source}`);
      let bytes = shellBytes + initialJsBytes;
      for (const o of staticClosure(meta, groupOut)) if (!initial.has(o)) bytes += await gzipOf(abs(o));
      firstLoad[screen] = bytes;
    }
    const files = [...gz.entries()].map(([file, gzipBytes]) => ({ file: path.relative(outDir, file), gzipBytes }));
    return { initialJsBytes, firstLoad, files };
  } finally {
    await fs.rm(outDir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

export async function runClientBudget(): Promise<void> {
  const r = await measureClientBudget();
  console.log('\nclient budget (esbuild metafile, gzip -9)');
  for (const f of r.files.sort((a, b) => b.gzipBytes - a.gzipBytes)) console.log(`  ${kb(f.gzipBytes).padStart(6)} KB  ${f.file}`);
  const initialOk = r.initialJsBytes <= BUDGET.initialJsKb * 1024;
  console.log(`initial JS:        ${kb(r.initialJsBytes)} KB gzip (budget ${BUDGET.initialJsKb} KB) ${initialOk ? 'ok' : 'OVER'}`);
  let ok = initialOk;
  for (const [screen, bytes] of Object.entries(r.firstLoad)) {
    const fits = bytes <= BUDGET.firstLoadKb * 1024;
    ok &&= fits;
    console.log(`first load (${screen}): ${kb(bytes)} KB gzip (budget ${BUDGET.firstLoadKb} KB) ${fits ? 'ok' : 'OVER'}`);
  }
  if (!ok) process.exitCode = 1;
}
