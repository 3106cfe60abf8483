import { isDuplicateKeyError, op, readCounterDoc, Turns } from '../platform/store/index.js';
import type { Instance } from '../platform/instance.js';

export function formatReference(country: string, year: number, seq: number): string {
  return `${country}-${year}-${String(seq).padStart(6, '0')}`;
}

/** Duplicates in a row before the stored hint is read again. */
const RETRIES_BEFORE_HINT = 8;
const MAX_ATTEMPTS = 64;

/**
 * A Puente's claims of references (`instance.alertReferences`): its next number per counter, and its
 * claims in progress, one at a time per counter. Per instance, as the counters are per database.
 */
export class ReferenceClaims {
  /** Its own next number per counter: its claims before may have used numbers past the stored hint. */
  readonly next = new Map<string, number>();
  /** Its claims in progress, per counter: one at a time. */
  readonly turns = new Turns();
}

const counterName = (country: string, year: number) => `alertref:${country}:${year}`;

/** The counter and number of a reference (`AR-2026-000123` → `alertref:AR:2026`, 123); null for anything else. */
export function referenceNumber(reference: unknown): { counter: string; seq: number } | null {
  const m = typeof reference === 'string' ? /^([A-Z]{2})-(\d{4})-(\d+)$/.exec(reference) : null;
  return m ? { counter: counterName(m[1]!, Number(m[2])), seq: Number(m[3]) } : null;
}

/**
 * Raises the stored hint of `counter` to at least `seq`, for a restore: the hint the archive holds
 * was copied before the alerts, and new alerts would try every number up to the highest restored
 * one before finding a free one (64 attempts at most, then the post fails). One writer only.
 */
export async function raiseReferenceHint(instance: Instance, counter: string, seq: number): Promise<void> {
  const { Counter } = instance.models.platform;
  const stored = (await Counter.findById(counter).lean())?.seq ?? 0;
  if (stored < seq) await Counter.updateOne({ _id: counter }, { $set: { seq } }, { upsert: true });
}

/** The hint's read, a seam so tests can hold it (a store slower than the request's timeout). */
export const referenceHints = {
  read: (instance: Instance, name: string) => readCounterDoc<{ _id: string; seq: number }>(instance.store, name),
};

async function storedHint(instance: Instance, name: string): Promise<number> {
  return ((await referenceHints.read(instance, name))?.seq ?? 0) + 1;
}

/**
 * Where to start numbering an alert of `country` created at `now`: the stored hint (one small
 * read). The claim, in its turn, starts from this process's own next number if that is higher.
 */
export async function referenceStart(
  instance: Instance,
  country: string,
  now = new Date(),
): Promise<{ country: string; year: number; first: number }> {
  const year = now.getUTCFullYear();
  return { country, year, first: await storedHint(instance, counterName(country, year)) };
}

/** A duplicate key on a new alert's insert is its reference: its `_id` is fresh. (MongoDB names the
 * index in the message; FerretDB 1.24 does not, so only an `_id` duplicate is ruled out by name.) */
const isDuplicateReference = (err: unknown) =>
  isDuplicateKeyError(err) && !/index: _id_/.test(String((err as { message?: string }).message ?? ''));

/** Advances the stored hint to `seq` (best effort: it is only where the next guess starts). */
async function advanceHint(instance: Instance, name: string, seq: number): Promise<void> {
  const { Counter } = instance.models.platform;
  try {
    await Counter.updateOne({ _id: name, seq: op({ $lt: seq }) }, { $set: { seq } }, { upsert: true });
  } catch {
    // A hint already past `seq` makes the upsert collide with it: nothing to do.
  }
}

/**
 * Runs `insert` with the first free reference from `start`; returns what it returned. This
 * Puente's own claims of one country and year take turns: run at once, they would all try the
 * same number and all but one would pay a failed insert (each a store write) before the next.
 */
export function withNextReference<T>(
  instance: Instance,
  start: { country: string; year: number; first: number },
  insert: (reference: string) => Promise<T>,
): Promise<T> {
  const name = counterName(start.country, start.year);
  return instance.alertReferences.turns.take(name, () => claim(instance, name, start, insert));
}

async function claim<T>(
  instance: Instance,
  name: string,
  start: { country: string; year: number; first: number },
  insert: (reference: string) => Promise<T>,
): Promise<T> {
  // This process's own next number: the claims before this one may have used numbers past the hint.
  const nextLocal = instance.alertReferences.next;
  let seq = Math.max(start.first, nextLocal.get(name) ?? 1);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await insert(formatReference(start.country, start.year, seq));
      if ((nextLocal.get(name) ?? 0) <= seq) nextLocal.set(name, seq + 1);
      // After this turn: the caller announces the alert first (the hint is only where the next guess starts).
      setImmediate(() => void advanceHint(instance, name, seq));
      return result;
    } catch (err) {
      if (!isDuplicateReference(err) || attempt >= MAX_ATTEMPTS) throw err;
      seq = attempt % RETRIES_BEFORE_HINT === 0 ? Math.max(seq + 1, await storedHint(instance, name)) : seq + 1;
    }
  }
}
