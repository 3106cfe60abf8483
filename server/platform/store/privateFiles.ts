/**
 * The store's files hold victims' and suspects' data: only the OS user running Puente may read
 * them. Directories are 0700 and files 0600 — set on what we create, and tightened on what an
 * earlier version left readable by everyone (0755 / 0644).
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Creates `dir` (and missing parents) as 0700, and makes an existing one 0700. */
export async function privateDirectory(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  await fs.chmod(dir, 0o700);
}

/** Makes every regular file directly in `dir` 0600. */
export async function privateFiles(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) if (entry.isFile()) await fs.chmod(path.join(dir, entry.name), 0o600);
}
