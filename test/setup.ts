/** Mocha root hooks: one throwaway store per run, emptied before every suite that asks. */
import { useAuditKeys } from '../server/platform/auditTrail/auditTrail.js';
import { auditKeyring } from '../server/platform/auditTrail/auditKeys.js';
import { TEST_AUDIT_KEY } from './helpers/auditKey.js';
import { startTestStore, stopTestStore } from './helpers/testStore.js';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(10 * 60_000); // the first run may build FerretDB
    // What createPuente does for a server, for the services tests call directly: the audit key
    // every test server and CLI run is given (helpers/auditKey.ts).
    useAuditKeys(auditKeyring(Buffer.from(TEST_AUDIT_KEY, 'base64')));
    await startTestStore();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopTestStore();
  },
};
