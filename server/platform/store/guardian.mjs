// @ts-check
/**
 * Runs the store process and ties its life to Puente's: the parent holds our stdin open,
 * and the kernel closes it when the parent exits in any way (even SIGKILL). On EOF we stop
 * the store, so no orphaned `ferretdb` is ever left behind. The store runs with umask 077.
 * Usage: node guardian.mjs <binary> [args...]
 */
import { spawn } from 'node:child_process';

const [binary, ...args] = process.argv.slice(2);
if (!binary) {
  process.stderr.write('guardian: no binary given\n');
  process.exit(2);
}

// The store's files (SQLite databases, their journals, its socket) for our OS user only: 0600.
process.umask(0o077);
const child = spawn(binary, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop() {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  // A store that ignores SIGTERM is killed after a grace period.
  setTimeout(() => child.kill('SIGKILL'), 5000).unref();
}

child.on('error', (err) => {
  process.stderr.write(`guardian: cannot start ${binary}: ${err.message}\n`);
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const sig of /** @type {const} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) process.on(sig, stop);
