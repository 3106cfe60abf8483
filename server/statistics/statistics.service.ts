/**
 * The commission's statistics for a year (issue 29): read the facts (alerts, granted access
 * requests, cross-border matches), build the suppressed tables; the CSV export is audited like the
 * other exports. Knows nothing of HTTP.
 */
import type { StatisticsDto } from '../../shared/dto/statistics.js';
import { alertFactsBetween } from '../alerts/index.js';
import { crossBorderMatchPairs } from '../notifications/index.js';
import type { Actor } from '../platform/actor.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';
import { authorize } from '../platform/authorize.js';
import { grantedRequestsByCountry } from '../search/index.js';
import { can } from './statistics.policy.js';
import { statisticsToCsv } from './statisticsCsv.js';
import { buildStatistics } from './statisticsTables.js';
import { currentYear, yearBounds } from './statisticsYear.js';
import type { Instance } from '../platform/instance.js';

async function compute(instance: Instance, year: number, now: Date): Promise<StatisticsDto> {
  const { from, to } = yearBounds(year);
  const [facts, granted, crossBorderMatches] = await Promise.all([
    alertFactsBetween(instance, from, to),
    grantedRequestsByCountry(instance, from, to),
    crossBorderMatchPairs(instance, from, to),
  ]);
  return buildStatistics({ year, facts, granted, crossBorderMatches, now });
}

/** The tables of `year` (the current one by default). */
export async function readStatistics(instance: Instance, actor: Actor, year: number | undefined, now = new Date()): Promise<StatisticsDto> {
  authorize(can(actor, 'view'), 'statistics.view', { targetType: 'statistics' });
  return compute(instance, year ?? currentYear(now), now);
}

export interface StatisticsFile {
  filename: string;
  contentType: string;
  body: string;
}

/** The tables of `year` as CSV, audited as `statistics.export`. */
export async function exportStatistics(
  instance: Instance,
  actor: Actor,
  year: number | undefined,
  now = new Date(),
): Promise<StatisticsFile> {
  authorize(can(actor, 'export'), 'statistics.export', { targetType: 'statistics' });
  const y = year ?? currentYear(now);
  const stats = await compute(instance, y, now);
  await recordAudit(instance, { actor, action: 'statistics.export', targetType: 'statistics', details: { format: 'csv', year: y } });
  return { filename: `puente-estadisticas-${y}.csv`, contentType: 'text/csv; charset=utf-8', body: statisticsToCsv(stats) };
}
