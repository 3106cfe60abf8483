/**
 * Builds the browser client into client/dist with esbuild: one entry plus lazily loaded screen
 * groups (code splitting), content-hashed names (cached for a year by the server), and an
 * index.html that links them (never cached). No inline script or style: the CSP stays strict.
 */
import { build, type Metafile } from 'esbuild';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLIENT_DIST = path.join(REPO_ROOT, 'client', 'dist');

export interface ClientBuild {
  metafile: Metafile;
  /** Output paths relative to the output directory of the entry script and its stylesheet. */
  entryJs: string;
  entryCss: string;
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
  const template = await fs.readFile(path.join(REPO_ROOT, 'client', 'index.html'), 'utf8');
  const html = template.replaceAll('/app.css', `/${entryCss}`).replaceAll('/app.js', `/${entryJs}`);
  await fs.writeFile(path.join(outDir, 'index.html'), html);
  await buildServiceWorker(outDir, Object.keys(result.metafile.outputs).map(rel), html);
  return { metafile: result.metafile, entryJs, entryCss };
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
