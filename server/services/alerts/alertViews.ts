/** Who viewed or exported an alert (the AlertView model), for its originating agency. */
import mongoose from 'mongoose';
import { AlertView, type AlertViewDoc } from '../../models/AlertView.js';
import type { Actor } from '../../policies/actor.js';
import { loadAlertFor } from './alerts.service.js';

/** Views listed at most (the audit trail keeps every one). */
const MAX_VIEWS = 1000;

type ViewEntry = Omit<AlertViewDoc, '_id' | 'alertId'>;

/** Before views were entries of their own, each alert had one document listing its views. */
const legacyViews = () => mongoose.connection.collection<{ _id: string; views: ViewEntry[] }>('alertviews');

export async function recordAlertView(alertId: string, actor: Actor, action: ViewEntry['action'], auditSeq: number): Promise<void> {
  await AlertView.create({ alertId, at: new Date(), userId: actor.id, agencyId: actor.agencyId, country: actor.country, action, auditSeq });
}

/** GET /alerts/:id/views — for the originating agency, newest first. */
export async function listAlertViews(actor: Actor, alertId: string) {
  await loadAlertFor(actor, alertId, 'viewViews');
  const [entries, legacy] = await Promise.all([
    AlertView.find({ alertId }).sort({ at: -1, _id: -1 }).limit(MAX_VIEWS).lean<AlertViewDoc[]>(),
    legacyViews().findOne({ _id: alertId }),
  ]);
  const views: ViewEntry[] = [...entries.map(({ _id, alertId: _a, ...v }) => v), ...[...(legacy?.views ?? [])].reverse()].slice(
    0,
    MAX_VIEWS,
  );
  const items = views.map((v) => ({
    at: v.at.toISOString(),
    userId: v.userId,
    agencyId: v.agencyId,
    country: v.country,
    action: v.action,
    auditSeq: v.auditSeq,
  }));
  return { items, nextCursor: null };
}
