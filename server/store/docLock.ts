/**
 * Per-document write locks. FerretDB 1.24 on SQLite applies an update as read → modify →
 * write without isolation: concurrent updates of one document silently lose each other's
 * changes (even `$inc` and `$push`; see docs/store-concurrency.md and the probe test). Only
 * inserting a unique `_id` is atomic there. So every update of an existing document that may
 * race goes through withDocLock(): an in-process queue per key, plus a lock document whose
 * insert only one process can win. A lock left by a crashed process is taken over after
 * STALE_LOCK_MS. On MongoDB this costs one insert and one delete per write.
 */
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';

const STALE_LOCK_MS = 15_000;
/** A holder refreshes its lock this often, so long work (an index rebuild) is never taken over. */
const RENEW_MS = 5_000;
const WAIT_LIMIT_MS = 30_000;

interface LockDoc {
  _id: string;
  token: string;
  at: Date;
}
const locks = () => mongoose.connection.collection<LockDoc>('doclocks');

const local = new Map<string, Promise<unknown>>();

async function acquire(key: string): Promise<string> {
  const token = randomUUID();
  const deadline = Date.now() + WAIT_LIMIT_MS;
  let delay = 2;
  for (;;) {
    try {
      await locks().insertOne({ _id: key, token, at: new Date() });
      return token;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const held = await locks().findOne({ _id: key });
    if (held && Date.now() - held.at.getTime() > STALE_LOCK_MS) {
      await locks().deleteOne({ _id: key, token: held.token });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`lock ${key} not acquired within ${WAIT_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 50);
  }
}

async function release(key: string, token: string): Promise<void> {
  await locks().deleteOne({ _id: key, token });
}

/** Runs `fn` while holding the write lock `key` (e.g. `alert:<id>`), in this process and across processes. */
export function withDocLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = local.get(key) ?? Promise.resolve();
  const run = previous
    .catch(() => undefined)
    .then(async () => {
      const token = await acquire(key);
      const renew = setInterval(() => {
        locks()
          .updateOne({ _id: key, token }, { $set: { at: new Date() } })
          .catch(() => undefined);
      }, RENEW_MS);
      renew.unref();
      try {
        return await fn();
      } finally {
        clearInterval(renew);
        await release(key, token);
      }
    });
  const tail = run.catch(() => undefined);
  local.set(key, tail);
  void tail.then(() => {
    if (local.get(key) === tail) local.delete(key);
  });
  return run;
}
