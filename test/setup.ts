/** Mocha root hooks: one throwaway store per run, emptied before every suite that asks. */
import { useAlertKeys } from '../server/alerts/alertKeys.js';
import { loadConfig } from '../server/platform/config/env.js';
import { useAuditKeys } from '../server/platform/auditTrail/auditTrail.js';
import { auditKeyring } from '../server/platform/auditTrail/auditKeys.js';
import { TEST_AUDIT_KEY } from './helpers/auditKey.js';
import { startTestStore, stopTestStore } from './helpers/testStore.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(10 * 60_000); // the first run may build FerretDB
    // What createPuente does for a server, for the services tests call directly: the key that
    // testConfig() and spawned test servers derive from (DATA_ENCRYPTION_KEY's default outside production).
    useAlertKeys(loadConfig({ NODE_ENV: 'test' }).dataEncryptionKey);
    // Likewise the audit key every test server and CLI run is given (helpers/auditKey.ts).
    useAuditKeys(auditKeyring(Buffer.from(TEST_AUDIT_KEY, 'base64')));
    await startTestStore();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopTestStore();
  },
};
