/** Who viewed or exported an alert: one document per alert (primary-key read), each entry
 * pointing at its audit event, newest kept. */
import { stringify } from 'csv-stringify/sync';
import mongoose from 'mongoose';
import { Agency } from '../../models/Agency.js';
import type { Actor } from '../../policies/actor.js';
import { assertLockHeld, withDocLock } from '../../store/docLock.js';
import { op } from '../../store/mongoose.js';
import { recordAudit } from '../audit/audit.service.js';
import { neutralizeCell } from '../directory/csv.js';
import { loadAlertFor } from './alerts.service.js';

const MAX_VIEWS = 1000;

interface ViewEntry {
  at: Date;
  userId: string;
  agencyId: string;
  country: string;
  action: 'view' | 'export';
  auditSeq: number;
}
interface ViewsDoc {
  _id: string;
  views: ViewEntry[];
}
const viewsCollection = () => mongoose.connection.collection<ViewsDoc>('alertviews');

export async function recordAlertView(alertId: string, actor: Actor, action: ViewEntry['action'], auditSeq: number): Promise<void> {
  const entry: ViewEntry = { at: new Date(), userId: actor.id, agencyId: actor.agencyId, country: actor.country, action, auditSeq };
  await withDocLock(`alertviews:${alertId}`, async () => {
    await assertLockHeld();
    await viewsCollection().updateOne({ _id: alertId }, { $push: { views: { $each: [entry], $slice: -MAX_VIEWS } } }, { upsert: true });
  });
}

/** GET /alerts/:id/views — for the originating agency. */
export async function listAlertViews(actor: Actor, alertId: string) {
  await loadAlertFor(actor, alertId, 'viewViews');
  const doc = await viewsCollection().findOne({ _id: alertId });
  const items = [...(doc?.views ?? [])].reverse().map((v) => ({ ...v, at: v.at.toISOString() }));
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
  const agencyIds = [...new Set(items.map((v) => v.agencyId))];
  const agencies = await Agency.find({ _id: op({ $in: agencyIds }) }, { name: 1 }).lean<Array<{ _id: unknown; name: string }>>();
  const names = new Map(agencies.map((a) => [String(a._id), a.name]));
  const rows = items.map((v) =>
    [v.at, v.action, v.userId, v.agencyId, names.get(v.agencyId) ?? '', v.country, String(v.auditSeq)].map(neutralizeCell),
  );
  const body = '\uFEFF' + stringify([[...VIEWS_CSV_COLUMNS], ...rows], { quoted: true, record_delimiter: 'windows' });
  await recordAudit({ actor, action: 'alert.views_export', targetType: 'alert', targetId: alertId, details: { rows: rows.length } });
  return { filename: `puente-${alert.reference}-vistas.csv`, body };
}
