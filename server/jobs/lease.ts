/**
 * A lease per job name in the store: one atomic primary-key update decides which process
 * runs a job this period, so jobs stay safe with several processes running.
 */
import { randomUUID } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import { op } from '../store/mongoose.js';

interface LeaseDoc {
  _id: string;
  holder: string;
  until: Date;
}

const leaseSchema = new Schema<LeaseDoc>({ _id: String, holder: String, until: Date }, { versionKey: false });
export const Lease = mongoose.model<LeaseDoc>('Lease', leaseSchema, 'leases');

/** This process's identity as a lease holder. */
export const PROCESS_ID = randomUUID();

/** Takes the lease for `ttlMs` if free or expired; true when this process holds it. */
export async function acquireLease(name: string, ttlMs: number, now = Date.now()): Promise<boolean> {
  const until = new Date(now + ttlMs);
  try {
    const res = await Lease.updateOne(
      { _id: name, $or: op([{ until: op({ $lte: new Date(now) }) }, { holder: PROCESS_ID }]) },
      { $set: { holder: PROCESS_ID, until } },
      { upsert: true },
    );
    return res.modifiedCount + res.upsertedCount > 0;
  } catch (err) {
    // The upsert lost a race with another process that inserted the lease first.
    if ((err as { code?: number }).code === 11000) return false;
    throw err;
  }
}

/** Runs `fn` only if this process wins the lease for this period. */
export async function withLease<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<{ ran: boolean; value?: T }> {
  if (!(await acquireLease(name, Math.max(1000, ttlMs - 1000)))) return { ran: false };
  return { ran: true, value: await fn() };
}
