#!/usr/bin/env node
// `npx puente …`: the compiled CLI when `npm run build` has made a build of the current sources;
// otherwise the TypeScript sources through tsx, so it also works from a fresh clone with no build.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildState, REPO_ROOT } from '../scripts/buildState.mjs';

if (buildState() === 'fresh') {
  await import(pathToFileURL(path.join(REPO_ROOT, 'dist', 'server', 'cli', 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../server/cli/main.ts');
}
