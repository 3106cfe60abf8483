/**
 * Small-count suppression for the commission's tables (docs/statistics.md "Method"): pure, no I/O.
 *
 * Every published count is 0 or at least K (11, the threshold of IOM's Counter-Trafficking Data
 * Collaborative). A count from 1 to K−1 is suppressed (primary), and further cells are suppressed
 * (complementary) until, within each table line whose total is known, the suppressed cells
 *  - are at least two,
 *  - add up to at least K (so the total minus the published cells, which everyone can compute, is
 *    0 or at least K), and
 *  - add up to more than their number (one of them is 2 or more: since zeros are published, a
 *    reader knows every suppressed cell is 1 or more, and K suppressed ones adding up to K would
 *    all be 1).
 * Complements are the smallest published cells, so as little as possible is lost. When even all
 * of a line's cells cannot meet the rule (they are all 1), a line of fixed categories suppresses
 * its zero cells as well (a reader then cannot tell a suppressed cell from a zero), or, with no
 * zero, withholds the whole line; a line of open categories (provinces, crossings: only those
 * that occur are listed) lists them no more and shows their sum as one "others" row.
 * A total below K is suppressed with every nonzero cell of its table.
 */

/** The CTDC threshold: no published count is between 1 and K−1. */
export const K = 11;

/** A count as published: the number, or null when suppressed. */
export type Published = number | null;

/** Fixed categories are listed whether they occur or not (kinds, months); open ones only when they occur. */
export type Categories = 'fixed' | 'open';

export interface OneWayResult {
  total: Published;
  /** One per input cell, in order; an open table whose rows were merged has every cell null here. */
  cells: Published[];
  /** Zero cells were suppressed too (fixed categories): a suppressed cell may then be a zero. */
  zerosSuppressed: boolean;
  /** Fixed categories that could not be protected: nothing of the line is published but its total. */
  withheld: boolean;
  /** Open categories merged into one row of this count (the cells are then not listed at all). */
  merged: number | null;
}

const protectedEnough = (n: number, sum: number, k: number, floor: number) => n === 0 || (n >= 2 && sum >= k && sum - n * floor > 0);

/**
 * The suppression of one line whose total is published (when `totalKnown`): which cells to hide.
 * `floor` is what a reader knows a suppressed cell to be at least (1 while zeros are published).
 */
function hideWithin(counts: readonly number[], k: number): boolean[] {
  const hidden = counts.map((c) => c > 0 && c < k);
  let n = hidden.filter(Boolean).length;
  let sum = counts.reduce((s, c, i) => s + (hidden[i] ? c : 0), 0);
  while (!protectedEnough(n, sum, k, 1)) {
    let next = -1;
    for (let i = 0; i < counts.length; i++) {
      if (!hidden[i] && counts[i]! > 0 && (next < 0 || counts[i]! < counts[next]!)) next = i;
    }
    if (next < 0) break;
    hidden[next] = true;
    n++;
    sum += counts[next]!;
  }
  return hidden;
}

/**
 * One line of counts with its total. `categories` says whether the reader knows the line's
 * categories beforehand (fixed: listed with zeros) or learns them from the rows (open).
 */
export function suppressOneWay(counts: readonly number[], categories: Categories, k = K): OneWayResult {
  const total = counts.reduce((s, c) => s + c, 0);
  const none: OneWayResult = { total, cells: [], zerosSuppressed: false, withheld: false, merged: null };
  if (total > 0 && total < k) {
    // Too few in all: the total goes, and every nonzero cell with it (no equation is left to solve).
    return { ...none, total: null, cells: counts.map((c) => (c === 0 ? 0 : null)) };
  }
  const hidden = hideWithin(counts, k);
  const n = hidden.filter(Boolean).length;
  const sum = counts.reduce((s, c, i) => s + (hidden[i] ? c : 0), 0);
  if (protectedEnough(n, sum, k, 1)) return { ...none, cells: counts.map((c, i) => (hidden[i] ? null : c)) };
  // Every nonzero cell is hidden and they are all 1 (see the file comment).
  if (categories === 'open') return { ...none, cells: counts.map(() => null), merged: total };
  const zeros = counts.filter((c) => c === 0).length;
  if (zeros > 0 && protectedEnough(n + zeros, sum, k, 0)) return { ...none, cells: counts.map(() => null), zerosSuppressed: true };
  return { ...none, cells: counts.map(() => null), withheld: true };
}

export interface NestedGroupResult {
  count: Published;
  /** The group's rows, or null when the group's count is suppressed and its rows are not listed. */
  cells: Published[] | null;
  /** The group's rows merged into one row of this count (open rows that could not be protected). */
  merged: number | null;
}

export interface NestedResult {
  total: Published;
  groups: NestedGroupResult[];
  /** The groups merged into one row (open groups that could not be protected). */
  merged: number | null;
}

/**
 * Groups of open rows, e.g. countries and their provinces: row totals (the groups) and the grand
 * total. The groups are suppressed as one line under the grand total; each group whose count is
 * published is a line of its own under it; a group whose count is suppressed lists no rows, since
 * its rows would bound its count (a reader could then narrow the suppressed groups).
 */
export function suppressNested(groups: readonly (readonly number[])[], k = K): NestedResult {
  const counts = groups.map((g) => g.reduce((s, c) => s + c, 0));
  const top = suppressOneWay(counts, 'open', k);
  return {
    total: top.total,
    merged: top.merged,
    groups: groups.map((rows, i) => {
      const count = top.cells[i] ?? null;
      if (count === null) return { count: null, cells: null, merged: null };
      const line = suppressOneWay(rows, 'open', k);
      return { count, cells: line.merged === null ? line.cells : null, merged: line.merged };
    }),
  };
}

/** A count published on its own, with no total beside it. */
export const suppressSingle = (count: number, k = K): Published => (count === 0 || count >= k ? count : null);
