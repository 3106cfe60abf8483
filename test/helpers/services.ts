/**
 * Optional local services (Redis, PostgreSQL). A test that needs one skips with a visible
 * reason when it is absent — unless PUENTE_REQUIRE_SERVICES=1 (set by .ci/run), which turns
 * that skip into a failure so CI always runs them.
 */
import net from 'node:net';

export const REDIS_URL = process.env.PUENTE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.PUENTE_TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Call in before(): skips the suite (or fails under PUENTE_REQUIRE_SERVICES=1) when the service is down. */
export async function requireService(ctx: Mocha.Context, name: 'redis' | 'postgresql'): Promise<void> {
  const url = new URL(name === 'redis' ? REDIS_URL : POSTGRES_URL);
  const port = Number(url.port || (name === 'redis' ? 6379 : 5432));
  if (await reachable(url.hostname, port)) return;
  const reason = `${name} is not reachable at ${url.hostname}:${port}`;
  if (process.env.PUENTE_REQUIRE_SERVICES === '1') throw new Error(`${reason} (required: PUENTE_REQUIRE_SERVICES=1)`);
  process.stderr.write(`  [skipped] ${reason}\n`);
  ctx.skip();
}
