/**
 * The single way an existing alert is changed: under the alert's write lock (the embedded
 * store does not isolate concurrent updates of one document), read the current state, let the
 * caller compute the update (or refuse, or find nothing to change), log the change, and store
 * the update together with the change's position (`changeSeq`) in one write.
 *
 * Order: log first, then write. A follower of the log that reads the alert before the write has
 * landed sees `changeSeq` below the entry and treats the entry as pending (alertChanges.ts); if the
 * write never lands (store error, crash) the alert simply keeps its previous state and position.
 */
import type { UpdateQuery } from 'mongoose';
import { DomainError } from '../platform/errors.js';
import { type AlertDoc } from './Alert.js';
import type { AlertChangeDoc } from './changeLog/AlertChange.js';
import { commitWrite, withDocLock } from '../platform/store/index.js';
import { changeReadable, logAlertChange } from './changeLog/alertChanges.js';
import { isPurged } from './alert.policy.js';
import type { Instance } from '../platform/instance.js';

export interface MutateOptions {
  /** Whether the change may apply to an alert whose personal data was purged (retention): only
   * changes that take something away (access lapsing) or the purge itself. Else 409 alert_purged. */
  onPurged?: 'refuse' | 'apply';
}

export const alertLockKey = (id: string) => `alert:${id}`;

/**
 * Applies `compute(current)` to the alert and returns it after the change, its `changeSeq` being
 * this change's cursor. `compute` may throw (e.g. version_conflict) to refuse, or return `null`
 * when there is nothing to change: then nothing is written or logged and the current alert is
 * returned as it is. A purged alert refuses the change (409 alert_purged) unless `options` lets it
 * apply. Resolves once every process can read the change (the log's head has passed it).
 */
export async function mutateAlert(
  instance: Instance,
  id: string,
  change: AlertChangeDoc['change'],
  compute: (current: AlertDoc) => UpdateQuery<AlertDoc> | null,
  options: MutateOptions = {},
): Promise<AlertDoc> {
  const { Alert } = instance.models.alerts;
  const alert = await withDocLock(instance.store, alertLockKey(id), async () => {
    const current = await Alert.findById(id).lean<AlertDoc>();
    if (!current) throw new DomainError('not_found');
    // Checked under the lock: a write that read the alert before its purge does not bring data back.
    if (isPurged(current) && options.onPurged !== 'apply') throw new DomainError('alert_purged');
    const update = compute(current);
    if (!update) return current;
    const changeSeq = await logAlertChange(instance, id, change, current);
    // The point of no return: a request already answered 503 (past its deadline) changes nothing.
    commitWrite();
    const updated = await Alert.findOneAndUpdate(
      { _id: id },
      { ...update, $set: { ...(update.$set ?? {}), changeSeq } },
      { returnDocument: 'after' },
    ).lean<AlertDoc>();
    if (!updated) throw new DomainError('not_found');
    instance.events.emit('alert.stored', { alert: updated });
    return updated;
  });
  // The caller announces the change: not before other processes can read it from the log (waited
  // for outside the lock, which the next change of this alert does not need to wait for).
  await changeReadable(instance, alert.changeSeq);
  return alert;
}

/**
 * A versioned edit: refused with 409 unless the alert is still at `expectedVersion`. `update` may
 * be computed from the current state under the lock (e.g. photo links, which photo uploads change
 * without a version).
 */
export function commitVersioned(
  instance: Instance,
  id: string,
  expectedVersion: number,
  update: UpdateQuery<AlertDoc> | ((current: AlertDoc) => UpdateQuery<AlertDoc>),
): Promise<AlertDoc> {
  return mutateAlert(instance, id, 'changed', (current) => {
    if (current.version !== expectedVersion) throw new DomainError('version_conflict');
    const computed = typeof update === 'function' ? update(current) : update;
    return { ...computed, $set: { ...(computed.$set ?? {}), version: expectedVersion + 1 } };
  });
}
