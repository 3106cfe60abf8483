/** The alert change log, and how its entries are settled against the stored alerts. */
import type { AlertDoc, AlertModel } from '../Alert.js';
import { ALERT_CHANGES_COLLECTION, type AlertChangeDoc } from './AlertChange.js';
import { mapBounded, SequencedLog, type Store } from '../../platform/store/index.js';
import { alertClocks } from './alertClocks.js';
import { linkKeysOfAlert } from '../copy/indexKeys.js';
import { linkDigest } from '../copy/linkDigests.js';
import type { Instance } from '../../platform/instance.js';

/**
 * Where the log keeps its entries (sequencedLog.ts): segments of 256 entries, so a read near the
 * head scans at most two small collections, in a ring of 64 collections reused in turn, so the log
 * never has more than 64 collections and holds the last 16,128 to 16,384 changes. A reader further
 * behind than that (a device's cursor, a process's copy, the match worker) is told to reload
 * (LogCompactedError). Changing these needs a migration: every entry is where they put it.
 */
export const CHANGE_LOG_GEOMETRY = { segmentSize: 256, ringSegments: 64 } as const;

export type AlertChangeLog = SequencedLog<AlertChangeDoc>;

/**
 * A Puente's alert change log (`instance.alertChangeLog`): followed by alerts:since
 * (alertCatchUp.ts), the alert copy and the match worker. The entries are in the store; the object
 * keeps what this Puente knows of the head and its own appends, so each Puente has its own.
 */
export function createAlertChangeLog(store: Store): AlertChangeLog {
  return new SequencedLog<AlertChangeDoc>(store, ALERT_CHANGES_COLLECTION, 'alert_changes_head', () => '', '', CHANGE_LOG_GEOMETRY);
}

/** Records that an alert is about to change; returns the change's sequence number (its cursor).
 * The caller then stores the alert with `changeSeq` set to it, in the same write (alertMutation.ts).
 * `current`: the alert before the change (none for a creation), whose link keys the entry keeps as
 * digests so the match worker announces only the links the change adds. */
export async function logAlertChange(
  instance: Instance,
  alertId: string,
  change: AlertChangeDoc['change'],
  current?: AlertDoc,
): Promise<number> {
  const before = current ? linkKeysOfAlert(current).map((k) => linkDigest(instance.alertKeys, k)) : undefined;
  const entry = await instance.alertChangeLog.append((head) => ({
    _id: head.seq + 1,
    alertId,
    change,
    at: new Date(alertClocks.wall()),
    ...(before ? { before } : {}),
  }));
  instance.events.emit('alert.logged', { seq: entry._id });
  return entry._id;
}

/** Resolves once every process can read change `seq` from the log (its head has passed it): what
 * tells other processes of a change waits for this, as they answer from the log (alertCopy.ts). */
export function changeReadable(instance: Instance, seq: number): Promise<void> {
  return instance.alertChangeLog.headPassed(seq);
}

/** How long a process watches a logged change whose alert write has not landed before it gives up
 * on it (a failed write, or a process that died between the two writes). Measured on the watching
 * process's own monotonic clock from when it first saw the entry (alertClocks.ts), never against
 * the entry's `at`, which is the writer's date. A write landing even later is still applied to the
 * copy by its repair walk (AlertCopy.repair). */
export const IN_FLIGHT_MS = 120_000;

/** Alert reads a settlement has in flight at most: a long stretch of the log (another process's
 * changes, up to thousands) must not take the driver's whole pool from everyone else. */
const SETTLE_READS_AT_ONCE = 4;

/** Whether the alert as stored includes change `e` (it is stored with the position of its last change). */
export const includesChange = (doc: Pick<AlertDoc, 'changeSeq'> | null | undefined, e: AlertChangeDoc): boolean =>
  !!doc && (doc.changeSeq ?? 0) >= e._id;

export interface Settlement {
  /** Entries whose alert is stored with them (or a later change), in log order. */
  settled: AlertChangeDoc[];
  /** Entries whose alert write has not landed (yet): the caller decides, on its own clock, how long to look again. */
  pending: AlertChangeDoc[];
  /** The alerts read, by id (null: not stored). Alerts the caller already holds are not read. */
  docs: Map<string, AlertDoc | null>;
}

/**
 * Sorts log entries into settled and pending. A change is logged just before its alert is written
 * (alertMutation.ts, createAlert): an entry whose alert is missing or stored at an earlier position
 * is pending — never a reason to stop at it, so later changes are seen at once. No entry is dropped
 * here: only the store's answer and the caller's own clock decide that (AlertCopy). `held(id)`
 * gives the position of the alert the caller already holds, so an alert it has already applied
 * (this process's own write) is not read again.
 */
export async function settleChanges(
  alerts: AlertModel,
  entries: AlertChangeDoc[],
  held: (alertId: string) => number | undefined = () => undefined,
): Promise<Settlement> {
  const toRead = new Set<string>();
  for (const e of entries) if ((held(e.alertId) ?? -1) < e._id) toRead.add(e.alertId);
  const docs = new Map(
    await mapBounded([...toRead], SETTLE_READS_AT_ONCE, async (id) => [id, await alerts.findById(id).lean<AlertDoc>()] as const),
  );
  const settled: AlertChangeDoc[] = [];
  const pending: AlertChangeDoc[] = [];
  for (const e of entries) {
    if (includesChange(docs.get(e.alertId), e) || (held(e.alertId) ?? -1) >= e._id) settled.push(e);
    else pending.push(e);
  }
  return { settled, pending, docs };
}
