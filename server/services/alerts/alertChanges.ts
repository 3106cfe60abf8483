/** The alert change log and the catch-up read behind `alerts:since`. */
import { z } from 'zod';
import { Alert, type AlertDoc } from '../../models/Alert.js';
import { AlertChange, type AlertChangeDoc } from '../../models/AlertChange.js';
import { canSeeAlert, type Viewer } from '../../policies/alert.policy.js';
import { SequencedLog } from '../../store/sequencedLog.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import { domainEvents } from '../domainEvents.js';
import { linkKeysOfAlert } from '../search/indexKeys.js';
import { linkDigest } from '../search/linkDigests.js';

/** The alert change log: followed by alerts:since, the alert copy and the match worker. */
/** Entries per segment collection (sequencedLog.ts): a read near the head scans at most two of them. */
const SEGMENT_SIZE = 256;
export const alertChangeLog = new SequencedLog<AlertChangeDoc>(AlertChange.collection.collectionName, 'alert_changes_head', () => '', '', {
  segmentSize: SEGMENT_SIZE,
});
const changes = alertChangeLog;

/** Records that an alert is about to change; returns the change's sequence number (its cursor).
 * The caller then stores the alert with `changeSeq` set to it, in the same write (alertMutation.ts).
 * `current`: the alert before the change (none for a creation), whose link keys the entry keeps as
 * digests so the match worker announces only the links the change adds. */
export async function logAlertChange(alertId: string, change: AlertChangeDoc['change'], current?: AlertDoc): Promise<number> {
  const before = current ? linkKeysOfAlert(current).map(linkDigest) : undefined;
  const entry = await changes.append((head) => ({ _id: head.seq + 1, alertId, change, at: new Date(), ...(before ? { before } : {}) }));
  domainEvents.emit('alert.logged', { seq: entry._id });
  return entry._id;
}

/** Resolves once every process can read change `seq` from the log (its head has passed it): what
 * tells other processes of a change waits for this, as they answer from the log (alertCopy.ts). */
export function changeReadable(seq: number): Promise<void> {
  return changes.headPassed(seq);
}

export const CATCH_UP_LIMIT = 100;
/** Change-log entries read per call; a burst larger than this takes several calls (hasMore). */
const SCAN_LIMIT = 1000;
/** How long a logged change may wait for its alert write to land before it counts as failed. */
export const IN_FLIGHT_MS = 30_000;
/** Pending changes a catch-up cursor carries at most; beyond them the cursor stops before the next one. */
const MAX_PENDING_IN_CURSOR = 8;

/** Whether the alert as stored includes change `e` (it is stored with the position of its last change). */
export const includesChange = (doc: Pick<AlertDoc, 'changeSeq'> | null | undefined, e: AlertChangeDoc): boolean =>
  !!doc && (doc.changeSeq ?? 0) >= e._id;

export interface Settlement {
  /** Entries whose alert is stored with them (or a later change), in log order. */
  settled: AlertChangeDoc[];
  /** Recent entries whose alert write has not landed (yet): look at them again later. */
  pending: AlertChangeDoc[];
  /** The alerts read, by id (null: not stored). Alerts the caller already holds are not read. */
  docs: Map<string, AlertDoc | null>;
}

/**
 * Sorts log entries into settled and pending. A change is logged just before its alert is written
 * (alertMutation.ts, createAlert): an entry whose alert is missing or stored at an earlier position
 * is pending — never a reason to stop at it, so later changes are seen at once. A pending entry
 * older than IN_FLIGHT_MS points at a write that failed (or a process that died between the two
 * writes) and is dropped. `held(id)` gives the position of the alert the caller already holds, so
 * an alert it has already applied (this process's own write) is not read again.
 */
