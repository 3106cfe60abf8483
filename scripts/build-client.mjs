// Builds the browser client into client/dist with esbuild (bundled, minified, no inline script).
import { build } from 'esbuild';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'client', 'dist');
await fs.mkdir(out, { recursive: true });
await build({
  entryPoints: { app: path.join(root, 'client', 'src', 'main.ts'), 'app.css': path.join(root, 'client', 'src', 'app.css') },
  outdir: out,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  entryNames: '[name]',
  logLevel: 'warning',
});
// esbuild names the CSS entry app.css.css; keep the stable name the page links to.
await fs.rename(path.join(out, 'app.css.css'), path.join(out, 'app.css')).catch(() => undefined);
await fs.rm(path.join(out, 'app.css.js'), { force: true });
await fs.copyFile(path.join(root, 'client', 'index.html'), path.join(out, 'index.html'));
console.log(`client built into ${path.relative(root, out)}/`);
