/** Cross-border matches: an alert's links to other alerts (GET /alerts/:id/matches), and the agency's. */
import type { AlertMatchDto, AlertSummaryDto, Page } from '../../../shared/dto/alert.js';
import { listAlerts, listMatches, type AlertFilters } from './alerts.js';

export interface AlertWithMatches {
  alert: AlertSummaryDto;
  matches: AlertMatchDto[];
}

/** A page of the agency's alerts (newest first), each with its matches; only those with matches are kept. */
export async function agencyMatches(cursor: string | null, limit = 10): Promise<Page<AlertWithMatches>> {
  const ownAgency: AlertFilters & { origin: 'agency' } = { origin: 'agency' };
  const page = await listAlerts(ownAgency, cursor, limit);
  const rows = await Promise.all(
    page.items.map(async (alert) => ({ alert, matches: (await listMatches(alert.id).catch(() => ({ items: [] }))).items })),
  );
  return { items: rows.filter((r) => r.matches.length > 0), nextCursor: page.nextCursor };
}

export { listMatches };
