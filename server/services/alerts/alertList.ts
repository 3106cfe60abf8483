/**
 * GET /alerts: visible alerts, newest first, with filters and a keyset cursor.
 *
 * Served from the in-process alert copy (alertCopy.ts) once it is loaded: on FerretDB a filtered,
 * sorted query fetches and converts the whole collection (tens of seconds at 100,000 alerts).
 * Until the copy has loaded (the first minute after a start at that size) the same query goes to
 * the store. Both paths apply the same rules; a test compares them.
 */
import { z } from 'zod';
import type { ListAlertsQuery } from '../../../shared/schemas/alerts.js';
import { Alert, type AlertDoc } from '../../models/Alert.js';
import type { Actor } from '../../policies/actor.js';
import { canSeeAlert, visibleAlertsFilter } from '../../policies/alert.policy.js';
import { presentAlertSummary, type AlertSummaryDto } from '../../presenters/alert.presenter.js';
import { op } from '../../store/mongoose.js';
import { decodeCursor, toPage, type Page } from '../pagination.js';
import { alertCopy } from './alertCopy.js';

/** How long a list waits for the copy's first load before asking the store instead. */
const COPY_WAIT_MS = 1000;

const listCursor = z.object({ t: z.string(), id: z.string().regex(/^[a-f0-9]{24}$/) });
type ListCursor = z.infer<typeof listCursor>;

function page(actor: Actor, docs: AlertDoc[], limit: number): Page<AlertSummaryDto> {
  return toPage(
    docs,
    limit,
    (d) => presentAlertSummary(d, actor),
    (d): ListCursor => ({ t: d.createdAt.toISOString(), id: String(d._id) }),
  );
}

/** The list from the store: one filtered, sorted query. */
export async function listAlertsFromStore(actor: Actor, q: ListAlertsQuery): Promise<Page<AlertSummaryDto>> {
  const after = decodeCursor(q.cursor, listCursor);
  const and: Record<string, unknown>[] = [visibleAlertsFilter(actor)];
  if (q.status) and.push({ status: q.status });
  if (q.kind) and.push({ kind: q.kind });
  if (q.priority) and.push({ priority: q.priority });
  if (q.country) and.push({ originCountry: q.country });
  if (q.origin === 'mine') and.push({ createdBy: actor.id });
  if (q.origin === 'agency') and.push({ originAgencyId: actor.agencyId });
  if (q.since) and.push({ createdAt: op({ $gte: new Date(q.since) }) });
  if (after) {
    const t = new Date(after.t);
    and.push({ $or: op([{ createdAt: op({ $lt: t }) }, { createdAt: t, _id: op({ $lt: after.id }) }]) });
  }
  const docs = await Alert.find({ $and: op(and) })
    .sort({ createdAt: -1, _id: -1 })
    .limit(q.limit + 1)
    .lean<AlertDoc[]>();
  return page(actor, docs, q.limit);
}

/** The list from the in-process copy; the caller has synced it. */
export function listAlertsFromCopy(actor: Actor, q: ListAlertsQuery): Page<AlertSummaryDto> {
  const after = decodeCursor(q.cursor, listCursor);
  const since = q.since ? Date.parse(q.since) : null;
  const docs: AlertDoc[] = [];
  for (const a of alertCopy.newestFirst(after ? { at: Date.parse(after.t), id: after.id } : undefined)) {
    if (since !== null && a.createdAt.getTime() < since) break; // newest first: nothing older qualifies
    if (q.status && a.status !== q.status) continue;
    if (q.kind && a.kind !== q.kind) continue;
    if (q.priority && a.priority !== q.priority) continue;
    if (q.country && a.originCountry !== q.country) continue;
    if (q.origin === 'mine' && a.createdBy !== actor.id) continue;
    if (q.origin === 'agency' && a.originAgencyId !== actor.agencyId) continue;
    if (!canSeeAlert(actor, a)) continue;
    docs.push(a);
    if (docs.length > q.limit) break;
  }
  return page(actor, docs, q.limit);
}

/** Visible alerts, newest first, as summaries. Another process's write just made is included. */
export async function listAlerts(actor: Actor, q: ListAlertsQuery): Promise<Page<AlertSummaryDto>> {
  if (await alertCopy.syncWithin(COPY_WAIT_MS, 0)) return listAlertsFromCopy(actor, q);
  return listAlertsFromStore(actor, q);
}
