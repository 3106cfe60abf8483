/**
 * The match worker follows the alert change log and announces, for each changed alert, the matches
 * the change added and the watch hits it makes. The request that writes an alert never waits for it,
 * and no change is skipped: its position is stored in the store once the batch is announced, and it
 * resumes there after a crash (announcing again what it had not stored: at least once).
 * One process at a time runs a batch (the `indexer` lock).
 *
 * It reads the one index there is, the in-process alert copy (alerts/copy/alertCopy.ts), synced up to the log
 * before each batch: no stored postings to rewrite, so a burst of alerts costs it CPU only. Which
 * links a change added comes from the digests of the alert's link keys before the change, kept in
 * its log entry (linkDigests.ts). A change whose alert write has not landed (yet) is carried as
 * pending and looked at again, never holding back the changes after it (alertChanges.ts).
 */
import {
  includesChange,
  keysOfAlert,
  linkDigest,
  type AlertKeys,
  linkKeysOfAlert,
  type AlertChangeDoc,
  type AlertDoc,
} from '../alerts/index.js';
import { assertLockHeld, LogCompactedError, withDocLock, type Store } from '../platform/store/index.js';
import { loadWatchContext } from './watches/watches.service.js';
import { allSucceeded } from '../platform/domainEvents.js';
import { announceChange } from './announceChange.js';
import type { Instance } from '../platform/instance.js';

const BATCH = 500;
/** Stored names kept from when this worker wrote a stored index, so an upgrade resumes where it was. */
const CURSOR_ID = 'search_indexer';
const LOCK = 'indexer';

interface CursorDoc {
  _id: string;
  seq: number;
  /** Entries before `seq` whose alert write had not landed when read: looked at again. */
  pending?: AlertChangeDoc[];
}
const cursors = (store: Store) => store.collection<CursorDoc>('counters');

/** The worker's one write, a seam so tests can fail it (as a crash between announcing and saving). */
export const matchWorkerStore = {
  savePosition: async (store: Store, doc: CursorDoc): Promise<void> => {
    await cursors(store).replaceOne({ _id: doc._id }, doc, { upsert: true });
  },
};

export async function matchWorkerPosition(store: Store): Promise<number> {
  return (await cursors(store).findOne({ _id: CURSOR_ID }))?.seq ?? 0;
}

/** The link keys a run of changes to one alert added: its keys now, less those it had before the first. */
function addedLinks(keys: AlertKeys, alert: AlertDoc, changes: AlertChangeDoc[]): string[] {
  const first = changes[0]!;
  const now = linkKeysOfAlert(alert);
  if (first.change === 'created' || !first.before) return now;
  const before = new Set(first.before);
  return now.filter((k) => !before.has(linkDigest(keys, k)));
}

/** Times the worker fell behind the log's compacted entries and announced from the copy instead;
 * `onReset` is told of each (the server logs it). */
export const matchWorkerResets: { count: number; onReset?: (info: { position: number; announced: number }) => void } = { count: 0 };

/**
 * The worker's position is behind what the log still holds (it was stopped, or starved, while the
 * ring went round): the changes it has not announced can no longer be read. Nothing is skipped:
 * every alert the synced copy holds at a later change than the position — and the alert of each
 * pending change that has landed since — is announced with all its link keys (as a creation: a
 * superset of what its changes added; each announcement keeps its id, so a client shows a repeat
 * once), then the worker goes on from the copy's position, carrying the copy's pending changes.
 */
async function announceFromCopy(instance: Instance, from: number, recheck: AlertChangeDoc[]): Promise<number> {
  matchWorkerResets.count++;
  await instance.alertCopy.sync(0);
  const position = instance.alertCopy.position;
  const changed = new Map(instance.alertCopy.changedAfter(from).map((c) => [c.id, c.changeSeq]));
  for (const e of recheck)
    if (includesChange(instance.alertCopy.head(e.alertId), e)) changed.set(e.alertId, instance.alertCopy.head(e.alertId)!.changeSeq);
  if (changed.size) {
    const watches = await loadWatchContext(instance);
    const announced: Array<Promise<void>> = [];
    for (const [id, seq] of changed) {
      const alert = instance.alertCopy.get(id);
      if (alert) announced.push(announceChange(instance, alert, { keys: keysOfAlert(alert), added: linkKeysOfAlert(alert) }, watches, seq));
    }
    await allSucceeded(announced);
  }
  const stillAwaited = recheck.filter((e) => instance.alertCopy.awaitsChange(e._id));
  const pending = [
    ...stillAwaited,
    ...instance.alertCopy.pendingChanges().filter((e) => e._id > from && !stillAwaited.some((r) => r._id === e._id)),
  ];
  await assertLockHeld();
  await matchWorkerStore.savePosition(instance.store, { _id: CURSOR_ID, seq: position, pending });
  matchWorkerResets.onReset?.({ position: from, announced: changed.size });
  return Math.max(0, position - from);
}

