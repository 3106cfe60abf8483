/**
 * Small-count suppression for the commission's statistics (issue 29, docs/statistics.md). Unit
 * cases, then properties over random tables (fast-check): no published count is between 1 and
 * k−1; in every line whose total is published, the total minus the published cells is 0 or at
 * least k; and no suppressed count between 1 and k−1 can be worked out from what is published.
 *
 * The last property is checked as a reader would attack the table, from the published output only
 * (not from the module's own reasoning): the reader knows each line's total when published, its
 * published cells, that suppressed cells are whole numbers at least 1 (0 when the line says zeros
 * may be suppressed, or when the rows are merged and not listed). A suppressed cell is recoverable
 * when it is the line's only unknown, or when every other solution is ruled out: with the line's
 * sum fixed, some other suppressed cell can give or take one unit unless all sit at their floor.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { K, suppressNested, suppressOneWay, suppressSingle, type OneWayResult } from '../../server/statistics/suppression.js';

/** What a reader can compute of one line: the cells, the total, the floor of a suppressed cell. */
interface Line {
  total: number | null;
  published: Array<number | null>;
  truth: number[];
  floor: 0 | 1;
}

const lineOf = (counts: number[], r: OneWayResult): Line => ({
  total: r.total,
  published: r.cells,
  truth: counts,
  floor: r.zerosSuppressed ? 0 : 1,
});

/** The suppressed cells a reader can pin to one value (the module is not consulted). */
function recoverable(line: Line): number[] {
  const hidden = line.published.flatMap((c, i) => (c === null ? [i] : []));
  if (line.total === null) return []; // nothing ties them: each may be any value from its floor up
  return hidden.filter((i) => {
    const others = hidden.filter((j) => j !== i);
    if (others.length === 0) return true; // the total minus the published cells
    // Another solution: move one unit between i and another suppressed cell, keeping both ≥ floor.
    const canGive = line.truth[i]! - 1 >= line.floor; // i −1, another +1
    const canTake = others.some((j) => line.truth[j]! - 1 >= line.floor); // i +1, another −1
    return !canGive && !canTake;
  });
}

function expectSafeLine(line: Line, k: number, label: string): void {
  // Published values are the true ones.
  line.published.forEach((c, i) => c === null || expect(c, `${label}: cell ${i}`).to.equal(line.truth[i]));
  for (const c of [...line.published, line.total]) if (c !== null) expect(c === 0 || c >= k, `${label}: published ${c}`).to.equal(true);
  if (line.total !== null) {
    expect(line.total, `${label}: total`).to.equal(line.truth.reduce((s, c) => s + c, 0));
    const rest = line.total - line.published.reduce<number>((s, c) => s + (c ?? 0), 0);
    expect(rest === 0 || rest >= k, `${label}: total − published = ${rest}`).to.equal(true);
  }
  for (const i of recoverable(line)) {
    const v = line.truth[i]!;
    expect(v === 0 || v >= k, `${label}: suppressed cell ${i} (${v}) can be worked out`).to.equal(true);
  }
}

const smallish = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 60 }));
const counts = fc.array(smallish, { minLength: 1, maxLength: 14 });

