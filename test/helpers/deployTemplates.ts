/** The files of deploy/ as an operator uses them: templates filled by deploy/render.sh, env files, units. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './spawnServer.js';

export const DEPLOY_DIR = path.join(REPO_ROOT, 'deploy');

/** deploy/<template> filled by deploy/render.sh with `values`; throws with its message if it refuses. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const args = [path.join(DEPLOY_DIR, template), ...Object.entries(values).map(([k, v]) => `${k}=${v}`)];
  const r = spawnSync(path.join(DEPLOY_DIR, 'render.sh'), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`render.sh ${template} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** NAME=VALUE lines of an env file (comments and blank lines skipped; an empty value is kept as ''). */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

export function readDeployFile(name: string): string {
  return fs.readFileSync(path.join(DEPLOY_DIR, name), 'utf8');
}

/** The `Environment=NAME=VALUE` settings of a systemd unit. */
export function unitEnvironment(unit: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of unit.split('\n')) {
    const m = /^Environment=([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) env[m[1]!] = m[2]!;
  }
  return env;
}

/** A unit's `ExecStart=` command line, split on spaces (the templates quote nothing). */
export function unitExecStart(unit: string): string[] {
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  if (!line) throw new Error('no ExecStart= in the unit');
  return line.slice('ExecStart='.length).trim().split(/\s+/);
}

/** The path of a program on PATH (or in /usr/sbin, where Debian puts nginx), or null. */
export function findProgram(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin']) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Skips the suite with a visible reason when a program it needs is missing, or fails under
 * PUENTE_REQUIRE_SERVICES=1 (.ci/run, which installs them) so CI never skips it.
 */
export function requirePrograms(ctx: Mocha.Context, names: Array<{ name: string; debianPackage: string }>): Record<string, string> {
  const found: Record<string, string> = {};
  const missing: string[] = [];
  for (const { name, debianPackage } of names) {
    const at = findProgram(name);
    if (at) found[name] = at;
    else missing.push(`${name} (Debian package ${debianPackage})`);
  }
  if (missing.length === 0) return found;
  const reason = `not installed: ${missing.join(', ')}`;
  if (process.env.PUENTE_REQUIRE_SERVICES === '1')
    throw new Error(`${reason} (required: PUENTE_REQUIRE_SERVICES=1; .ci/run installs them)`);
  process.stderr.write(`  [skipped] ${reason}\n`);
  ctx.skip();
}
