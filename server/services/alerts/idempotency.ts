/** `Idempotency-Key` handling: the first request claims the key; retries get the first result. */
import { createHash } from 'node:crypto';
import { ApiError } from '../../http/apiError.js';
import { IdempotencyRecord } from '../../models/IdempotencyRecord.js';
import { canonicalJson } from '../audit/canonical.js';

const WAIT_MS = 15_000;

export type IdempotentOutcome =
  { kind: 'first'; finish: (resultId: string) => Promise<void>; abandon: () => Promise<void> } | { kind: 'replay'; resultId: string };

/** Claims `key` for this user and body; a replay returns the first result's id. */
export async function claimIdempotencyKey(userId: string, key: string, body: unknown): Promise<IdempotentOutcome> {
  const id = createHash('sha256').update(`${userId}\u0000${key}`).digest('hex');
  const bodyHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  try {
    await IdempotencyRecord.create({ _id: id, bodyHash, resultId: null, createdAt: new Date() });
    return {
      kind: 'first',
      finish: async (resultId) => void (await IdempotencyRecord.updateOne({ _id: id }, { $set: { resultId } })),
      abandon: async () => void (await IdempotencyRecord.deleteOne({ _id: id })),
    };
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const existing = await IdempotencyRecord.findById(id).lean();
    if (!existing) return claimIdempotencyKey(userId, key, body); // the first attempt failed and let go
    if (existing.bodyHash !== bodyHash) {
      throw new ApiError('conflict', 'idempotency key reused', [
        { path: 'Idempotency-Key', message: 'already used for a different request' },
      ]);
    }
    if (existing.resultId) return { kind: 'replay', resultId: existing.resultId };
    if (Date.now() > deadline)
      throw new ApiError('conflict', 'idempotent request still running', [
        { path: 'Idempotency-Key', message: 'the first request is still in progress' },
      ]);
    await new Promise((r) => setTimeout(r, 100));
  }
}
