/** Spanish labels of the CSV: the screen's own (shared/statisticsLabels.ts). */
import type { StatisticsCellDto } from '../../shared/dto/statistics.js';
import { rowLabel as labelIn, tableTitle, type StatisticsTitleId } from '../../shared/statisticsLabels.js';

const IDS: StatisticsTitleId[] = [
  'byKind',
  'byMonth',
  'byOutcome',
  'byPlace',
  'byCrossing',
  'byNationality',
  'firstHit',
  'resolution',
  'accessGranted',
  'crossBorderMatches',
];

export const TABLE_TITLES = Object.fromEntries(IDS.map((id) => [id, tableTitle(id, 'es')])) as Record<StatisticsTitleId, string>;

export const rowLabel = (table: StatisticsTitleId, row: Pick<StatisticsCellDto, 'key' | 'label' | 'count'>): string =>
  labelIn(table, row, 'es');
