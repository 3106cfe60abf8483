/**
 * The commission's tables from alert facts (pure): count, then suppress (suppression.ts), then
 * order. Every table of alerts is one partition of the year's alerts — each alert in exactly one
 * row, an "unknown" row for those without the fact — so every one has the same total and no sum
 * across tables reveals more than one table does. Only places are nested (countries, then their
 * provinces or departments), suppressed as a table with row totals.
 */
import type {
  StatisticsCellDto,
  StatisticsDto,
  StatisticsNestedTableDto,
  StatisticsTableDto,
  StatisticsTableId,
} from '../../shared/dto/statistics.js';
import { ALERT_KINDS, ALERT_STATUSES } from '../../shared/schemas/alertEnums.js';
import { COUNTRIES } from '../../shared/schemas/common.js';
import { foldName } from '../../shared/identifiers/fold.js';
import { HOUR_MS } from '../../shared/time.js';
import type { AlertFacts } from '../alerts/index.js';
import { K, suppressNested, suppressOneWay, suppressSingle, type Categories } from './suppression.js';
import { STATISTICS_ZONE } from './statisticsYear.js';

/** The key of rows without the fact. */
export const UNKNOWN = 'unknown';

export interface StatisticsInput {
  year: number;
  facts: readonly AlertFacts[];
  /** Access requests granted in the year, by the requester's country. */
  granted: ReadonlyMap<string, number>;
  crossBorderMatches: number;
  now: Date;
}

interface Row {
  key: string;
  label: string | null;
  count: number;
  /** Hours of each member (time tables). */
  hours?: number[];
}

/** Median of hours, to one decimal. */
export function medianHours(values: readonly number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}

/**
 * Published rows by count (largest first), then suppressed ones by label: ordering suppressed rows
 * by their counts would tell which is larger.
 */
type Ordered = { key: string; label?: string | null; count: number | null };
const nameOf = (r: Ordered) => (r.key === UNKNOWN ? '\uffff' : (r.label ?? r.key));
function compareRows(a: Ordered, b: Ordered): number {
  if ((a.count === null) !== (b.count === null)) return a.count === null ? 1 : -1;
  if (a.count !== null && b.count !== null && a.count !== b.count) return b.count - a.count;
  return nameOf(a).localeCompare(nameOf(b), 'es');
}
const orderOpen = <T extends Ordered>(rows: T[]): T[] => [...rows].sort(compareRows);

function table(id: StatisticsTableId, rows: Row[], categories: Categories, k: number, withMedians = false): StatisticsTableDto {
  const listed = categories === 'open' ? rows.filter((r) => r.count > 0) : rows;
  const result = suppressOneWay(
    listed.map((r) => r.count),
    categories,
    k,
  );
  const cells: StatisticsCellDto[] =
    result.merged !== null
      ? []
      : listed.map((r, i) => {
          const count = result.cells[i] ?? null;
          const cell: StatisticsCellDto = { key: r.key, label: r.label, count };
          // A median only over a published count: never over a suppressed group.
          if (withMedians) cell.medianHours = count !== null && count >= k ? medianHours(r.hours ?? []) : null;
          return cell;
        });
  const dto: StatisticsTableDto = {
    id,
    total: result.total,
    rows: categories === 'open' ? orderOpen(cells) : cells,
    merged: result.merged,
    zerosSuppressed: result.zerosSuppressed,
    withheld: result.withheld,
  };
  if (withMedians) dto.medianHours = result.total !== null && result.total >= k ? medianHours(rows.flatMap((r) => r.hours ?? [])) : null;
  return dto;
}

/** Rows for fixed keys, counted by `keyOf`. */
function fixedRows(keys: readonly string[], facts: readonly AlertFacts[], keyOf: (f: AlertFacts) => string): Row[] {
  const rows = new Map(keys.map((key) => [key, { key, label: null, count: 0 } as Row]));
  for (const f of facts) {
    const row = rows.get(keyOf(f));
    if (row) row.count++;
  }
  return [...rows.values()];
}

/**
 * Rows for text typed in alerts (places, crossings): spellings that fold alike are one row, named
 * by its most frequent spelling (ties: the first in Spanish order).
 */
function openRows(values: ReadonlyArray<string | null>): Row[] {
  const rows = new Map<string, { count: number; spellings: Map<string, number> }>();
  for (const v of values) {
    const key = v === null ? UNKNOWN : foldName(v) || UNKNOWN;
    const row = rows.get(key) ?? { count: 0, spellings: new Map<string, number>() };
    row.count++;
    if (v !== null && key !== UNKNOWN) row.spellings.set(v, (row.spellings.get(v) ?? 0) + 1);
    rows.set(key, row);
  }
  return [...rows].map(([key, r]) => {
    const spellings = [...r.spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'es'));
    return { key, label: spellings[0]?.[0] ?? null, count: r.count };
  });
}

