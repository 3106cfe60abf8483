/** A redis-server of a suite's own on a free port, which it may stop and start again (never the shared one at 6379). */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from './ports.js';

export class PrivateRedis {
  private child: ChildProcess | null = null;

  private constructor(
    readonly port: number,
    /** A configuration file redis-server reads first (the port, address and persistence given here win). */
    private readonly configFile: string | null,
    private readonly password: string | null,
  ) {}

  /** `config`: writes a configuration file for the port chosen and returns its path (and the
   * password it sets, if any), e.g. deploy/redis's template rendered. */
  static async start(config?: (port: number) => Promise<{ file: string; password?: string }>): Promise<PrivateRedis> {
    const port = await freePort();
    const made = config ? await config(port) : null;
    const redis = new PrivateRedis(port, made?.file ?? null, made?.password ?? null);
    await redis.restart();
    return redis;
  }

  get url(): string {
    return this.password ? `redis://:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}` : `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (again) on the same port; resolves once it accepts connections. */
  async restart(): Promise<void> {
    if (this.child) throw new Error('redis is running');
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn('redis-server', this.configFile ? [this.configFile, ...args] : args, { stdio: 'ignore' });
    this.child = child;
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${this.port}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops it (SIGTERM) and waits for its exit. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
