/**
 * The catch-up read behind `alerts:since`: the change log says what changed, the in-process alert
 * copy says whether each change has landed and what the alert now is. Settling entries by reading
 * their alerts from the store cost one store read per alert changed (hundreds per call), which a
 * burst of calls turned into a queue that held the store for every user (pen-test issue 23, F1).
 */
import type { AlertDoc } from '../Alert.js';
import type { AlertChangeDoc } from './AlertChange.js';
import { canSeeAlert, type Viewer } from '../alert.policy.js';
import { firstKept, LogCompactedError, mapBounded, type LogHead } from '../../platform/store/index.js';
import { includesChange, type AlertChangeLog } from './alertChanges.js';
import { cursorHolds, decodeCatchUpCursor, encodeCatchUpCursor, MAX_PENDING_IN_CURSOR, type CatchUpPosition } from './catchUpCursors.js';
import { syncCopyOrRefuse } from '../copy/copyReady.js';
import type { Instance } from '../../platform/instance.js';

export const CATCH_UP_LIMIT = 100;
/** Change-log entries read per call; a burst larger than this takes several calls (hasMore). */
const SCAN_LIMIT = 1000;
/** Log reads one call has in flight at most (the carried entries are read one by one). */
const READS_AT_ONCE = 2;

/** The catch-up's reads of the log, a seam so tests can measure a call's cost. */
export const catchUpLog = {
  readAfter: (log: AlertChangeLog, after: number, limit: number): Promise<AlertChangeDoc[]> => log.readAfter(after, limit, READS_AT_ONCE),
};

export interface CatchUp {
  alerts: AlertDoc[];
  cursor: string;
  hasMore: boolean;
  /** The cursor was behind the log's compacted entries: this is the answer for `null`, and the
   * device reloads its lists (the changes in between are not in the log any more). */
  reset?: true;
}

/**
 * Sorts log entries into settled (the copy holds the alert with that change, or a later one) and
 * pending (the copy still waits for its write); an entry the copy has given up on (its own clock,
 * copy/alertCopy.ts) is dropped. No date is compared: the entry's `at` is another machine's clock. No
 * store read: the caller has synced the copy, so it has looked at every entry up to the head.
 */
function settleFromCopy(instance: Instance, entries: AlertChangeDoc[]): { settled: AlertChangeDoc[]; pending: AlertChangeDoc[] } {
  const settled: AlertChangeDoc[] = [];
  const pending: AlertChangeDoc[] = [];
  for (const e of entries) {
    if (includesChange(instance.alertCopy.head(e.alertId), e)) settled.push(e);
    else if (instance.alertCopy.awaitsChange(e._id)) pending.push(e);
  }
  return { settled, pending };
}

/**
 * Alerts the viewer may see that changed after `cursor`, oldest change first, each once in its
 * latest state. `null` means "the latest 100". The log is gap-free, so nothing is skipped: a change
 * whose alert write has not landed yet is carried in the cursor (`p`) and returned by a later call
 * once it has, while the changes after it are returned at once. Refused with `alerts_preparing`
 * while the copy has not loaded (as lists are).
 */
export async function alertsSince(instance: Instance, viewer: Viewer, cursor: string | null): Promise<CatchUp> {
  const position = cursor === null ? null : decodeCatchUpCursor(instance.alertKeys, cursor);
  const behind = (head: LogHead) =>
    !!position && (!cursorHolds(position, head) || [position.c + 1, ...(position.p ?? [])].some((seq) => seq < firstKept(head)));
  // A cursor behind the log's compacted entries (a device offline while the ring went round, or
  // entries compacted while this call read them) never skips them silently: the device is told to
  // reload, and gets the answer for `null` (tried twice: the ring does not go round twice that fast).
  // So is one the log does not hold any more: issued by a store later restored from a backup
  // taken before it (catchUpCursors.ts, docs/operations.md "Backup and restore").
  for (let attempt = 0; ; attempt++) {
    const head = await instance.alertChangeLog.head();
    const reset = behind(head);
    try {
      const page = await catchUpFrom(instance, viewer, reset ? null : position, head);
      return reset ? { ...page, reset: true } : page;
    } catch (err) {
      if (!(err instanceof LogCompactedError) || attempt > 0) throw err;
    }
  }
}

async function catchUpFrom(instance: Instance, viewer: Viewer, position: CatchUpPosition | null, head: LogHead): Promise<CatchUp> {
  // Synced after the head was read: the copy has looked at every change up to it.
  await syncCopyOrRefuse(instance);
  const cursor = position;
  const decoded = position ?? { c: Math.max(0, head.seq - SCAN_LIMIT, firstKept(head) - 1), p: [] };
  const after = decoded.c;
  const carried = new Set(decoded.p ?? []);
  // Bounded whatever the cursor: one page of the log after it, and each carried entry on its own
  // (a range from the oldest carried entry would read everything between), a few reads at a time.
  const logPage = await catchUpLog.readAfter(instance.alertChangeLog, after, SCAN_LIMIT);
  const carriedEntries = await mapBounded([...carried], READS_AT_ONCE, (seq) => catchUpLog.readAfter(instance.alertChangeLog, seq - 1, 1));
  const read = [...carriedEntries.flat(), ...logPage].sort((x, y) => x._id - y._id);
  // Entries logged after the head read are left to the next call, when the copy has looked at them.
  const entries = read.filter((e) => e._id <= head.seq && (e._id > after || carried.has(e._id)));
  const { settled, pending } = settleFromCopy(instance, entries);
  // Too many pending changes for one cursor: stop before the first that does not fit.
  const cutAt = pending.length > MAX_PENDING_IN_CURSOR ? pending[MAX_PENDING_IN_CURSOR]!._id : Infinity;
  const lastRead = Math.min(cutAt - 1, entries.length ? Math.max(after, entries[entries.length - 1]!._id) : after);
  const considered = settled.filter((e) => e._id <= lastRead);
  const stillPending = pending.filter((e) => e._id <= lastRead).map((e) => e._id);
  const lastSeqOf = new Map<string, number>();
  for (const e of considered) lastSeqOf.set(e.alertId, e._id);
  const visible = [...lastSeqOf.entries()]
    .sort((x, y) => x[1] - y[1])
    .filter(([id]) => {
      const h = instance.alertCopy.head(id);
      return !!h && canSeeAlert(viewer, h);
    })
    .map(([id, seq]) => ({ id, seq }));
  // Only the alerts returned are decoded.
  const docsOf = (page: { id: string }[]) => page.map((v) => instance.alertCopy.get(v.id)).filter((d): d is AlertDoc => !!d);
  // Not when stopped by pending changes: calling again at once would only give the same answer.
  const more = lastRead < head.seq && cutAt === Infinity;
  const encode = (c: number) =>
    encodeCatchUpCursor(instance.alertKeys, stillPending.length ? { c, p: stillPending.filter((s) => s <= c) } : { c }, head.epoch);
  if (cursor === null) {
    return { alerts: docsOf(visible.slice(-CATCH_UP_LIMIT)), cursor: encode(lastRead), hasMore: false };
  }
  if (visible.length > CATCH_UP_LIMIT) {
    const page = visible.slice(0, CATCH_UP_LIMIT);
    const c = page[page.length - 1]!.seq;
    // Settled changes after `c` that were not returned are read again by the next call.
    return { alerts: docsOf(page), cursor: encode(c), hasMore: true };
  }
  return { alerts: docsOf(visible), cursor: encode(lastRead), hasMore: more };
}
