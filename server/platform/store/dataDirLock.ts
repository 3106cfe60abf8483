/**
 * One process at a time opens the embedded store's data directory: two FerretDB processes on one
 * SQLite database would both write it. The process that starts the store (a server, or a CLI
 * command without MONGODB_URI) creates `<store dir>/puente.lock` exclusively, with its pid and,
 * once the store answers, the store's address; it removes the file when it stops the store.
 * Anyone else finds the file, sees the pid alive and refuses with the address to use instead.
 * A file whose pid is gone (a crash, a SIGKILL) is stale and replaced.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { storeInUseMessage } from '../../../shared/i18n/storeMessages.js';
import { privateDirectory } from './privateFiles.js';

export const DATA_DIR_LOCK_FILE = 'puente.lock';

export interface DataDirLockContent {
  pid: number;
  uri: string | null;
  startedAt: string;
}

export class StoreInUseError extends Error {
  override name = 'StoreInUseError';
  constructor(
    readonly holder: DataDirLockContent,
    readonly lockFile: string,
    dataDir: string,
  ) {
    const text = storeInUseMessage({ dataDir, lockFile, pid: holder.pid, uri: holder.uri });
    super(`${text.es}\n${text.en}`);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads the lock file of a store directory; null when there is none (or it is unreadable junk). */
export async function readDataDirLock(storeDir: string): Promise<DataDirLockContent | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(storeDir, DATA_DIR_LOCK_FILE), 'utf8')) as Partial<DataDirLockContent>;
    if (typeof parsed.pid !== 'number') return null;
    return { pid: parsed.pid, uri: typeof parsed.uri === 'string' ? parsed.uri : null, startedAt: String(parsed.startedAt ?? '') };
  } catch {
    return null;
  }
}

export interface DataDirLock {
  /** Records the running store's address for other processes to use. */
  recordAddress(uri: string): Promise<void>;
  release(): Promise<void>;
}

/** Claims `storeDir` for this process, or throws StoreInUseError naming the live holder. */
export async function claimDataDir(storeDir: string): Promise<DataDirLock> {
  await privateDirectory(storeDir);
  const file = path.join(storeDir, DATA_DIR_LOCK_FILE);
  const content: DataDirLockContent = { pid: process.pid, uri: null, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(content), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw err;
    }
    const holder = await readDataDirLock(storeDir);
    if (holder && holder.pid !== process.pid && alive(holder.pid)) throw new StoreInUseError(holder, file, storeDir);
    // Stale (its process is gone) or half-written by a process that died at once: replace it.
    await fs.rm(file, { force: true });
  }
  let released = false;
  return {
    async recordAddress(uri) {
      content.uri = uri;
      const tmp = `${file}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(content), { mode: 0o600 });
      await fs.rename(tmp, file);
    },
    async release() {
      if (released) return;
      released = true;
      if ((await readDataDirLock(storeDir))?.pid === process.pid) await fs.rm(file, { force: true });
    },
  };
}
