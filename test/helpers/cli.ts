/** Runs the `puente` CLI as its own process against the run's test store. */
import { spawn } from 'node:child_process';
import { TEST_AUDIT_KEY } from './auditKey.js';
import { REPO_ROOT } from './server.js';
import { testStore } from './testStore.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in arrival order. */
  out: string;
}

/** Runs `puente <args>`; `input` is written to its standard input, which is then closed. */
export function runCli(args: string[], env: Record<string, string> = {}, input = ''): Promise<CliResult> {
  return runNode(['server/cli/main.ts', ...args], env, input);
}

/** Runs `node --import tsx <args>` in the repository, against the run's test store. */
export function runNode(args: string[], env: Record<string, string> = {}, input = ''): Promise<CliResult> {
  return runNodeWithEnv(args, { MONGODB_URI: testStore().store.uri, MONGODB_DB: testStore().dbName, ...env }, input);
}

/** Runs `puente <args>` with no store settings but `env` (e.g. its own DATA_DIR). */
export function runCliWithEnv(args: string[], env: Record<string, string>, input = ''): Promise<CliResult> {
  return runNodeWithEnv(['server/cli/main.ts', ...args], env, input);
}

function runNodeWithEnv(args: string[], env: Record<string, string>, input: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', AUDIT_KEY: TEST_AUDIT_KEY, ...env },
    });
    const result: CliResult = { code: null, stdout: '', stderr: '', out: '' };
    child.stdout.on('data', (d: Buffer) => ((result.stdout += d.toString()), (result.out += d.toString())));
    child.stderr.on('data', (d: Buffer) => ((result.stderr += d.toString()), (result.out += d.toString())));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ...result, code }));
    // A command that reads its standard input (a password) sees `input`, then its end.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
