/**
 * The single way an existing alert is changed: under the alert's write lock (the embedded
 * store does not isolate concurrent updates of one document), read the current state, let the
 * caller compute the update (or refuse), apply it, and log the change so `alerts:since`
 * and live events carry its cursor.
 */
import type { UpdateQuery } from 'mongoose';
import { ApiError } from '../../http/apiError.js';
import { Alert, type AlertDoc } from '../../models/Alert.js';
import type { AlertChangeDoc } from '../../models/AlertChange.js';
import { withDocLock } from '../../store/docLock.js';
import { logAlertChange } from './alertChanges.js';

export const alertLockKey = (id: string) => `alert:${id}`;

/**
 * Applies `compute(current)` to the alert. Returns the alert after the change, with `changeSeq`
 * set to this change's cursor. `compute` may throw (e.g. version_conflict) to refuse.
 */
export function mutateAlert(
  id: string,
  change: AlertChangeDoc['change'],
  compute: (current: AlertDoc) => UpdateQuery<AlertDoc>,
): Promise<AlertDoc> {
  return withDocLock(alertLockKey(id), async () => {
    const current = await Alert.findById(id).lean<AlertDoc>();
    if (!current) throw new ApiError('not_found');
    const update = compute(current);
    await Alert.updateOne({ _id: id }, update);
    const seq = await logAlertChange(id, change);
    await Alert.updateOne({ _id: id }, { $set: { changeSeq: seq } });
    const updated = await Alert.findById(id).lean<AlertDoc>();
    if (!updated) throw new ApiError('not_found');
    return updated;
  });
}

/**
 * A versioned edit: refused with 409 unless the alert is still at `expectedVersion`. `update` may
 * be computed from the current state under the lock (e.g. photo links, which photo uploads change
 * without a version).
 */
export function commitVersioned(
  id: string,
  expectedVersion: number,
  update: UpdateQuery<AlertDoc> | ((current: AlertDoc) => UpdateQuery<AlertDoc>),
): Promise<AlertDoc> {
  return mutateAlert(id, 'changed', (current) => {
    if (current.version !== expectedVersion) throw new ApiError('version_conflict');
    const computed = typeof update === 'function' ? update(current) : update;
    return { ...computed, $set: { ...(computed.$set ?? {}), version: expectedVersion + 1 } };
  });
}
