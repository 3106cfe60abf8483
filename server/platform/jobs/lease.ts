/**
 * One run per job per period across all processes: the run inserts `<job>:<period>` (a unique
 * `_id`, the one operation the embedded store applies atomically); only the process whose insert
 * succeeds does the work. Old period records are removed by the runner itself.
 */
import { type Connection, Schema } from 'mongoose';
import { fencedWrites, isDuplicateKeyError, modelOn, op } from '../store/index.js';
import type { Instance } from '../instance.js';

interface LeaseDoc {
  _id: string;
  job: string;
  at: Date;
}

const leaseSchema = new Schema<LeaseDoc>({ _id: String, job: String, at: Date }, { versionKey: false });
// Removing a job's old period records.
leaseSchema.index({ job: 1, at: 1 });
leaseSchema.plugin(fencedWrites);
export const leaseModel = (connection: Connection) =>
  modelOn(connection, 'Lease', () => connection.model<LeaseDoc>('Lease', leaseSchema, 'leases'));

/** True when this process won the run of `job` for the period containing `now`. */
export async function acquireLease(instance: Instance, job: string, periodMs: number, now = Date.now()): Promise<boolean> {
  const { Lease } = instance.models.platform;
  const period = Math.floor(now / periodMs);
  try {
    await Lease.collection.insertOne({ _id: `${job}:${period}`, job, at: new Date(now) } as never);
    return true;
  } catch (err) {
    if (isDuplicateKeyError(err)) return false;
    throw err;
  }
}

/** Runs `fn` only if this process wins this period's run of `job`. */
export async function withLease<T>(
  instance: Instance,
  job: string,
  periodMs: number,
  fn: () => Promise<T>,
): Promise<{ ran: boolean; value?: T }> {
  const { Lease } = instance.models.platform;
  if (!(await acquireLease(instance, job, periodMs))) return { ran: false };
  await Lease.deleteMany({ job, at: op({ $lt: new Date(Date.now() - 10 * periodMs) }) });
  return { ran: true, value: await fn() };
}