/** Announces the next batch of changed alerts; returns how many log entries it consumed. */
export async function runMatchWorkerOnce(instance: Instance): Promise<number> {
  return withDocLock(instance.store, LOCK, async () => {
    const cursor = await cursors(instance.store).findOne({ _id: CURSOR_ID });
    const from = cursor?.seq ?? 0;
    const recheck = cursor?.pending ?? [];
    const entries = await instance.alertChangeLog.readAfter(from, BATCH).catch((err: unknown) => {
      if (err instanceof LogCompactedError) return null;
      throw err;
    });
    if (!entries) return announceFromCopy(instance, from, recheck);
    if (!entries.length && !recheck.length) return 0;
    // Every change logged so far is now applied to the copy, or pending there.
    await instance.alertCopy.sync(0);
    const byAlert = new Map<string, AlertChangeDoc[]>();
    const pending: AlertChangeDoc[] = [];
    for (const e of [...recheck, ...entries].sort((x, y) => x._id - y._id)) {
      // The head says whether the change is held; the alert is decoded once, below.
      if (includesChange(instance.alertCopy.head(e.alertId), e)) {
        const changes = byAlert.get(e.alertId);
        if (changes) changes.push(e);
        else byAlert.set(e.alertId, [e]);
      } else if (instance.alertCopy.awaitsChange(e._id)) pending.push(e); // the copy's own clock decides, not the writer's date
    }
    // Announce first, then store the position: a crash (or a failed announcement) in between
    // makes the next run announce the batch again — at least once; each announcement keeps its id
    // (its change's position), so the client shows a repeated one once.
    if (byAlert.size) {
      const watches = await loadWatchContext(instance);
      const announced: Array<Promise<void>> = [];
      for (const [id, changes] of byAlert) {
        const alert = instance.alertCopy.get(id);
        if (!alert) continue;
        announced.push(
          announceChange(
            instance,
            alert,
            { keys: keysOfAlert(alert), added: addedLinks(instance.alertKeys, alert, changes) },
            watches,
            changes[0]!._id,
          ),
        );
      }
      await allSucceeded(announced);
    }
    const seq = entries.length ? entries[entries.length - 1]!._id : from;
    await assertLockHeld();
    await matchWorkerStore.savePosition(instance.store, { _id: CURSOR_ID, seq, pending });
    return entries.length;
  });
}

/** Runs batches until the log is consumed. */
export async function drainMatchWorker(instance: Instance): Promise<void> {
  while ((await runMatchWorkerOnce(instance)) > 0);
}

export interface MatchWorkerHandle {
  /** Asks for a run soon (after a local write): within `nudgeDelayMs`, shared by the nudges meanwhile. */
  nudge(): void;
  stop(): Promise<void>;
}

export interface MatchWorkerOptions {
  /** How often it looks for other processes' writes. */
  pollMs?: number;
  /**
   * How long a local write's nudge waits before the run it asks for. The write's own delivery comes
   * first: the alert is broadcast to every socket and its poster answered before the process spends
   * its CPU and the store's on matching (docs/benchmarks.md, fan-out), and the alerts of a burst that
   * arrive meanwhile share one run (one lock, one read of the log) instead of one run each.
   */
  nudgeDelayMs?: number;
  /** One run's work; the store's log by default (tests give their own). */
  drain?: () => Promise<void>;
}

/** A local write's nudge waits this long: well under the 500 ms a write of another process waits for the poll. */
export const NUDGE_DELAY_MS = 100;

/** Keeps the worker following the log: on nudges from local writes and by polling for other processes' writes. */
export function startMatchWorker(instance: Instance, onError: (err: unknown) => void, options: MatchWorkerOptions = {}): MatchWorkerHandle {
  const { pollMs = 500, nudgeDelayMs = NUDGE_DELAY_MS, drain = () => drainMatchWorker(instance) } = options;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let nudged: NodeJS.Timeout | null = null;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain()
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
    nudge: () => {
      if (stopped || nudged) return;
      nudged = setTimeout(() => {
        nudged = null;
        run();
      }, nudgeDelayMs);
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (nudged) clearTimeout(nudged);
      nudged = null;
      await running;
    },
  };
}

/** Resolves once the worker has consumed the log up to `seq` (tests). */
export async function waitForMatchWorker(instance: Instance, seq: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await matchWorkerPosition(instance.store)) < seq) {
    if (Date.now() > deadline) throw new Error(`match worker did not reach ${seq}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
