/** Builds a Puente's instance (platform/instance.ts): what createPuente wires, or a command line tool uses bare. */
import { AlertCopy, alertKeys, createAlertChangeLog } from './alerts/index.js';
import { DomainEvents } from './platform/domainEvents.js';
import { Metrics } from './platform/http/metrics.js';
import type { Instance } from './platform/instance.js';

export interface InstanceSettings {
  /** DATA_ENCRYPTION_KEY: what its keys are derived from. */
  dataEncryptionKey: Buffer;
}

/** A new instance with nothing wired or loaded yet. */
export function createInstance(settings: InstanceSettings): Instance {
  const alertChangeLog = createAlertChangeLog();
  return {
    events: new DomainEvents(),
    metrics: new Metrics(),
    alertChangeLog,
    alertCopy: new AlertCopy(alertChangeLog),
    alertKeys: alertKeys(settings.dataEncryptionKey),
  };
}
