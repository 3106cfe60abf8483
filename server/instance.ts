/** Builds a Puente's instance (platform/instance.ts): what createPuente wires, or a command line tool uses bare. */
import mongoose, { type Connection } from 'mongoose';
import { AlertCopy, alertKeys, alertsModels, createAlertChangeLog, ReferenceClaims } from './alerts/index.js';
import { directoryModels } from './directory/index.js';
import { identityModels } from './identity/index.js';
import { notificationsModels } from './notifications/index.js';
import { privacyModels } from './privacy/index.js';
import { searchModels } from './search/index.js';
import { platformModels } from './platform/platformModels.js';
import { Store } from './platform/store/index.js';
import { AuditKeys, createAuditTrailLog } from './platform/auditTrail/auditTrail.js';
import { DomainEvents } from './platform/domainEvents.js';
import { Metrics } from './platform/http/metrics.js';
import type { Instance, StoreModels } from './platform/instance.js';

export interface InstanceSettings {
  /** DATA_ENCRYPTION_KEY: what its keys are derived from. */
  dataEncryptionKey: Buffer;
}

/**
 * A new instance with nothing wired or loaded yet. Its store connection is its own and not opened
 * (createPuente or withStore opens it); `connection` gives it one already made (tests: the one their
 * own reads and writes go through).
 */
export function createInstance(settings: InstanceSettings, connection: Connection = mongoose.createConnection()): Instance {
  const store = new Store(connection);
  const models = storeModels(store.connection);
  const alertChangeLog = createAlertChangeLog(store);
  return {
    store,
    models,
    auditTrail: createAuditTrailLog(store),
    auditKeys: new AuditKeys(),
    events: new DomainEvents(),
    metrics: new Metrics(),
    alertChangeLog,
    alertCopy: new AlertCopy(alertChangeLog, models.alerts.Alert),
    alertKeys: alertKeys(settings.dataEncryptionKey),
    alertReferences: new ReferenceClaims(),
  };
}

/** Every component's models on `connection`; registering them again on the same connection returns the same models. */
export function storeModels(connection: Connection): StoreModels {
  return {
    platform: platformModels(connection),
    identity: identityModels(connection),
    directory: directoryModels(connection),
    alerts: alertsModels(connection),
    search: searchModels(connection),
    notifications: notificationsModels(connection),
    privacy: privacyModels(connection),
  };
}
