/**
 * What one Puente owns beyond its configuration, built by createPuente (server.ts, with
 * server/instance.ts) and handed to each part that needs it, so that two Puentes in one process share
 * none of it (issue 27). Parts take it as their first argument, as they take an actor: it names which
 * Puente they work for.
 *
 * Still per process (docs/architecture.md, "The instance, and what is still per process"): Mongoose's
 * global query settings, the document-lock timing, pure caches and the test seams.
 */
import type { AlertChangeLog, AlertCopy, AlertKeys, AlertsModels, ReferenceClaims } from '../alerts/index.js';
import type { DirectoryModels } from '../directory/index.js';
import type { IdentityModels } from '../identity/index.js';
import type { NotificationsModels } from '../notifications/index.js';
import type { PrivacyModels } from '../privacy/index.js';
import type { SearchModels } from '../search/index.js';
import type { PlatformModels } from './platformModels.js';
import type { Store } from './store/index.js';
import type { AuditKeys, AuditTrailLog } from './auditTrail/auditTrail.js';
import type { DomainEvents } from './domainEvents.js';
import type { Metrics } from './http/metrics.js';

/** Each component's models, registered on this Puente's store connection. A component uses its own only. */
export interface StoreModels {
  readonly platform: PlatformModels;
  readonly identity: IdentityModels;
  readonly directory: DirectoryModels;
  readonly alerts: AlertsModels;
  readonly search: SearchModels;
  readonly notifications: NotificationsModels;
  readonly privacy: PrivacyModels;
}

export interface Instance {
  /** Its handle on the document store: the connection, and the door's state kept per connection (platform/store/store.ts). */
  readonly store: Store;
  /** Its handle on the audit trail (platform/auditTrail/auditTrail.ts): what it knows of the trail's head and its own appends. */
  readonly auditTrail: AuditTrailLog;
  /** The audit keys it appends and verifies with (useAuditKeys, at its start). */
  readonly auditKeys: AuditKeys;
  /** Its models, each component's on this Puente's store connection (server/instance.ts registers them). */
  readonly models: StoreModels;
  /** This Puente's event bus: services announce on it, its publishers and inbox listen on it. */
  readonly events: DomainEvents;
  /** Its metrics, served at its /metrics beside the process's own (platform/http/metrics.ts). */
  readonly metrics: Metrics;
  /** This Puente's in-memory copy of the alerts, which lists and searches read (alerts/copy/alertCopy.ts). */
  readonly alertCopy: AlertCopy;
  /** Its alert change log: what it knows of the log's head and its own appends (the entries are in the store). */
  readonly alertChangeLog: AlertChangeLog;
  /** The keys its alerts component signs catch-up cursors and digests link keys with (alerts/alertKeys.ts). */
  readonly alertKeys: AlertKeys;
  /** Its claims of alert references in progress, and its next number per counter (alerts/references.ts). */
  readonly alertReferences: ReferenceClaims;
}
