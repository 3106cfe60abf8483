/**
 * GET /alerts: visible alerts, newest first, with filters and a keyset cursor.
 *
 * Served from the in-process alert copy (copy/alertCopy.ts): on FerretDB a filtered, sorted query
 * fetches and converts the whole collection (27 s a page at 100,000 alerts). Until the copy has
 * loaded, a list refuses with `alerts_preparing` and a time to retry rather than run that query (and
 * `/readyz` says not ready). The same query on the store (`listAlertsFromStore`) is kept as the
 * reference the copy is tested against and the benchmark's baseline.
 */
import { z } from 'zod';
import type { ListAlertsQuery } from '../../shared/schemas/alerts.js';
import { type AlertDoc } from './Alert.js';
import type { Actor } from '../platform/actor.js';
import { canSeeAlert, visibleAlertsFilter } from './alert.policy.js';
import { presentAlertSummary, type AlertSummaryDto } from './alert.presenter.js';
import { op } from '../platform/store/index.js';
import { decodeCursor, toPage, type Page } from '../platform/pagination.js';
import { syncCopyOrRefuse } from './copy/copyReady.js';
import type { Instance } from '../platform/instance.js';

const listCursor = z.object({ t: z.string(), id: z.string().regex(/^[a-f0-9]{24}$/) });
type ListCursor = z.infer<typeof listCursor>;

function page(instance: Instance, actor: Actor, docs: AlertDoc[], limit: number): Page<AlertSummaryDto> {
  return toPage(
    docs,
    limit,
    (d) => presentAlertSummary(instance, d, actor),
    (d): ListCursor => ({ t: d.createdAt.toISOString(), id: String(d._id) }),
  );
}

/** The list from the store: one filtered, sorted query (the copy's reference; not served). */
export async function listAlertsFromStore(instance: Instance, actor: Actor, q: ListAlertsQuery): Promise<Page<AlertSummaryDto>> {
  const { Alert } = instance.models.alerts;
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
  return page(instance, actor, docs, q.limit);
}

/** The list from the in-process copy; the caller has synced it. Filters read the alerts' heads;
 * only the page's alerts are decoded. */
export function listAlertsFromCopy(instance: Instance, actor: Actor, q: ListAlertsQuery): Page<AlertSummaryDto> {
  const after = decodeCursor(q.cursor, listCursor);
  const since = q.since ? Date.parse(q.since) : null;
  const ids: string[] = [];
  for (const a of instance.alertCopy.newestFirst(after ? { at: Date.parse(after.t), id: after.id } : undefined)) {
    if (since !== null && a.at < since) break; // newest first: nothing older qualifies
    if (q.status && a.status !== q.status) continue;
    if (q.kind && a.kind !== q.kind) continue;
    if (q.priority && a.priority !== q.priority) continue;
    if (q.country && a.originCountry !== q.country) continue;
    if (q.origin === 'mine' && a.createdBy !== actor.id) continue;
    if (q.origin === 'agency' && a.originAgencyId !== actor.agencyId) continue;
    if (!canSeeAlert(actor, a)) continue;
    ids.push(a.id);
    if (ids.length > q.limit) break;
  }
  const docs = ids.map((id) => instance.alertCopy.get(id)).filter((d): d is AlertDoc => !!d);
  return page(instance, actor, docs, q.limit);
}

/** Visible alerts, newest first, as summaries. Another process's write just made is included. */
export async function listAlerts(instance: Instance, actor: Actor, q: ListAlertsQuery): Promise<Page<AlertSummaryDto>> {
  await syncCopyOrRefuse(instance);
  return listAlertsFromCopy(instance, actor, q);
}
