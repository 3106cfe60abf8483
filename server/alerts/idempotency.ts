/**
 * `Idempotency-Key` handling for new alerts.
 *
 * The claim names, when it is first written, the id the alert will be stored under. The alert's
 * own insert is then the idempotent step: an `_id` can be inserted once (the one write FerretDB
 * makes atomic, docs/store-concurrency.md). Whatever point a request died at — before its insert,
 * after it, before its claim recorded the result — a retry with the same key and body inserts under
 * that same id: it stores the alert if nobody did, or finds it stored and answers it. No claim ever
 * waits for, or is given up by, a request that may be dead.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DomainError } from '../platform/errors.js';
import { type IdempotencyDoc } from './IdempotencyRecord.js';
import { isDuplicateKeyError, op } from '../platform/store/index.js';
import { canonicalJson } from '../platform/auditTrail/canonical.js';
import type { Instance } from '../platform/instance.js';

/** A claim written by an earlier version names no alert id; after this long its request is over. */
const LEGACY_CLAIM_MS = 15_000;
/** Claims are kept this long (a phone's outbox retries within hours, not days). */
export const IDEMPOTENCY_KEEP_MS = 7 * 24 * 60 * 60_000;

export type IdempotentOutcome =
  /** Insert the alert under `alertId` (a retry may find it already stored), then `finish()`.
   * `finishedWithin(ms)`: whether another attempt finishes the claim within `ms` (polled). */
  | { kind: 'insert'; alertId: string; finish: () => Promise<void>; finishedWithin: (ms: number) => Promise<boolean> }
  | { kind: 'replay'; resultId: string };

/** How often a retry looks whether the attempt it found stored has finished its claim. */
const FINISH_POLL_MS = 100;

/**
 * Claims `key` for this user and body, proposing `proposedAlertId` for the alert. A retry learns
 * the id the first attempt proposed (to insert under it) or, once recorded, the stored result.
 */
export async function claimIdempotencyKey(
  instance: Instance,
  userId: string,
  key: string,
  body: unknown,
  proposedAlertId: string,
): Promise<IdempotentOutcome> {
  const { IdempotencyRecord } = instance.models.alerts;
  const id = createHash('sha256').update(`${userId}\u0000${key}`).digest('hex');
  const bodyHash = createHash('sha256').update(canonicalJson(body)).digest('hex');
  const insertUnder = (alertId: string): IdempotentOutcome => ({
    kind: 'insert',
    alertId,
    finish: async () => void (await IdempotencyRecord.updateOne({ _id: id }, { $set: { resultId: alertId } })),
    finishedWithin: async (ms) => {
      // Measured on this process's own clock: how long this retry waits, not how old the claim is.
      const until = performance.now() + ms;
      for (;;) {
        if ((await IdempotencyRecord.findById(id, { resultId: 1 }).lean<Pick<IdempotencyDoc, 'resultId'>>())?.resultId) return true;
        if (performance.now() >= until) return false;
        await new Promise((r) => setTimeout(r, FINISH_POLL_MS));
      }
    },
  });
  for (;;) {
    try {
      await IdempotencyRecord.create({ _id: id, bodyHash, alertId: proposedAlertId, resultId: null, createdAt: new Date() });
      return insertUnder(proposedAlertId);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    const existing = await IdempotencyRecord.findById(id).lean<IdempotencyDoc>();
    if (!existing) continue; // purged meanwhile: claim it afresh
    if (existing.bodyHash !== bodyHash) {
      throw new DomainError('conflict', 'idempotency key reused', [
        { path: 'Idempotency-Key', message: 'already used for a different request' },
      ]);
    }
    if (existing.resultId) return { kind: 'replay', resultId: existing.resultId };
    if (existing.alertId) return insertUnder(existing.alertId);
    // An earlier version's claim, without the alert's id: wait for its request, then replace it.
    if (Date.now() - existing.createdAt.getTime() < LEGACY_CLAIM_MS) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    await IdempotencyRecord.deleteOne({ _id: id, resultId: null });
  }
}

/** Deletes claims older than `olderThanMs`; returns how many. */
export async function purgeIdempotencyRecords(instance: Instance, olderThanMs = IDEMPOTENCY_KEEP_MS, now = Date.now()): Promise<number> {
  const { IdempotencyRecord } = instance.models.alerts;
  const res = await IdempotencyRecord.deleteMany({ createdAt: op({ $lt: new Date(now - olderThanMs) }) });
  return res.deletedCount;
}
