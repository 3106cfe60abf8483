/**
 * Finds or builds the FerretDB binary used as Puente's embedded document store.
 *
 * FerretDB's module lacks the generated build/version/version.txt, so `go install …@v1.24.2`
 * builds a binary that panics at start; we build from the module source with that file written.
 * The result is cached per user and version, outside any clone, so CI and later runs reuse it.
 */
import { spawn } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const FERRETDB_VERSION = '1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

export class StoreBinaryError extends Error {
  override name = 'StoreBinaryError';
}

/** Where the cached binary lives for a cache directory. */
export function cachedBinaryPath(cacheDir: string): string {
  return path.join(cacheDir, `ferretdb-${FERRETDB_VERSION}`);
}

export async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fsConstants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Runs `cmd` and answers its standard output; stderr lines go to `onLine`; `timeoutMs` kills it. */
export function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; onLine?: (l: string) => void; timeoutMs?: number },
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      for (const line of d.toString().split('\n')) if (line.trim()) opts.onLine?.(line.trim());
    });
    child.on('error', (e) => reject(new StoreBinaryError(`cannot run ${cmd}: ${e.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new StoreBinaryError(`${cmd} ${args.join(' ')} failed (exit ${code}): ${err.slice(-2000)}`)),
    );
  });
}

/** True when a Go toolchain answers. */
export async function goAvailable(goBin: string): Promise<boolean> {
  try {
    await run(goBin, ['version'], {});
    return true;
  } catch {
    return false;
  }
}

/** FerretDB's module source, downloaded through the Go module proxy and copied (writable) into `work`. */
export async function ferretDbSource(goBin: string, work: string, progress: (msg: string) => void): Promise<string> {
  progress(`downloading ${FERRETDB_MODULE}@v${FERRETDB_VERSION} from the Go module proxy…`);
  const info = JSON.parse(await run(goBin, ['mod', 'download', '-json', `${FERRETDB_MODULE}@v${FERRETDB_VERSION}`], {})) as {
    Dir?: string;
  };
  if (!info.Dir) throw new StoreBinaryError('go mod download did not report a source directory');
  const src = path.join(work, 'src');
  await fs.cp(info.Dir, src, { recursive: true });
  await run('chmod', ['-R', 'u+w', src], {});
  return src;
}

/** Puts a built binary at `target`: copied then renamed, so a concurrent reader never sees half of it. */
export async function installBinary(built: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const staging = `${target}.${process.pid}.tmp`;
  await fs.copyFile(built, staging);
  await fs.chmod(staging, 0o755);
  await fs.rename(staging, target);
}

/**
 * Builds FerretDB from the Go module proxy into `target`, reporting progress lines.
 * Takes a few minutes the first time; Go's module and build caches make later builds fast.
 */
export async function buildFerretDb(goBin: string, target: string, progress: (msg: string) => void): Promise<string> {
  const started = Date.now();
  const ticker = setInterval(() => progress(`still building FerretDB… ${Math.round((Date.now() - started) / 1000)} s`), 15_000);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-ferretdb-'));
  try {
    const src = await ferretDbSource(goBin, work, progress);
    await fs.writeFile(path.join(src, 'build', 'version', 'version.txt'), `v${FERRETDB_VERSION}\n`);
    progress('compiling FerretDB (first time only; a few minutes)…');
    const tmpBin = path.join(work, 'ferretdb');
    await run(goBin, ['build', '-trimpath', '-o', tmpBin, './cmd/ferretdb'], {
      cwd: src,
      onLine: (l) => progress(l),
    });
    await installBinary(tmpBin, target);
    progress(`FerretDB ${FERRETDB_VERSION} built in ${Math.round((Date.now() - started) / 1000)} s: ${target}`);
    return target;
  } finally {
    clearInterval(ticker);
    await fs.rm(work, { recursive: true, force: true });
  }
}

export interface LocateOptions {
  explicitPath?: string | undefined;
  cacheDir: string;
  goBin: string;
  progress: (msg: string) => void;
}

/**
 * Returns a runnable FerretDB binary: an explicit path must exist (clear error otherwise);
 * else the per-user cache; else build it with Go. Null when there is no binary and no Go.
 */
export async function locateFerretDb(opts: LocateOptions): Promise<string | null> {
  if (opts.explicitPath) {
    if (await isExecutable(opts.explicitPath)) return opts.explicitPath;
    throw new StoreBinaryError(`STORE_BIN points at ${opts.explicitPath}, which is not an executable file`);
  }
  const cached = cachedBinaryPath(opts.cacheDir);
  if (await isExecutable(cached)) return cached;
  if (!(await goAvailable(opts.goBin))) return null;
  opts.progress(`no FerretDB binary in ${opts.cacheDir}; building it with Go (first time only)`);
  return buildFerretDb(opts.goBin, cached, opts.progress);
}
