/**
 * Debian's nginx run by a test: in the foreground, with everything (pid, logs, temporary files) in
 * the test's directory, and a site file included as /etc/nginx/nginx.conf's `http` block includes
 * sites-enabled/ (the main file here is the test's; the site file is what deploy/ ships).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export class Nginx {
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly dir: string,
    private readonly exited: Promise<void>,
  ) {
    const keep = (d: Buffer) => (this.log = (this.log + d.toString()).slice(-8000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Writes the main configuration, checks it (`nginx -t`), starts nginx and waits until `port` accepts. */
  static async start(binary: string, dir: string, siteFile: string, port: number): Promise<Nginx> {
    const temp = path.join(dir, 'temp');
    await fs.mkdir(temp, { recursive: true });
    // Run as root (CI), nginx's workers run as nobody and must reach the temporary files.
    await fs.chmod(dir, 0o755);
    const conf = path.join(dir, 'nginx.conf');
    await fs.writeFile(
      conf,
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${path.join(dir, 'nginx.pid')};`,
        `error_log ${path.join(dir, 'error.log')} warn;`,
        'events { worker_connections 1024; }',
        'http {',
        '    default_type application/octet-stream;',
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t}_temp_path ${path.join(temp, t)};`),
        `    include ${siteFile};`,
        '}',
        '',
      ].join('\n'),
    );
    const args = ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')];
    const check = spawnSync(binary, ['-t', ...args], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}`);
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const nginx = new Nginx(child, dir, exited);
    const deadline = Date.now() + 20_000;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`nginx did not start:\n${nginx.log}\n${await fs.readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return nginx;
  }

  /** nginx's error log (a test failure prints it). */
  errorLog(): Promise<string> {
    return fs.readFile(path.join(this.dir, 'error.log'), 'utf8').catch(() => '');
  }

  /** Fast shutdown (SIGTERM), waiting for the exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
