/**
 * The commission's statistics (issue 29): tables of counts in which every published count is 0 or
 * at least `k`; `null` is a suppressed count (docs/statistics.md). Keys are codes the client names
 * (kinds, outcomes, months, countries); places and crossings carry the label as typed.
 */

/** The first year Puente could hold alerts: an earlier year has nothing to count. */
export const FIRST_STATISTICS_YEAR = 2024;
/** A far bound only: a year after the current one is answered with empty tables. */
export const LAST_STATISTICS_YEAR = 2100;

/** One row of a table. */
export interface StatisticsCellDto {
  /** A code (`possible_victim`, `2026-03`, `AR`, `unknown`) or, for places and crossings, a folded key. */
  key: string;
  /** The label as written in the alerts (places, crossings); null for coded rows. */
  label: string | null;
  /** null: suppressed (between 1 and k−1, or hidden to protect such a row). */
  count: number | null;
  /** Median hours (time tables only), published only over a published count (≥ k). */
  medianHours?: number | null;
}

export interface StatisticsTableDto {
  id: StatisticsTableId;
  /** The table's total (null: suppressed). */
  total: number | null;
  rows: StatisticsCellDto[];
  /** Rows merged because listing them could not be protected: their sum, as one "others" row. */
  merged: number | null;
  /** The zero rows may be suppressed too: a suppressed row may then be a zero. */
  zerosSuppressed: boolean;
  /** Nothing of the table is published but its total (too few to split). */
  withheld: boolean;
  /** Time tables: the median over the total (null: not published). */
  medianHours?: number | null;
}

/** A group of rows under a row total (countries and their provinces or departments). */
export interface StatisticsGroupDto {
  key: string;
  count: number | null;
  /** null: not listed (the group's count is suppressed, or its rows could not be protected). */
  rows: StatisticsCellDto[] | null;
}

export interface StatisticsNestedTableDto {
  id: 'byPlace';
  total: number | null;
  groups: StatisticsGroupDto[];
  merged: number | null;
}

export type StatisticsTableId =
  'byKind' | 'byMonth' | 'byOutcome' | 'byCrossing' | 'byNationality' | 'firstHit' | 'resolution' | 'accessGranted';

export interface StatisticsDto {
  year: number;
  /** The suppression threshold (11). */
  k: number;
  /** When the tables were computed (ISO 8601). */
  generatedAt: string;
  /** The zone months and years are read in (both countries keep UTC−3). */
  zone: string;
  tables: {
    byKind: StatisticsTableDto;
    byMonth: StatisticsTableDto;
    byOutcome: StatisticsTableDto;
    /** Countries of the alerts' first place (destination), each with its provinces or departments. */
    byPlace: StatisticsNestedTableDto;
    byCrossing: StatisticsTableDto;
    /** Country of origin: the first victim's nationality. */
    byNationality: StatisticsTableDto;
    /** Alerts with a first hit, by issuing country, with the median hours to it. */
    firstHit: StatisticsTableDto;
    /** Resolved alerts, by issuing country, with the median hours to resolution. */
    resolution: StatisticsTableDto;
    /** Access requests granted, by the requesting agency's country. */
    accessGranted: StatisticsTableDto;
  };
  /** Pairs of alerts of different countries found linked (null: suppressed). */
  crossBorderMatches: number | null;
}
