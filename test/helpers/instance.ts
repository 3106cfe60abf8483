/** A Puente instance keyed as every test server is (DATA_ENCRYPTION_KEY's default outside production), for tests that call the services directly. */
import { alertKeys } from '../../server/alerts/alertKeys.js';
import mongoose from 'mongoose';
import { createInstance } from '../../server/instance.js';
import { loadConfig } from '../../server/platform/config/env.js';
import type { Instance } from '../../server/platform/instance.js';

const testSettings = () => ({ dataEncryptionKey: loadConfig({ NODE_ENV: 'test' }).dataEncryptionKey });

/** A bare instance: nothing wired, its copy not loaded. */
export function testInstance(): Instance {
  return createInstance(testSettings());
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
  return (shared ??= createInstance(testSettings(), mongoose.connection));
}

/** A new instance (its own event bus, alert copy and keys' holders) on the test store's connection, as a second Puente on the same store. */
export function instanceOnTestStore(): Instance {
  return createInstance(testSettings(), mongoose.connection);
}
