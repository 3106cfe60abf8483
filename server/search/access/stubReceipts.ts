/**
 * Which stubs each user received from search, so access requests reveal nothing about alerts
 * the requester never found (issue #10 item 5). A receipt lasts STUB_RECEIPT_DAYS from the
 * latest search that returned the stub.
 */
import { DAY_MS } from '../../../shared/time.js';
import { op } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

export const STUB_RECEIPT_DAYS = 7;

const receiptId = (userId: string, alertId: string) => `${userId}:${alertId}`;

/** Records that `userId` was handed a stub of each of `alertIds`. */
export async function recordStubReceipts(instance: Instance, userId: string, alertIds: string[], now = Date.now()): Promise<void> {
  const { StubReceipt } = instance.models.search;
  const expiresAt = new Date(now + STUB_RECEIPT_DAYS * DAY_MS);
  for (const alertId of new Set(alertIds)) {
    await StubReceipt.updateOne({ _id: receiptId(userId, alertId) }, { $set: { userId, alertId, expiresAt } }, { upsert: true });
  }
}

/** Whether `userId` holds an unexpired receipt for `alertId`. */
export async function holdsStubReceipt(instance: Instance, userId: string, alertId: string, now = Date.now()): Promise<boolean> {
  const { StubReceipt } = instance.models.search;
  const receipt = await StubReceipt.findById(receiptId(userId, alertId)).lean();
  return !!receipt && receipt.expiresAt.getTime() > now;
}

/** Deletes expired receipts (run by the scheduler with the other purges). */
export async function purgeExpiredStubReceipts(instance: Instance, now = Date.now()): Promise<number> {
  const { StubReceipt } = instance.models.search;
  const res = await StubReceipt.deleteMany({ expiresAt: op({ $lte: new Date(now) }) });
  return res.deletedCount ?? 0;
}