describe('statistics suppression (k = 11)', () => {
  it('publishes counts of 0 and of k or more, and suppresses 1 to k−1 with a complement', () => {
    const r = suppressOneWay([40, 5, 0, 30, 12], 'fixed');
    expect(r.total).to.equal(87);
    // 5 is hidden; the smallest published cell (12) goes with it, so 87 − 70 = 17 ≥ 11.
    expect(r.cells).to.deep.equal([40, null, 0, 30, null]);
  });

  it('adds complements until the hidden cells add up to k', () => {
    const r = suppressOneWay([3, 2, 1, 50], 'fixed');
    // 3 + 2 + 1 = 6 < 11: the 50 goes too (nothing smaller is published).
    expect(r.cells).to.deep.equal([null, null, null, null]);
    expect(r.total).to.equal(56);
  });

  it('suppresses a total below k with every nonzero cell, and publishes zeros', () => {
    expect(suppressOneWay([4, 0, 3], 'fixed')).to.include({ total: null });
    expect(suppressOneWay([4, 0, 3], 'fixed').cells).to.deep.equal([null, 0, null]);
    expect(suppressOneWay([0, 0], 'fixed').cells).to.deep.equal([0, 0]);
  });

  it('eleven hidden ones with a known total: zeros are hidden too, or the line is withheld or merged', () => {
    const ones = Array.from({ length: 11 }, () => 1);
    const withZero = suppressOneWay([...ones, 0], 'fixed');
    expect(withZero.zerosSuppressed).to.equal(true);
    expect(withZero.cells.every((c) => c === null)).to.equal(true);
    expect(suppressOneWay(ones, 'fixed').withheld).to.equal(true);
    const open = suppressOneWay(ones, 'open');
    expect(open.merged).to.equal(11);
    expect(open.cells.every((c) => c === null)).to.equal(true);
  });

  it('a single count stands alone: 0 or k and more', () => {
    expect([0, 1, 10, 11, 40].map((c) => suppressSingle(c))).to.deep.equal([0, null, null, 11, 40]);
  });

  it('nested: a suppressed country lists no provinces; a published one is a line of its own', () => {
    const r = suppressNested([[30, 20], [6], [25, 3, 9]]);
    expect(r.total).to.equal(93);
    // Countries 50, 6, 37: the 6 is hidden with the 37.
    expect(r.groups.map((g) => g.count)).to.deep.equal([50, null, null]);
    expect(r.groups[1]!.cells).to.equal(null);
    expect(r.groups[2]!.cells).to.equal(null);
    expect(r.groups[0]!.cells).to.deep.equal([30, 20]);
  });

  it('property: one-way lines, fixed and open, are safe for any counts', () => {
    fc.assert(
      fc.property(counts, fc.constantFrom('fixed' as const, 'open' as const), (cs, categories) => {
        const r = suppressOneWay(cs, categories);
        if (r.merged !== null) {
          // Rows merged and not listed: one published sum, and it is the total.
          expect(r.merged === 0 || r.merged >= K).to.equal(true);
          expect(r.merged).to.equal(r.total);
          return;
        }
        if (r.withheld) {
          expect(r.cells.every((c) => c === null)).to.equal(true);
          // The reader knows the categories and the total only: each may be anything from 0 to it.
          return;
        }
        expectSafeLine(lineOf(cs, r), K, `${categories} ${JSON.stringify(cs)}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('property: a lower threshold is honoured just the same (k = 3, 5)', () => {
    fc.assert(
      fc.property(counts, fc.constantFrom(3, 5), (cs, k) => {
        const r = suppressOneWay(cs, 'fixed', k);
        if (!r.withheld) expectSafeLine(lineOf(cs, r), k, `k=${k} ${JSON.stringify(cs)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: nested tables (row totals and the grand total) are safe at both levels', () => {
    const groups = fc.array(
      fc.array(
        smallish.filter((c) => c > 0),
        { minLength: 1, maxLength: 6 },
      ),
      { minLength: 1, maxLength: 6 },
    );
    fc.assert(
      fc.property(groups, (gs) => {
        const r = suppressNested(gs);
        const sums = gs.map((g) => g.reduce((s, c) => s + c, 0));
        if (r.merged !== null) {
          expect(r.merged).to.equal(r.total);
          return;
        }
        // The countries as a line under the grand total (open rows: a reader knows each is ≥ 1).
        expectSafeLine(
          { total: r.total, published: r.groups.map((g) => g.count), truth: sums, floor: 1 },
          K,
          `groups ${JSON.stringify(gs)}`,
        );
        r.groups.forEach((g, i) => {
          if (g.count === null) {
            // Its provinces are not listed, so they bound nothing.
            expect(g.cells, `group ${i} hidden but listed`).to.equal(null);
            return;
          }
          if (g.cells === null) {
            expect(g.merged).to.equal(g.count);
            return;
          }
          expectSafeLine({ total: g.count, published: g.cells, truth: gs[i]!, floor: 1 }, K, `group ${i} of ${JSON.stringify(gs)}`);
        });
        // Flattened: the grand total minus every published province is 0 or at least k too.
        const publishedRows = r.groups.reduce(
          (s, g) => s + (g.cells ?? []).reduce<number>((t, c) => t + (c ?? 0), 0) + (g.cells === null && g.count !== null ? g.count : 0),
          0,
        );
        if (r.total !== null) {
          const rest = r.total - publishedRows;
          expect(rest === 0 || rest >= K, `grand total − published rows = ${rest}`).to.equal(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the reader model can fail: a lone suppressed cell, or hidden ones at their floor, are caught', () => {
    expect(recoverable({ total: 20, published: [15, null], truth: [15, 5], floor: 1 })).to.deep.equal([1]);
    expect(recoverable({ total: 3, published: [null, null, null], truth: [1, 1, 1], floor: 1 })).to.deep.equal([0, 1, 2]);
    expect(recoverable({ total: 3, published: [null, null, null, null], truth: [1, 1, 1, 0], floor: 0 })).to.deep.equal([]);
  });
});
