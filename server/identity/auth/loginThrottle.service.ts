import { op, withDocLock } from '../../platform/store/index.js';
import { tokenDigest } from '../../platform/crypto/tokens.js';
import type { Instance } from '../../platform/instance.js';

export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

export interface LockState {
  locked: boolean;
  /** Seconds until the lock ends (0 when not locked). */
  retryAfterSec: number;
}

const keyFor = (email: string) => tokenDigest(`login:${email.trim().toLowerCase()}`);

function stateOf(lockedUntil: Date | null | undefined, now: number): LockState {
  const until = lockedUntil?.getTime() ?? 0;
  return until > now ? { locked: true, retryAfterSec: Math.ceil((until - now) / 1000) } : { locked: false, retryAfterSec: 0 };
}

/** Whether the email is locked now. */
export async function lockState(instance: Instance, email: string, now = Date.now()): Promise<LockState> {
  const { LoginThrottle } = instance.models.identity;
  const doc = await LoginThrottle.findById(keyFor(email)).lean();
  return stateOf(doc?.lockedUntil, now);
}

/** Records one failure; locks when the window holds `threshold` failures. Returns the new state. */
export function recordFailure(
  instance: Instance,
  email: string,
  policy: LockoutPolicy,
  now = Date.now(),
): Promise<LockState & { justLocked: boolean }> {
  // Parallel guesses must each count: the read-modify-write runs under the email's lock.
  return withDocLock(instance.store, `throttle:${keyFor(email)}`, () => recordFailureLocked(instance, email, policy, now));
}

async function recordFailureLocked(
  instance: Instance,
  email: string,
  policy: LockoutPolicy,
  now: number,
): Promise<LockState & { justLocked: boolean }> {
  const { LoginThrottle } = instance.models.identity;
  const windowStart = new Date(now - policy.minutes * 60_000);
  const doc = await LoginThrottle.findByIdAndUpdate(
    keyFor(email),
    { $push: { failures: { $each: [new Date(now)], $slice: -policy.threshold * 2 } } },
    { upsert: true, returnDocument: 'after', lean: true },
  );
  const recent = (doc?.failures ?? []).filter((d) => d > windowStart).length;
  const wasLocked = stateOf(doc?.lockedUntil, now).locked;
  if (!wasLocked && recent >= policy.threshold) {
    const lockedUntil = new Date(now + policy.minutes * 60_000);
    await LoginThrottle.updateOne({ _id: keyFor(email) }, { $set: { lockedUntil, failures: [] } });
    return { ...stateOf(lockedUntil, now), justLocked: true };
  }
  return { ...stateOf(doc?.lockedUntil, now), justLocked: false };
}

/** Forgets failures and lifts a lock (successful sign-in, or an administrator's unlock). */
export async function clearFailures(instance: Instance, email: string): Promise<void> {
  const { LoginThrottle } = instance.models.identity;
  await LoginThrottle.deleteOne({ _id: keyFor(email) });
}

/**
 * Removes the throttle records that no longer count: no lock in force and no failure within the
 * window (`minutes`, LOCKOUT_MINUTES). Each is checked again and removed under its email's lock, so
 * a failure recorded meanwhile is never lost. Returns how many were removed.
 */
export async function purgeStaleLoginThrottles(instance: Instance, minutes: number, now = Date.now()): Promise<number> {
  const { LoginThrottle } = instance.models.identity;
  const windowStart = now - minutes * 60_000;
  const stale = (d: { failures?: Date[]; lockedUntil?: Date | null }) =>
    (d.lockedUntil?.getTime() ?? 0) <= now && (d.failures ?? []).every((f) => f.getTime() <= windowStart);
  // Only records that can be stale are read: the lock has ended (or there is none).
  const candidates = await LoginThrottle.find(
    { $or: [{ lockedUntil: null }, { lockedUntil: op({ $lte: new Date(now) }) }] },
    { _id: 1, failures: 1, lockedUntil: 1 },
  ).lean();
  let removed = 0;
  for (const c of candidates.filter(stale)) {
    const id = String(c._id);
    removed += await withDocLock(instance.store, `throttle:${id}`, async () => {
      const current = await LoginThrottle.findById(id).lean();
      if (!current || !stale(current)) return 0;
      return (await LoginThrottle.deleteOne({ _id: id })).deletedCount;
    });
  }
  return removed;
}

/** Lock states of many emails at once (one read): for account lists. */
export async function lockStates(instance: Instance, emails: readonly string[], now = Date.now()): Promise<Map<string, LockState>> {
  const { LoginThrottle } = instance.models.identity;
  const keys = new Map(emails.map((e) => [keyFor(e), e]));
  const docs = await LoginThrottle.find({ _id: op({ $in: [...keys.keys()] }) }, { lockedUntil: 1 }).lean();
  const states = new Map(emails.map((e) => [e, stateOf(null, now)]));
  for (const d of docs) {
    const e = keys.get(String(d._id));
    if (e !== undefined) states.set(e, stateOf(d.lockedUntil, now));
  }
  return states;
}
