/**
 * One ranked list of search results, read page by page with a keyset cursor (issue 26 item 7).
 * Pure: the caller supplies the candidates of each pass (strongest evidence first) and confirms each
 * one; the list is ordered by (pass, score ↓, newest ↓, id ↓) and is the same whatever the page
 * size, so paging returns every result exactly once.
 *
 * Confirming a candidate (decoding its alert) is the cost, so results are handed out as soon as no
 * later candidate can rank before them: within a pass, candidates come by their score's upper
 * bound (`ub`, from the index), newest first among equals — a threshold merge.
 */

export interface Candidate {
  id: string;
  /** The highest score this candidate may confirm with (a confirmed score above it is lowered to it). */
  ub: number;
  /** Newest first among equal scores (ms). */
  at: number;
}

/** Where an item sits in the list: also the cursor (the last item handed out). */
export interface RankKey {
  p: number;
  s: number;
  a: number;
  i: string;
}

/** Whether `x` comes before `y` in the list. */
export function ranksBefore(x: RankKey, y: RankKey): boolean {
  if (x.p !== y.p) return x.p < y.p;
  if (x.s !== y.s) return x.s > y.s;
  if (x.a !== y.a) return x.a > y.a;
  return x.i > y.i;
}

const byBound = (x: Candidate, y: Candidate) => y.ub - x.ub || y.at - x.at || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0);

/**
 * The items after `after` (all when null), in list order, confirming only as many candidates as the
 * caller reads. A candidate found by an earlier pass belongs to that pass only.
 */
export function* rankedItems<T>(
  passes: ReadonlyArray<() => Candidate[]>,
  confirm: (c: Candidate) => { score: number; item: T } | null,
  after: RankKey | null,
): Generator<{ key: RankKey; item: T }> {
  const claimed = new Set<string>();
  for (let p = 0; p < passes.length; p++) {
    const own = passes[p]!().filter((c) => !claimed.has(c.id));
    for (const c of own) claimed.add(c.id);
    if (after && p < after.p) continue; // handed out already: its candidates are only claimed
    own.sort(byBound);
    const pending: Array<{ key: RankKey; item: T }> = [];
    const emit = function* (bound: RankKey | null) {
      while (pending.length && (!bound || ranksBefore(pending[0]!.key, bound))) {
        const next = pending.shift()!;
        if (!after || ranksBefore(after, next.key)) yield next;
      }
    };
    for (const c of own) {
      // No item of this or a later candidate ranks before `bound`: what is pending ahead of it is final.
      yield* emit({ p, s: c.ub, a: c.at, i: c.id });
      const found = confirm(c);
      if (!found) continue;
      const entry = { key: { p, s: Math.min(found.score, c.ub), a: c.at, i: c.id }, item: found.item };
      const at = pending.findIndex((x) => ranksBefore(entry.key, x.key));
      pending.splice(at < 0 ? pending.length : at, 0, entry);
    }
    yield* emit(null);
  }
}
