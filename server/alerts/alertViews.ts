/** Who viewed or exported an alert (the AlertView model), for its originating agency; also as CSV. */
import { stringify } from 'csv-stringify/sync';
import { agencyFields, userById, usersByIds } from '../identity/index.js';
import { type AlertViewDoc } from './AlertView.js';
import { COUNTRY_ZONES, localDateTime as localTime, zoneName } from '../../shared/time.js';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';
import { neutralizeCell } from '../directory/index.js';
import { loadAlertFor } from './alertReads.js';
import type { Instance } from '../platform/instance.js';
import type { Store } from '../platform/store/index.js';

/** Views listed at most (the audit trail keeps every one). */
const MAX_VIEWS = 1000;

type ViewEntry = Omit<AlertViewDoc, '_id' | 'alertId'>;

/** Before views were entries of their own, each alert had one document listing its views. */
const legacyViews = (store: Store) => store.collection<{ _id: string; views: ViewEntry[] }>('alertviews');

export async function recordAlertView(
  instance: Instance,
  alertId: string,
  actor: Actor,
  action: ViewEntry['action'],
  auditSeq: number,
): Promise<void> {
  const { AlertView } = instance.models.alerts;
  await AlertView.create({ alertId, at: new Date(), userId: actor.id, agencyId: actor.agencyId, country: actor.country, action, auditSeq });
}

/** GET /alerts/:id/views — for the originating agency, newest first. */
export async function listAlertViews(instance: Instance, actor: Actor, alertId: string) {
  const { AlertView } = instance.models.alerts;
  await loadAlertFor(instance, actor, alertId, 'viewViews');
  const [entries, legacy] = await Promise.all([
    AlertView.find({ alertId }).sort({ at: -1, _id: -1 }).limit(MAX_VIEWS).lean<AlertViewDoc[]>(),
    legacyViews(instance.store).findOne({ _id: alertId }),
  ]);
  const views: ViewEntry[] = [...entries.map(({ _id, alertId: _a, ...v }) => v), ...[...(legacy?.views ?? [])].reverse()].slice(
    0,
    MAX_VIEWS,
  );
  const names = await userNames(
    instance,
    views.map((v) => v.userId),
  );
  const items = views.map((v) => ({
    at: v.at.toISOString(),
    userId: v.userId,
    userName: names.get(v.userId) ?? null,
    agencyId: v.agencyId,
    country: v.country,
    action: v.action,
    auditSeq: v.auditSeq,
  }));
  return { items, nextCursor: null };
}

/** Display names of the viewers, by id (one read). */
async function userNames(instance: Instance, ids: string[]): Promise<Map<string, string>> {
  const found = await usersByIds(instance, ids, ['displayName']);
  return new Map(found.map((u) => [String(u._id), u.displayName]));
}

/** The CSV's columns, in Spanish: one line per person, with counts and local times. */
export const VIEWS_CSV_COLUMNS = [
  'Persona',
  'Organismo',
  'País',
  'Vistas',
  'Exportaciones',
  'Primera vez',
  'Última vez',
  'Zona horaria',
] as const;

/**
 * GET /alerts/:id/views/export.csv — the same list for the originating agency, as CSV (UTF-8 BOM,
 * every cell quoted and neutralised against formula injection like the contacts export). Audited
 * as `alert.views_export`.
 */
export async function exportAlertViewsCsv(instance: Instance, actor: Actor, alertId: string): Promise<{ filename: string; body: string }> {
  const alert = await loadAlertFor(instance, actor, alertId, 'viewViews');
  const { items } = await listAlertViews(instance, actor, alertId);
  const agencyNames = await agencyFields(
    instance,
    items.map((v) => v.agencyId),
    'name',
  );
  // The requester's own zone (My account), else their country's.
  const zone = (await userById(instance, actor.id, ['timeZone']))?.timeZone ?? COUNTRY_ZONES[actor.country];
  const people = new Map<string, { first: string; last: string; views: number; exports: number; item: (typeof items)[number] }>();
  for (const v of items) {
    const p = people.get(v.userId) ?? { first: v.at, last: v.at, views: 0, exports: 0, item: v };
    if (v.action === 'export') p.exports++;
    else p.views++;
    if (v.at < p.first) p.first = v.at;
    if (v.at > p.last) p.last = v.at;
    people.set(v.userId, p);
  }
  const rows = [...people.values()].map((p) =>
    [
      p.item.userName ?? 'Cuenta desconocida',
      agencyNames.get(p.item.agencyId) ?? '',
      p.item.country,
      String(p.views),
      String(p.exports),
      localTime(p.first, zone),
      localTime(p.last, zone),
      zoneName(zone, 'es'),
    ].map(neutralizeCell),
  );
  const body = '\uFEFF' + stringify([[...VIEWS_CSV_COLUMNS], ...rows], { quoted: true, record_delimiter: 'windows' });
  await recordAudit(instance, {
    actor,
    action: 'alert.views_export',
    targetType: 'alert',
    targetId: alertId,
    details: { rows: rows.length, views: items.length },
  });
  return { filename: `puente-${alert.reference}-vistas.csv`, body };
}
