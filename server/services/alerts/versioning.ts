/**
 * Optimistic concurrency for alert edits without a scanning filter: moving an alert from
 * version v to v+1 first inserts the claim `<alertId>:<v+1>` (unique `_id`), so exactly one
 * writer wins each version. A claim left by a process that died before its write is taken
 * over once it is older than STALE_CLAIM_MS.
 */
import mongoose, { type UpdateQuery } from 'mongoose';
import { ApiError } from '../../http/apiError.js';
import { Alert, type AlertDoc } from '../../models/Alert.js';

const STALE_CLAIM_MS = 30_000;

interface ClaimDoc {
  _id: string;
  at: Date;
}
const claims = () => mongoose.connection.collection<ClaimDoc>('alertversionclaims');

async function claim(alertId: string, version: number): Promise<boolean> {
  try {
    await claims().insertOne({ _id: `${alertId}:${version}`, at: new Date() });
    return true;
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

/** Applies `update` if the alert is still at `expectedVersion`; else 409 version_conflict. */
export async function commitVersioned(alertId: string, expectedVersion: number, update: UpdateQuery<AlertDoc>): Promise<AlertDoc> {
  const next = expectedVersion + 1;
  let won = await claim(alertId, next);
  if (!won) {
    const existing = await claims().findOne({ _id: `${alertId}:${next}` });
    const current = await Alert.findById(alertId, { version: 1 }).lean<Pick<AlertDoc, 'version'>>();
    if (existing && current?.version === expectedVersion && Date.now() - existing.at.getTime() > STALE_CLAIM_MS) {
      await claims().deleteOne({ _id: `${alertId}:${next}` });
      won = await claim(alertId, next);
    }
  }
  if (!won) throw new ApiError('version_conflict');
  const current = await Alert.findById(alertId, { version: 1 }).lean<Pick<AlertDoc, 'version'>>();
  if (!current) throw new ApiError('not_found');
  if (current.version !== expectedVersion) throw new ApiError('version_conflict');
  const updated = await Alert.findByIdAndUpdate(
    alertId,
    { ...update, $set: { ...(update.$set ?? {}), version: next } },
    { returnDocument: 'after' },
  ).lean<AlertDoc>();
  if (!updated) throw new ApiError('not_found');
  return updated;
}
