/** Who viewed or exported an alert (the AlertView model), for its originating agency; also as CSV. */
import { stringify } from 'csv-stringify/sync';
import mongoose from 'mongoose';
import { agencyFields } from '../../models/Agency.js';
import { AlertView, type AlertViewDoc } from '../../models/AlertView.js';
import type { Actor } from '../../policies/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { neutralizeCell } from '../directory/csv.js';
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

export const VIEWS_CSV_COLUMNS = ['at', 'action', 'userId', 'agencyId', 'agencyName', 'country', 'auditSeq'] as const;

/**
 * GET /alerts/:id/views/export.csv — the same list for the originating agency, as CSV (UTF-8 BOM,
 * every cell quoted and neutralised against formula injection like the contacts export). Audited
 * as `alert.views_export`.
 */
export async function exportAlertViewsCsv(actor: Actor, alertId: string): Promise<{ filename: string; body: string }> {
  const alert = await loadAlertFor(actor, alertId, 'viewViews');
  const { items } = await listAlertViews(actor, alertId);
  const names = await agencyFields(
    items.map((v) => v.agencyId),
    'name',
  );
  const rows = items.map((v) =>
    [v.at, v.action, v.userId, v.agencyId, names.get(v.agencyId) ?? '', v.country, String(v.auditSeq)].map(neutralizeCell),
  );
  const body = '\uFEFF' + stringify([[...VIEWS_CSV_COLUMNS], ...rows], { quoted: true, record_delimiter: 'windows' });
  await recordAudit({ actor, action: 'alert.views_export', targetType: 'alert', targetId: alertId, details: { rows: rows.length } });
  return { filename: `puente-${alert.reference}-vistas.csv`, body };
}
