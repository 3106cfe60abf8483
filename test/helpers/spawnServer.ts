/** A Puente server run as its own process (`server/index.ts`), for tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { TEST_AUDIT_KEY } from './auditKey.js';

export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** How the sources are run: through tsx. The build runs `dist/server/index.js` with plain Node instead. */
const FROM_SOURCES = ['--import', 'tsx', 'server/index.ts'];

/**
 * Runs `server/index.ts` (or the `entry` given, as Node arguments) as a separate process and waits
 * for its ready line. `nodeArgs`: more options for node (e.g. `--cpu-prof`, which NODE_OPTIONS does not take).
 */
export async function spawnServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
  nodeArgs: string[] = [],
  entry: string[] = FROM_SOURCES,
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      PORT: '0',
      AUDIT_KEY: TEST_AUDIT_KEY,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = /listening on (http:\/\/[^\s;)]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready:\n${out}`));
    });
  });
  return { child, url, output: () => out, exited };
}
