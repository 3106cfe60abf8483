import { expect } from 'chai';
import fc from 'fast-check';
import { rankedItems, ranksBefore, type Candidate, type RankKey } from '../../server/search/rankedList.js';

/** An alert of the index: when it was posted, and the score it confirms with (null: it does not match). */
interface Alert {
  at: number;
  score: number | null;
}

const world = fc
  .dictionary(
    fc.string({ unit: fc.constantFrom('0', '1', '2', '3', 'a', 'b'), minLength: 2, maxLength: 3 }),
    fc.record({ at: fc.integer({ min: 0, max: 5 }), score: fc.option(fc.integer({ min: 1, max: 9 })) }),
    { maxKeys: 40 },
  )
  .chain((alerts) => {
    const ids = Object.keys(alerts);
    // Each pass proposes some alerts (an alert may be proposed by several) with an upper bound ≥ its score.
    const pass = fc
      .subarray(ids)
      .chain((some) =>
        fc.tuple(...some.map((id) => fc.integer({ min: alerts[id]!.score ?? 0, max: 9 }).map((ub) => ({ id, ub, at: alerts[id]!.at })))),
      );
    return fc.record({ alerts: fc.constant(alerts as Record<string, Alert>), passes: fc.array(pass, { minLength: 1, maxLength: 3 }) });
  });

function list(alerts: Record<string, Alert>, passes: Candidate[][], after: RankKey | null, limit = Infinity) {
  const out: Array<{ key: RankKey; item: string }> = [];
  const confirm = (c: Candidate) => {
    const score = alerts[c.id]!.score;
    return score === null ? null : { score, item: c.id };
  };
  for (const x of rankedItems(
    passes.map((p) => () => p),
    confirm,
    after,
  )) {
    out.push(x);
    if (out.length >= limit) break;
  }
  return out;
}

describe('search: one ranked list read by keyset pages (issue 26 item 7)', () => {
  it('paging with any page size returns every matching alert exactly once, in the order of the whole list', () => {
    fc.assert(
      fc.property(world, fc.integer({ min: 1, max: 7 }), ({ alerts, passes }, limit) => {
        const whole = list(alerts, passes, null);
        const ids = whole.map((x) => x.item);
        // Exactly the alerts proposed by some pass that confirm, once each.
        const proposed = new Set(passes.flat().map((c) => c.id));
        expect([...ids].sort()).to.deep.equal([...proposed].filter((id) => alerts[id]!.score !== null).sort());
        // Strictly ordered: pass, score, newest, id.
        for (let i = 1; i < whole.length; i++) expect(ranksBefore(whole[i - 1]!.key, whole[i]!.key)).to.equal(true);
        const paged: string[] = [];
        let cursor: RankKey | null = null;
        for (let guard = 0; guard <= ids.length; guard++) {
          const page = list(alerts, passes, cursor, limit);
          paged.push(...page.map((x) => x.item));
          if (page.length < limit) break;
          cursor = page[page.length - 1]!.key;
        }
        expect(paged).to.deep.equal(ids);
      }),
      { numRuns: 300 },
    );
  });

  it('a higher score comes first within a pass even when its candidate is examined later', () => {
    const alerts: Record<string, Alert> = { a: { at: 2, score: 3 }, b: { at: 1, score: 6 } };
    const passes = [
      [
        { id: 'a', ub: 6, at: 2 },
        { id: 'b', ub: 6, at: 1 },
      ],
    ];
    expect(list(alerts, passes, null).map((x) => x.item)).to.deep.equal(['b', 'a']);
  });
});
