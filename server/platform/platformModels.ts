/** The platform component's models (audit trail, backups, job leases, counters and the deployment mark) on one store connection: each instance registers its own (issue 27). */
import type { Connection } from 'mongoose';
import { auditEventModel } from './auditTrail/AuditEvent.js';
import { backupRecordModel } from './backup/backupRecords.js';
import { leaseModel } from './jobs/lease.js';
import { counterModel } from './models/Counter.js';
import { deploymentMarkModel } from './models/DeploymentMark.js';

export function platformModels(connection: Connection) {
  return {
    AuditEvent: auditEventModel(connection),
    BackupRecord: backupRecordModel(connection),
    Lease: leaseModel(connection),
    Counter: counterModel(connection),
    DeploymentMark: deploymentMarkModel(connection),
  };
}
export type PlatformModels = ReturnType<typeof platformModels>;
