/**
 * Puente instances keyed as every test server is (DATA_ENCRYPTION_KEY's default outside production,
 * the run's AUDIT_KEY), for tests that call the services directly.
 */
import { alertKeys } from '../../server/alerts/alertKeys.js';
import mongoose from 'mongoose';
import { createInstance } from '../../server/instance.js';
import { loadConfig } from '../../server/platform/config/env.js';
import type { Instance } from '../../server/platform/instance.js';
import { useAuditKeys } from '../../server/platform/auditTrail/auditTrail.js';
import { auditKeyring } from '../../server/platform/auditTrail/auditKeys.js';
import { TEST_AUDIT_KEY } from './auditKey.js';

const testSettings = () => ({ dataEncryptionKey: loadConfig({ NODE_ENV: 'test' }).dataEncryptionKey });

/** A new instance on `connection` (its own, unopened, by default), given the run's audit key as createPuente gives a server its own. */
function keyedInstance(connection?: mongoose.Connection): Instance {
  const instance = createInstance(testSettings(), connection);
  useAuditKeys(instance, auditKeyring(Buffer.from(TEST_AUDIT_KEY, 'base64')));
  return instance;
}

/** A bare instance: nothing wired or opened, its copy not loaded. */
export function testInstance(): Instance {
  return keyedInstance();
}

/** The alert keys of every test server: cursors it signs decode with these. */
export const testAlertKeys = () => alertKeys(testSettings().dataEncryptionKey);

let shared: Instance | null = null;
/**
 * One instance on the test store's connection (Mongoose's default one, which test/helpers/testStore.ts
 * opens), for a test that calls a store function directly (seeding, reading back, a job run by
 * hand) or reads raw documents (test/helpers/models.ts). A test server has a connection of its own
 * to the same database.
 */
export function storeInstance(): Instance {
  return (shared ??= keyedInstance(mongoose.connection));
}

/** A new instance (its own event bus, alert copy and keys' holders) on the test store's connection, as a second Puente on the same store. */
export function instanceOnTestStore(): Instance {
  return keyedInstance(mongoose.connection);
}