/** Rows for codes (countries): one per code seen, `unknown` for none. */
function codeRows(values: ReadonlyArray<string | null>): Row[] {
  const rows = new Map<string, Row>();
  for (const v of values) {
    const key = v ?? UNKNOWN;
    const row = rows.get(key) ?? { key, label: null, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  return [...rows.values()];
}

const monthFormat = new Intl.DateTimeFormat('en-CA', { timeZone: STATISTICS_ZONE, year: 'numeric', month: '2-digit' });
/** `2026-03`: the month of a moment in the commission's zone. */
export const monthOf = (d: Date): string => {
  const parts = Object.fromEntries(monthFormat.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}`;
};

function byPlace(facts: readonly AlertFacts[], k: number): StatisticsNestedTableDto {
  const countries = new Map<string, AlertFacts[]>();
  for (const f of facts) {
    const key = f.placeCountry ?? UNKNOWN;
    const members = countries.get(key);
    if (members) members.push(f);
    else countries.set(key, [f]);
  }
  const groups = [...countries].map(([key, members]) => ({ key, rows: openRows(members.map((m) => m.placeArea)) }));
  const result = suppressNested(
    groups.map((g) => g.rows.map((r) => r.count)),
    k,
  );
  const listed = groups.map((g, i) => {
    const r = result.groups[i]!;
    const cells = r.cells;
    const rows = cells === null ? null : orderOpen(g.rows.map((row, j) => ({ key: row.key, label: row.label, count: cells[j] ?? null })));
    return { key: g.key, count: r.count, rows };
  });
  return { id: 'byPlace', total: result.total, groups: result.merged !== null ? [] : orderOpen(listed), merged: result.merged };
}

/** Rows by issuing country with each member's hours from creation to `at` (alerts with `at` only). */
function timeRows(facts: readonly AlertFacts[], at: (f: AlertFacts) => Date | null): Row[] {
  const rows = COUNTRIES.map((key): Row => ({ key, label: null, count: 0, hours: [] }));
  for (const f of facts) {
    const when = at(f);
    const row = rows.find((r) => r.key === f.originCountry);
    if (!when || !row) continue;
    row.count++;
    row.hours!.push(Math.max(0, when.getTime() - f.createdAt.getTime()) / HOUR_MS);
  }
  return rows;
}

/**
 * A table nothing of which is published: the time to resolution when the outcome table suppresses
 * its resolved count — they count the same alerts, so either would give the other away.
 */
function withheld(t: StatisticsTableDto): StatisticsTableDto {
  return {
    ...t,
    total: null,
    rows: t.rows.map((r) => ({ ...r, count: null, medianHours: null })),
    withheld: true,
    medianHours: null,
  };
}

/** Every table of the year, suppressed. */
export function buildStatistics(input: StatisticsInput, k = K): StatisticsDto {
  const { facts, year } = input;
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const byOutcome = table(
    'byOutcome',
    fixedRows(ALERT_STATUSES, facts, (f) => f.status),
    'fixed',
    k,
  );
  const resolution = table(
    'resolution',
    timeRows(facts, (f) => f.resolvedAt),
    'fixed',
    k,
    true,
  );
  const resolvedShown = byOutcome.rows.find((r) => r.key === 'resolved')?.count !== null;
  return {
    year,
    k,
    generatedAt: input.now.toISOString(),
    zone: STATISTICS_ZONE,
    tables: {
      byKind: table(
        'byKind',
        fixedRows(ALERT_KINDS, facts, (f) => f.kind),
        'fixed',
        k,
      ),
      byMonth: table(
        'byMonth',
        fixedRows(months, facts, (f) => monthOf(f.createdAt)),
        'fixed',
        k,
      ),
      byOutcome,
      byPlace: byPlace(facts, k),
      byCrossing: table('byCrossing', openRows(facts.map((f) => f.borderCrossing)), 'open', k),
      byNationality: table('byNationality', codeRows(facts.map((f) => f.victimNationality)), 'open', k),
      firstHit: table(
        'firstHit',
        timeRows(facts, (f) => f.firstHitAt),
        'fixed',
        k,
        true,
      ),
      resolution: resolvedShown ? resolution : withheld(resolution),
      accessGranted: table(
        'accessGranted',
        COUNTRIES.map((key) => ({ key, label: null, count: input.granted.get(key) ?? 0 })),
        'fixed',
        k,
      ),
    },
    crossBorderMatches: suppressSingle(input.crossBorderMatches, k),
  };
}
