/**
 * The statistics as CSV, one row per published row, Spanish labels, built like the directory's
 * export (csv-stringify, UTF-8 BOM, every field quoted, cells neutralised against formula
 * injection: places and crossings are text typed in alerts). A suppressed count reads `<11`.
 */
import { stringify } from 'csv-stringify/sync';
import type { StatisticsCellDto, StatisticsDto, StatisticsTableDto } from '../../shared/dto/statistics.js';
import { neutralizeCell } from '../directory/index.js';
import { rowLabel, TABLE_TITLES } from './statisticsLabels.js';

export const STATISTICS_CSV_COLUMNS = ['tabla', 'grupo', 'clave', 'fila', 'recuento', 'mediana_horas'] as const;

type Line = [string, string, string, string, string, string];

const count = (c: number | null, k: number) => (c === null ? `<${k}` : String(c));
const hours = (h: number | null | undefined) => (h === undefined ? '' : h === null ? '—' : String(h));

function tableLines(t: StatisticsTableDto, k: number): Line[] {
  const title = TABLE_TITLES[t.id];
  const lines = t.rows.map((r: StatisticsCellDto): Line => [title, '', r.key, rowLabel(t.id, r), count(r.count, k), hours(r.medianHours)]);
  if (t.merged !== null) lines.push([title, '', 'merged', 'Otras (agrupadas para proteger recuentos pequeños)', String(t.merged), '']);
  lines.push([title, '', 'total', 'Total', count(t.total, k), hours(t.medianHours)]);
  return lines;
}

export function statisticsToCsv(s: StatisticsDto): string {
  const { k, tables } = s;
  const lines: Line[] = [...tableLines(tables.byKind, k), ...tableLines(tables.byMonth, k), ...tableLines(tables.byOutcome, k)];
  const place = TABLE_TITLES.byPlace;
  for (const g of tables.byPlace.groups) {
    const group = rowLabel('byNationality', { key: g.key, label: null, count: g.count });
    lines.push([place, group, g.key, `${group} (total del país)`, count(g.count, k), '']);
    for (const r of g.rows ?? []) lines.push([place, group, r.key, rowLabel('byPlace', r), count(r.count, k), '']);
  }
  if (tables.byPlace.merged !== null)
    lines.push([place, '', 'merged', 'Otras (agrupadas para proteger recuentos pequeños)', String(tables.byPlace.merged), '']);
  lines.push([place, '', 'total', 'Total', count(tables.byPlace.total, k), '']);
  lines.push(
    ...tableLines(tables.byCrossing, k),
    ...tableLines(tables.byNationality, k),
    ...tableLines(tables.firstHit, k),
    ...tableLines(tables.resolution, k),
    ...tableLines(tables.accessGranted, k),
  );
  lines.push([TABLE_TITLES.crossBorderMatches, '', 'total', 'Total', count(s.crossBorderMatches, k), '']);
  return stringify([[...STATISTICS_CSV_COLUMNS], ...lines.map((l) => l.map(neutralizeCell))], {
    bom: true,
    quoted: true,
    quoted_empty: true,
    record_delimiter: 'windows',
  });
}
