/**
 * Where Puente's own files are, whether it runs from the TypeScript sources (`server/…`) or from
 * the build (`dist/server/…`): the nearest folder above this file that holds Puente's package.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'puente') return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Puente package.json above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));
/** The browser client built by scripts/build-client.ts. */
export const CLIENT_DIR = path.join(REPO_ROOT, 'client', 'dist');
