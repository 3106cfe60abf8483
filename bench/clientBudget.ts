/**
 * The client's size, measured from esbuild's metafile after a production build, gzip -9 per file:
 * what loads before the first screen (initial JS: the entry and its static imports) and what a
 * first visit transfers for each entry screen (index.html, CSS, initial JS and the chunks that
 * screen loads on demand). Budgets (issue #12): initial JS ≤ 50 KB gzip, first-load transfer ≤
 * 120 KB gzip.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildClient, REPO_ROOT, staticClosure } from '../scripts/build-client.js';

export const BUDGET = { initialJsKb: 50, firstLoadKb: 120 } as const;

/**
 * Screens a first visit can land on — sign-in (signed out) and the feed (signed in) — with the
 * modules each loads on demand: both screens are in the first bundle; the feed goes live at once.
 */
const FIRST_SCREENS: Record<string, string[]> = {
  'sign-in': [],
  feed: ['client/src/lazy/live.ts'],
};

export interface ClientBudgetReport {
  initialJsBytes: number;
  firstLoad: Record<string, number>;
  files: Array<{ file: string; gzipBytes: number }>;
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
    for (const [screen, sources] of Object.entries(FIRST_SCREENS)) {
      const extra = new Set<string>();
      for (const source of sources) {
        const groupOut = Object.keys(meta.outputs).find((o) => meta.outputs[o]?.entryPoint === source);
        if (!groupOut) throw new Error(`no chunk for ${source}`);
        for (const o of staticClosure(meta, groupOut)) if (!initial.has(o)) extra.add(o);
      }
      let bytes = shellBytes + initialJsBytes;
      for (const o of extra) bytes += await gzipOf(abs(o));
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
