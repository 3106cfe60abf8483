/** In-process Puente servers on the run's test store, and spawned ones for process-level tests. */
import { loadConfig, type Config } from '../../server/platform/config/env.js';
import { createLogger } from '../../server/platform/config/logger.js';
import { startServer, type PuenteServer } from '../../server/server.js';
import type { Instance } from '../../server/platform/instance.js';
import { resetDatabase, testStore, testStoreStarted } from './testStore.js';
import { TEST_AUDIT_KEY } from './auditKey.js';

export { REPO_ROOT } from './spawnServer.js';

/** A test config: silent logs, random port, overrides on top. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    JOBS_ENABLED: 'false',
    // Suites sign in many times from 127.0.0.1; the limiter has its own test with a low limit.
    LOGIN_RATE_LIMIT_PER_15_MIN: '100000',
    CSRF_RATE_LIMIT_PER_15_MIN: '100000',
    // Suites add many updates as one user; alertLimits.test.ts tests the limit with a low one.
    ALERT_UPDATES_PER_10_MIN: '100000',
    // Likewise; alertGrowth.test.ts tests these limits with low ones.
    ALERT_STATUS_CHANGES_PER_10_MIN: '100000',
    PHOTO_UPLOADS_PER_10_MIN: '100000',
    // protectedHits.test.ts tests the search limit with a low one.
    SEARCHES_PER_10_MIN: '100000',
    // The run's audit key, shared with spawned servers and CLI runs (auditKey.ts).
    AUDIT_KEY: TEST_AUDIT_KEY,
    // The run's test database: an in-process server opens a connection of its own to it.
    ...(testStoreStarted() ? { MONGODB_DB: testStore().dbName } : {}),
    ...overrides,
  });
}

/** Starts a full server (HTTP + Socket.IO) in this process on the shared test store (on `instance`, if given). */
export async function startTestServer(overrides: Record<string, string> = {}, opts: { instance?: Instance } = {}): Promise<PuenteServer> {
  const config = testConfig(overrides);
  return startServer(config, createLogger(config.logLevel), { store: testStore().store, ...opts });
}

/**
 * A suite's own server on an emptied test store: call it in a `describe` and it registers the
 * suite's `before` (empty the store, start the server) and `after` (stop it). The server's address
 * is `url` once the suite's tests run; `before` hooks registered after the call run after the start.
 */
export function suiteServer(overrides: Record<string, string> = {}): { readonly url: string; readonly instance: Instance } {
  let running: PuenteServer | null = null;
  before(async () => {
    await resetDatabase();
    running = await startTestServer(overrides);
  });
  after(async () => {
    await running?.stop();
    running = null;
  });
  return {
    get url() {
      if (!running) throw new Error('the suite server starts in the suite’s before()');
      return running.url;
    },
    get instance() {
      if (!running) throw new Error('the suite server starts in the suite’s before()');
      return running.instance;
    },
  };
}

export { spawnServer, type SpawnedServer } from './spawnServer.js';
