/** Builds a Puente's instance (platform/instance.ts): what createPuente wires, or a command line tool uses bare. */
import mongoose, { type Connection } from 'mongoose';
import { AlertCopy, alertKeys, alertsModels, createAlertChangeLog } from './alerts/index.js';
import { directoryModels } from './directory/index.js';
import { identityModels } from './identity/index.js';
import { notificationsModels } from './notifications/index.js';
import { privacyModels } from './privacy/index.js';
import { searchModels } from './search/index.js';
import { platformModels } from './platform/platformModels.js';
import { Store } from './platform/store/index.js';
import { createAuditTrailLog } from './platform/auditTrail/auditTrail.js';
import { DomainEvents } from './platform/domainEvents.js';
import { Metrics } from './platform/http/metrics.js';
import type { Instance, StoreModels } from './platform/instance.js';

export interface InstanceSettings {
  /** DATA_ENCRYPTION_KEY: what its keys are derived from. */
  dataEncryptionKey: Buffer;
}

/** A new instance with nothing wired or loaded yet. */
export function createInstance(settings: InstanceSettings): Instance {
  // Still the process's default connection (connectMongoose): the next step of issue 27 gives each
  // instance a connection of its own (docs/architecture.md).
  const store = new Store(mongoose.connection);
  const models = storeModels(store.connection);
  const alertChangeLog = createAlertChangeLog(store);
  return {
    store,
    models,
    auditTrail: createAuditTrailLog(store),
    events: new DomainEvents(),
    metrics: new Metrics(),
    alertChangeLog,
    alertCopy: new AlertCopy(alertChangeLog, models.alerts.Alert),
    alertKeys: alertKeys(settings.dataEncryptionKey),
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
