/** The alert change log and the catch-up read behind `alerts:since`. */
import { z } from 'zod';
import { Alert, type AlertDoc } from '../../models/Alert.js';
import { AlertChange, type AlertChangeDoc } from '../../models/AlertChange.js';
import { canSeeAlert, type Viewer } from '../../policies/alert.policy.js';
import { SequencedLog } from '../../store/sequencedLog.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import { domainEvents } from '../domainEvents.js';

/** The alert change log: followed by alerts:since and by the search indexer. */
export const alertChangeLog = new SequencedLog<AlertChangeDoc>(AlertChange.collection.collectionName, 'alert_changes_head', () => '');
const changes = alertChangeLog;

/** Records that an alert changed; returns the change's sequence number (its cursor). The caller
 * stores it on the alert (under the alert's lock, see alertMutation.ts). */
export async function logAlertChange(alertId: string, change: AlertChangeDoc['change']): Promise<number> {
  const entry = await changes.append((head) => ({ _id: head.seq + 1, alertId, change, at: new Date() }));
  domainEvents.emit('alert.logged', { seq: entry._id });
  return entry._id;
}

const cursorSchema = z.object({ c: z.number().int().min(0) });
export const CATCH_UP_LIMIT = 100;
/** Change-log entries read per call; a burst larger than this takes several calls (hasMore). */
const SCAN_LIMIT = 1000;
/** How long a logged creation may wait for its alert to be stored before it counts as failed. */
const IN_FLIGHT_MS = 30_000;

/**
 * The alerts behind some log entries (each read once) and the entries a follower may consume now.
 * A creation is logged just before its alert is stored: consumption stops before a fresh entry
 * whose alert is not there yet, so the next read sees it. An old one points at a failed insert and
 * is consumed (skipped).
 */
export async function settleChanges(
  entries: AlertChangeDoc[],
  now: number,
): Promise<{ settled: AlertChangeDoc[]; docs: Map<string, AlertDoc | null> }> {
  const ids = [...new Set(entries.map((e) => e.alertId))];
  const docs = new Map(await Promise.all(ids.map(async (id) => [id, await Alert.findById(id).lean<AlertDoc>()] as const)));
  const cut = entries.findIndex((e) => !docs.get(e.alertId) && now - e.at.getTime() < IN_FLIGHT_MS);
  return { settled: cut === -1 ? entries : entries.slice(0, cut), docs };
}

export interface CatchUp {
  alerts: AlertDoc[];
  cursor: string;
  hasMore: boolean;
}

/**
 * Alerts the viewer may see that changed after `cursor`, oldest change first, each once in its
 * latest state. `null` means "the latest 100". The log is gap-free, so nothing is skipped.
 */
export async function alertsSince(viewer: Viewer, cursor: string | null, now = Date.now()): Promise<CatchUp> {
  const head = await changes.head();
  const after = cursor === null ? Math.max(0, head.seq - SCAN_LIMIT) : (decodeCursor(cursor, cursorSchema)?.c ?? 0);
  const entries = await changes.readAfter(after, SCAN_LIMIT);
  const { settled: considered, docs } = await settleChanges(entries, now);
  const lastSeqOf = new Map<string, number>();
  for (const e of considered) lastSeqOf.set(e.alertId, e._id);
  const visible = [...lastSeqOf.entries()]
    .sort((x, y) => x[1] - y[1])
    .map(([id, seq]) => ({ doc: docs.get(id), seq }))
    .filter((v): v is { doc: AlertDoc; seq: number } => !!v.doc && canSeeAlert(viewer, v.doc));
  const lastRead = considered.length ? considered[considered.length - 1]!._id : after;
  const more = considered.length < entries.length || lastRead < head.seq;
  if (cursor === null) {
    return { alerts: visible.slice(-CATCH_UP_LIMIT).map((v) => v.doc), cursor: encodeCursor({ c: lastRead }), hasMore: false };
  }
  if (visible.length > CATCH_UP_LIMIT) {
    const page = visible.slice(0, CATCH_UP_LIMIT);
    return { alerts: page.map((v) => v.doc), cursor: encodeCursor({ c: page[page.length - 1]!.seq }), hasMore: true };
  }
  return { alerts: visible.map((v) => v.doc), cursor: encodeCursor({ c: lastRead }), hasMore: more };
}
