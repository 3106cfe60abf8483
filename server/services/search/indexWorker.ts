/**
 * The search indexer follows the alert change log, so the request that writes an alert never
 * waits for the index, and no change is ever skipped: its position is stored in the store and it
 * resumes there after a crash. One process at a time runs a batch (the `indexer` lock), so it is
 * the only writer of index documents and needs no per-key locks. Matches and watch hits are
 * announced after each batch.
 */
import mongoose from 'mongoose';
import type { AlertDoc } from '../../models/Alert.js';
import { AlertIndexKeys, SearchIndex, type Posting, type SearchIndexDoc } from '../../models/SearchIndex.js';
import { assertLockHeld, withDocLock } from '../../store/docLock.js';
import type { AlertChangeDoc } from '../../models/AlertChange.js';
import { alertChangeLog, settleChanges } from '../alerts/alertChanges.js';
import { afterIndexing } from './afterIndexing.js';
import { keysOfAlert, type FieldClass } from './indexKeys.js';

/** Postings kept per value; beyond it the value is common (a first name, a shared switchboard). */
export const MAX_POSTINGS = 10_000;
const BATCH = 100;
const CURSOR_ID = 'search_indexer';

interface CursorDoc {
  _id: string;
  seq: number;
  /** Entries before `seq` whose alert write had not landed when read (alertChanges.ts): looked at again. */
  pending?: AlertChangeDoc[];
}
const cursors = () => mongoose.connection.collection<CursorDoc>('counters');

export async function indexerPosition(): Promise<number> {
  return (await cursors().findOne({ _id: CURSOR_ID }))?.seq ?? 0;
}

type Change = { add: Map<string, FieldClass>; remove: Set<string> };

/** Applies one batch of posting changes, one read and one write per key. */
async function applyPostings(changes: Map<string, Change>): Promise<void> {
  const keys = [...changes.keys()];
  const docs = await Promise.all(keys.map((k) => SearchIndex.findById(k).lean<SearchIndexDoc>()));
  await Promise.all(
    keys.map(async (k, i) => {
      const change = changes.get(k)!;
      const doc = docs[i];
      const postings: Posting[] = (doc?.postings ?? []).filter((p) => !change.remove.has(p.a));
      for (const [a, f] of change.add) {
        const existing = postings.find((p) => p.a === a);
        if (existing) existing.f = f;
        else if (postings.length < MAX_POSTINGS) postings.push({ a, f });
      }
      await SearchIndex.replaceOne(
        { _id: k },
        { _id: k, postings, common: postings.length >= MAX_POSTINGS || !!doc?.common },
        { upsert: true },
      );
    }),
  );
}

/** Indexes the next batch of changed alerts; returns how many log entries it consumed. */
export async function runIndexerOnce(now = Date.now()): Promise<number> {
  return withDocLock('indexer', async () => {
    const cursor = await cursors().findOne({ _id: CURSOR_ID });
    const from = cursor?.seq ?? 0;
    const entries = await alertChangeLog.readAfter(from, BATCH);
    const recheck = cursor?.pending ?? [];
    if (!entries.length && !recheck.length) return 0;
    const { settled, pending, docs: alerts } = await settleChanges([...recheck, ...entries], now);
    const touched = [...new Set(settled.map((e) => e.alertId))].filter((id) => alerts.get(id));
    const postingChanges = new Map<string, Change>();
    const change = (k: string) => postingChanges.get(k) ?? postingChanges.set(k, { add: new Map(), remove: new Set() }).get(k)!;
    const results: Array<{ alert: AlertDoc; keys: Map<string, FieldClass>; added: string[] }> = [];
    for (const id of touched) {
      const alert = alerts.get(id)!;
      const next = keysOfAlert(alert);
      const previous = new Map(((await AlertIndexKeys.findById(id).lean())?.keys ?? []).map((e) => [e.k, e.f] as const));
      for (const [k, f] of next) if (previous.get(k) !== f) change(k).add.set(id, f);
      for (const k of previous.keys()) if (!next.has(k)) change(k).remove.add(id);
      results.push({ alert, keys: next, added: [...next.keys()].filter((k) => !previous.has(k)) });
    }
    await applyPostings(postingChanges);
    await Promise.all(
      results.map((r) =>
        AlertIndexKeys.replaceOne(
          { _id: String(r.alert._id) },
          { _id: String(r.alert._id), keys: [...r.keys].map(([k, f]) => ({ k, f })) },
          { upsert: true },
        ),
      ),
    );
    const seq = entries.length ? entries[entries.length - 1]!._id : from;
    await assertLockHeld();
    await cursors().replaceOne({ _id: CURSOR_ID }, { seq, pending }, { upsert: true });
    for (const r of results) await afterIndexing(r.alert, { keys: r.keys, added: r.added });
    return entries.length;
  });
}

/** Runs batches until the log is consumed. */
export async function drainIndexer(): Promise<void> {
  while ((await runIndexerOnce()) > 0);
}

export interface IndexerHandle {
  /** Asks for a run soon (after a local write). */
  nudge(): void;
  stop(): Promise<void>;
}

/** Keeps the index following the log: on nudges from local writes and by polling for other processes' writes. */
export function startIndexer(onError: (err: unknown) => void, pollMs = 500): IndexerHandle {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drainIndexer()
      .catch(onError)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, pollMs);
  timer.unref();
  return {
    nudge: run,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Resolves once the indexer has consumed the log up to `seq` (tests and read-your-writes). */
export async function waitForIndexer(seq: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await indexerPosition()) < seq) {
    if (Date.now() > deadline) throw new Error(`indexer did not reach ${seq}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