export async function settleChanges(
  entries: AlertChangeDoc[],
  now: number,
  held: (alertId: string) => number | undefined = () => undefined,
): Promise<Settlement> {
  const toRead = new Set<string>();
  for (const e of entries) if ((held(e.alertId) ?? -1) < e._id) toRead.add(e.alertId);
  const docs = new Map(await Promise.all([...toRead].map(async (id) => [id, await Alert.findById(id).lean<AlertDoc>()] as const)));
  const settled: AlertChangeDoc[] = [];
  const pending: AlertChangeDoc[] = [];
  for (const e of entries) {
    if (includesChange(docs.get(e.alertId), e) || (held(e.alertId) ?? -1) >= e._id) settled.push(e);
    else if (now - e.at.getTime() < IN_FLIGHT_MS) pending.push(e);
  }
  return { settled, pending, docs };
}

/** `c`: last log position read; `p`: earlier entries still pending (their alert write had not landed). */
const cursorSchema = z.object({ c: z.number().int().min(0), p: z.array(z.number().int().min(1)).max(MAX_PENDING_IN_CURSOR).optional() });

export interface CatchUp {
  alerts: AlertDoc[];
  cursor: string;
  hasMore: boolean;
}

/**
 * Alerts the viewer may see that changed after `cursor`, oldest change first, each once in its
 * latest state. `null` means "the latest 100". The log is gap-free, so nothing is skipped: a change
 * whose alert write has not landed yet is carried in the cursor (`p`) and returned by a later call
 * once it has, while the changes after it are returned at once.
 */
export async function alertsSince(viewer: Viewer, cursor: string | null, now = Date.now()): Promise<CatchUp> {
  const head = await changes.head();
  const decoded = cursor === null ? { c: Math.max(0, head.seq - SCAN_LIMIT), p: [] } : (decodeCursor(cursor, cursorSchema) ?? { c: 0 });
  const after = decoded.c;
  const carried = new Set(decoded.p ?? []);
  // Carried entries are re-read with the rest in one range query (a numeric look-up scans anyway).
  const from = carried.size ? Math.min(after, ...carried) - 1 : after;
  const read = await changes.readAfter(from, SCAN_LIMIT + (after - from));
  const entries = read.filter((e) => e._id > after || carried.has(e._id));
  const { settled, pending, docs } = await settleChanges(entries, now);
  // Too many pending changes for one cursor: stop before the first that does not fit.
  const cutAt = pending.length > MAX_PENDING_IN_CURSOR ? pending[MAX_PENDING_IN_CURSOR]!._id : Infinity;
  const lastRead = Math.min(cutAt - 1, entries.length ? Math.max(after, entries[entries.length - 1]!._id) : after);
  const considered = settled.filter((e) => e._id <= lastRead);
  const stillPending = pending.filter((e) => e._id <= lastRead).map((e) => e._id);
  const lastSeqOf = new Map<string, number>();
  for (const e of considered) lastSeqOf.set(e.alertId, e._id);
  const visible = [...lastSeqOf.entries()]
    .sort((x, y) => x[1] - y[1])
    .map(([id, seq]) => ({ doc: docs.get(id), seq }))
    .filter((v): v is { doc: AlertDoc; seq: number } => !!v.doc && canSeeAlert(viewer, v.doc));
  // Not when stopped by pending changes: calling again at once would only give the same answer.
  const more = lastRead < head.seq && cutAt === Infinity;
  const encode = (c: number) => encodeCursor(stillPending.length ? { c, p: stillPending.filter((s) => s <= c) } : { c });
  if (cursor === null) {
    return { alerts: visible.slice(-CATCH_UP_LIMIT).map((v) => v.doc), cursor: encode(lastRead), hasMore: false };
  }
  if (visible.length > CATCH_UP_LIMIT) {
    const page = visible.slice(0, CATCH_UP_LIMIT);
    const c = page[page.length - 1]!.seq;
    // Settled changes after `c` that were not returned are read again by the next call.
    return { alerts: page.map((v) => v.doc), cursor: encode(c), hasMore: true };
  }
  return { alerts: visible.map((v) => v.doc), cursor: encode(lastRead), hasMore: more };
}
