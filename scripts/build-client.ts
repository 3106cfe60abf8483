/**
 * Builds the browser client into client/dist with esbuild: one entry plus lazily loaded screen
 * groups (code splitting), content-hashed names (cached for a year by the server), and an
 * index.html that links them (never cached) and names the entry's chunks as module preloads, so
 * the browser asks for all of them at once instead of after reading the entry. Every text file
 * is also written compressed (`.br`, `.gz`) for the server to send as the browser accepts. No
 * inline script or style: the CSP stays strict.
 */
import { build, type Metafile } from 'esbuild';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { REPO_ROOT } from './buildState.mjs';

export { REPO_ROOT };
export const CLIENT_DIST = path.join(REPO_ROOT, 'client', 'dist');

export interface ClientBuild {
  metafile: Metafile;
  /** Output paths relative to the output directory of the entry script and its stylesheet. */
  entryJs: string;
  entryCss: string;
  /** The entry's static imports (relative paths), preloaded by index.html. */
  entryChunks: string[];
}

/** Outputs reachable from `start` through static imports (esbuild's metafile paths), `start` included. */
export function staticClosure(meta: Metafile, start: string): Set<string> {
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

/** Builds the client (minified, hashed, split) and writes index.html pointing at the hashed files. */
export async function buildClient(outDir: string = CLIENT_DIST): Promise<ClientBuild> {
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: { app: path.join(REPO_ROOT, 'client', 'src', 'main.tsx') },
    outdir: outDir,
    absWorkingDir: REPO_ROOT,
    bundle: true,
    splitting: true,
    minify: true,
    sourcemap: 'linked',
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const entry = outputs.find(([, o]) => o.entryPoint === 'client/src/main.tsx');
  if (!entry) throw new Error('client build: no entry output');
  const rel = (p: string) => path.relative(outDir, path.resolve(REPO_ROOT, p)).split(path.sep).join('/');
  const entryJs = rel(entry[0]);
  const cssOut = entry[1].cssBundle;
  if (!cssOut) throw new Error('client build: the entry imports no stylesheet');
  const entryCss = rel(cssOut);
  const entryChunks = [...staticClosure(result.metafile, entry[0])]
    .filter((o) => o !== entry[0])
    .map(rel)
    .sort();
  const template = await fs.readFile(path.join(REPO_ROOT, 'client', 'index.html'), 'utf8');
  const preloads = entryChunks.map((c) => `<link rel="modulepreload" href="/${c}" />`).join('\n    ');
  const html = template
    .replaceAll('/app.css', `/${entryCss}`)
    .replaceAll('/app.js', `/${entryJs}`)
    .replace('<!-- entry chunks -->', preloads);
  await fs.writeFile(path.join(outDir, 'index.html'), html);
  await buildServiceWorker(outDir, Object.keys(result.metafile.outputs).map(rel), html);
  await compressTextFiles(outDir);
  return { metafile: result.metafile, entryJs, entryCss, entryChunks };
}

const COMPRESSED_TYPES = /\.(?:js|css|html)$/;

/** Writes `<file>.br` and `<file>.gz` beside every script, stylesheet and page (source maps left out). */
async function compressTextFiles(outDir: string): Promise<void> {
  const files = (await fs.readdir(outDir, { recursive: true })).filter((f) => COMPRESSED_TYPES.test(f));
  await Promise.all(
    files.map(async (f) => {
      const file = path.join(outDir, f);
      const data = await fs.readFile(file);
      const [br, gz] = await Promise.all([
        promisify(brotliCompress)(data, {
          params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
        }),
        promisify(gzip)(data, { level: zlib.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
    }),
  );
}

/**
 * /sw.js (client/src/sw.ts): the list of this build's files (source maps left out) and a version
 * that changes with them are written into it, so a new release installs a new shell cache.
 */
async function buildServiceWorker(outDir: string, files: string[], html: string): Promise<void> {
  const shell = files.filter((f) => !f.endsWith('.map')).map((f) => `/${f}`);
  const version = createHash('sha256').update(html).update(shell.sort().join('\n')).digest('hex').slice(0, 16);
  await build({
    entryPoints: [path.join(REPO_ROOT, 'client', 'src', 'sw.ts')],
    outfile: path.join(outDir, 'sw.js'),
    absWorkingDir: REPO_ROOT,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    define: { __SHELL_FILES__: JSON.stringify(shell), __SHELL_VERSION__: JSON.stringify(version) },
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const built = await buildClient();
  console.log(`client built into ${path.relative(REPO_ROOT, CLIENT_DIST)}/ (${built.entryJs}, ${built.entryCss})`);
}
