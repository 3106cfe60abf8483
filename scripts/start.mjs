// `npm start`: runs the build in dist/ with plain Node (no TypeScript compiler at run time),
// building it first when it is missing or older than the sources (a fresh clone, a `git pull`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildState, REPO_ROOT } from './buildState.mjs';

const state = buildState();
if (state !== 'fresh') {
  process.stdout.write(
    state === 'missing'
      ? 'Compilando Puente por primera vez / building Puente first…\n'
      : 'Las fuentes cambiaron: compilando / sources changed: building…\n',
  );
  const built = spawnSync(process.execPath, [path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build.ts'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) {
    process.stderr.write('La compilación falló / the build failed\n');
    process.exit(built.status ?? 1);
  }
}
await import(pathToFileURL(path.join(REPO_ROOT, 'dist', 'server', 'index.js')).href);
