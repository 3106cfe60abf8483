/**
 * Records search across both countries (API.md "Search"). The index only proposes candidates;
 * every match is then confirmed on the alert itself using only the fields this caller may see,
 * so restricted victim identity never influences results, `matchedOn`, counts or order.
 */
import { recordStubReceipts } from './access/stubReceipts.js';
import { z } from 'zod';
import type { SearchInput } from '../../shared/schemas/search.js';
import {
  detectQuery,
  phoneticKey as computePhoneticKey,
  nameTokens,
  withinOneEdit,
  deletionVariants,
  MIN_TYPO_LENGTH,
  type QueryKind,
  type QueryReading,
} from '../../shared/identifiers/index.js';
import {
  canSeeAlert,
  canSeeRestricted,
  documentKeys,
  key,
  presentAlertSummary,
  usableSubjects,
  type AlertDoc,
  type AlertHead,
  type AlertSubject,
  type AlertSummaryDto,
} from '../alerts/index.js';
import type { Actor } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import { recordAudit } from '../platform/auditTrail/auditTrail.js';
import { decodeCursor, encodeCursor } from '../platform/pagination.js';
import { rankedItems, type Candidate, type RankKey } from './rankedList.js';
import type { ProtectedHitDto } from '../../shared/dto/search.js';
import { protectedHits } from './protectedHits.js';
import type { Instance } from '../platform/instance.js';

/** Alerts loaded per query at most (newest postings first); beyond it the answer says `truncated`. */
const MAX_CANDIDATES = 2000;
/** Right after a start the in-memory copy is loading (tens of seconds at 100,000 alerts): a search
 * waits this long for it, then refuses with `search_preparing` and a time to retry instead of hanging. */
const FIRST_LOAD_WAIT_MS = 5000;
const PREPARING_RETRY_AFTER_S = 10;

export type SearchItem = (AlertSummaryDto & { matchedOn: string[] }) | AlertStub;
export interface AlertStub {
  id: string;
  reference: string;
  kind: string;
  originAgencyId: string;
  status: string;
  restricted: true;
}

/** Name words repeat across alerts (José, González): their phonetic keys are computed once. */
const phoneticCache = new Map<string, string>();
const PHONETIC_CACHE_SIZE = 50_000;
function phoneticKey(word: string): string {
  let k = phoneticCache.get(word);
  if (k === undefined) {
    if (phoneticCache.size >= PHONETIC_CACHE_SIZE) phoneticCache.clear();
    phoneticCache.set(word, (k = computePhoneticKey(word)));
  }
  return k;
}

function identifierValues(a: AlertDoc, subjects: AlertSubject[], kind: QueryKind): Set<string> {
  const out = new Set<string>();
  if (kind === 'document') {
    for (const s of subjects) {
      for (const d of s.documents ?? []) for (const k of documentKeys(d)) out.add(k);
    }
  } else if (kind === 'phone') for (const p of a.phonesNormalized) out.add(p);
  else if (kind === 'plate') for (const v of a.vehicles) if (v.plateNormalized) out.add(v.plateNormalized);
  return out;
}

/** Score of a name query against one subject: 3 exact, 2 phonetic, 1 one typo per token; 0 if any token misses. */
function nameScore(tokens: string[], subject: AlertSubject): { score: number; similar: boolean } {
  const own = nameTokens(subject).all;
  let score = 0;
  let similar = false;
  for (const t of tokens) {
    let best = 0;
    for (const s of own) {
      if (s === t) best = 3;
      else if (best < 2 && phoneticKey(s) === phoneticKey(t)) best = 2;
      else if (best < 1 && t.length >= MIN_TYPO_LENGTH && withinOneEdit(s, t)) best = 1;
    }
    if (best === 0) return { score: 0, similar: false };
    if (best < 3) similar = true;
    score += best;
  }
  return { score, similar };
}

/** Index keys for one query token, with the evidence each gives: 3 exact, 2 phonetic, 1 one typo (strongest first). */
function nameLookupKeys(t: string, typos: boolean): Array<[string, number]> {
  const keys: Array<[string, number]> = [
    [key.token(t), 3],
    [key.phonetic(phoneticKey(t)), 2],
  ];
  if (typos && t.length >= MIN_TYPO_LENGTH) {
    keys.push([key.deletion(t), 1]);
    for (const d of deletionVariants(t)) keys.push([key.token(d), 1], [key.deletion(d), 1]);
  }
  return keys;
}

/** Ids ranked by score (highest first), newest alert first among equal scores; at most MAX_CANDIDATES. */
function ranked(instance: Instance, scores: Map<string, number>): { ids: string[]; truncated: boolean } {
  const rows: Array<{ id: string; score: number; at: number }> = [];
  for (const [id, score] of scores) rows.push({ id, score, at: instance.alertCopy.head(id)?.at ?? 0 });
  rows.sort((x, y) => y.score - x.score || y.at - x.at);
  return { ids: rows.slice(0, MAX_CANDIDATES).map((r) => r.id), truncated: rows.length > MAX_CANDIDATES };
}

/**
 * Alerts with evidence for every name token, scored by the sum of each token's best evidence.
 * Intersection starts from the rarest token and then only probes the survivors, so a common word
 * (José, González) costs a look-up per survivor rather than a walk over tens of thousands of alerts.
 */
function nameCandidates(instance: Instance, tokens: string[], typos: boolean): { ids: string[]; truncated: boolean } {
  if (!tokens.length) return { ids: [], truncated: false };
  const perToken = tokens.map((t) => {
    const lookups = nameLookupKeys(t, typos)
      .map(([k, weight]) => ({ holders: instance.alertCopy.holders(k), weight }))
      .filter((l) => l.holders.size > 0);
    return { lookups, size: lookups.reduce((n, l) => n + l.holders.size, 0) };
  });
  if (perToken.some((t) => t.size === 0)) return { ids: [], truncated: false };
  perToken.sort((x, y) => x.size - y.size);
  const [rarest, ...rest] = perToken;
  const scores = new Map<string, number>();
  for (const { holders, weight } of rarest!.lookups)
    for (const id of holders.keys()) if ((scores.get(id) ?? 0) < weight) scores.set(id, weight);
  for (const token of rest) {
    for (const [id, score] of scores) {
      let best = 0;
      for (const { holders, weight } of token.lookups) {
        if (weight <= best) break; // lookups are strongest first
        if (holders.has(id)) best = weight;
      }
      if (best) scores.set(id, score + best);
      else scores.delete(id);
    }
    if (!scores.size) break;
  }
  return ranked(instance, scores);
}

/** Alerts carrying any of these document, phone or plate keys, newest first. */
function identifierCandidates(instance: Instance, kind: QueryKind, values: string[]): { ids: string[]; truncated: boolean } {
  const prefix = kind === 'document' ? key.document : kind === 'phone' ? key.phone : key.plate;
  const scores = new Map<string, number>();
  for (const v of values) for (const id of instance.alertCopy.holders(prefix(v)).keys()) scores.set(id, 1);
  return ranked(instance, scores);
}

/** For several name words: alerts where some two of them belong to the same person, most pairs first. */
function pairCandidates(instance: Instance, tokens: string[]): string[] {
  const phon = [...new Set(tokens.map(phoneticKey))];
  const hits = new Map<string, number>();
  for (let i = 0; i < phon.length; i++)
    for (let j = i + 1; j < phon.length; j++)
      for (const id of instance.alertCopy.holders(key.pair(phon[i]!, phon[j]!)).keys()) hits.set(id, (hits.get(id) ?? 0) + 1);
  return ranked(instance, hits).ids;
}

/** The last item handed out (rankedList.ts `RankKey`): the next page starts after it. */
const cursorSchema = z.strictObject({
  p: z.number().int().min(0).max(3),
  s: z.number().int().min(0).max(1000),
  a: z.number().int().min(0),
  i: z.string().max(64),
});

/**
 * Highest score a name query may confirm with on an alert: each token's best evidence in the index
 * (0 if one has none). The look-ups are gathered once per query.
 */
function nameUpperBound(instance: Instance, tokens: string[]): (id: string) => number {
  const perToken = tokens.map((t) => nameLookupKeys(t, true).map(([k, weight]) => ({ holders: instance.alertCopy.holders(k), weight })));
  return (id) => {
    let total = 0;
    for (const lookups of perToken) {
      let best = 0;
      for (const { holders, weight } of lookups) {
        if (weight <= best) break; // strongest first
        if (holders.has(id)) best = weight;
      }
      if (!best) return 0;
      total += best;
    }
    return total;
  };
}

export async function searchAlerts(
  instance: Instance,
  actor: Actor,
  input: SearchInput,
): Promise<{
  items: SearchItem[];
  nextCursor: string | null;
  queryKind: QueryKind;
  readings: QueryReading[];
  truncated: boolean;
  protected: ProtectedHitDto[];
}> {
  const auto = detectQuery(input.q, actor.country === 'PY' ? 'PY' : 'AR');
  // The likeliest reading is searched unless the caller names another one the query allows. It
  // keeps the document type a typed prefix named (`C.I. N° …` → CI), for the screen to say.
  const { alternatives, ...likeliest } = auto;
  const possible: QueryReading[] = [likeliest, ...alternatives];
  const detected = possible.find((r) => r.kind === input.as) ?? possible[0]!;
  const readings = [detected, ...possible.filter((r) => r !== detected)];
  if (!(await instance.alertCopy.syncWithin(FIRST_LOAD_WAIT_MS)))
    throw new DomainError('search_preparing', 'search copy still loading', undefined, PREPARING_RETRY_AFTER_S);
  // Strongest evidence first; a wider pass is read only if the page is not full yet, and typo keys
  // (many per word, weakest evidence) are the last resort. The passes and their order make one
  // ranked list (rankedList.ts), the same for every page.
  const name = detected.kind === 'name';
  const usePairs = name && new Set(detected.values.map(phoneticKey)).size >= 2;
  let truncated = false;
  const upperBound = name ? nameUpperBound(instance, detected.values) : () => 3;
  const candidates = (found: { ids: string[]; truncated: boolean }): Candidate[] => {
    truncated ||= found.truncated;
    return found.ids.map((id) => ({ id, ub: upperBound(id), at: instance.alertCopy.head(id)?.at ?? 0 }));
  };
  const passes: Array<() => Candidate[]> = name
    ? [
        ...(usePairs ? [() => candidates({ ids: pairCandidates(instance, detected.values), truncated: false })] : []),
        () => candidates(nameCandidates(instance, detected.values, false)),
        () => candidates(nameCandidates(instance, detected.values, true)),
      ]
    : [() => candidates(identifierCandidates(instance, detected.kind, detected.values))];
  const after = decodeCursor(input.cursor, cursorSchema) ?? null;
  const from = input.from ? Date.parse(input.from) : null;
  const to = input.to ? Date.parse(input.to) : null;
  const passesFilters = (a: AlertHead) =>
    (!input.kind || a.kind === input.kind) &&
    (!input.status || a.status === input.status) &&
    (!input.country || a.originCountry === input.country) &&
    (from === null || a.at >= from) &&
    (to === null || a.at <= to);

  /** A candidate confirmed on the alert itself, with only what this caller may see: a result, a stub, or nothing. */
  const confirm = (c: Candidate): { score: number; item: SearchItem } | null => {
    const head = instance.alertCopy.head(c.id);
    // Filters and name searches' visibility read the head; only the rest are decoded.
    if (!head || !passesFilters(head) || (name && !canSeeAlert(actor, head))) return null;
    const a = instance.alertCopy.get(c.id);
    if (!a) return null;
    const visible = canSeeAlert(actor, a);
    if (name) {
      let best = { score: 0, similar: false };
      for (const s of usableSubjects(a, canSeeRestricted(actor, a))) {
        const r = nameScore(detected.values, s);
        if (r.score > best.score) best = r;
      }
      if (!best.score) return null;
      return {
        score: best.score,
        item: { ...presentAlertSummary(instance, a, actor), matchedOn: [best.similar ? 'name_similar' : 'name'] },
      };
    }
    // A stub (an alert the caller may not see) is found by unrestricted subjects only.
    const values = identifierValues(a, usableSubjects(a, visible && canSeeRestricted(actor, a)), detected.kind);
    if (!detected.values.some((v) => values.has(v))) return null;
    if (visible) return { score: 3, item: { ...presentAlertSummary(instance, a, actor), matchedOn: [detected.kind] } };
    const stub: AlertStub = {
      id: String(a._id),
      reference: a.reference,
      kind: a.kind,
      originAgencyId: a.originAgencyId,
      status: a.status,
      restricted: true,
    };
    return { score: 3, item: stub };
  };

  // One more than the page, to know whether another follows.
  const page: Array<{ key: RankKey; item: SearchItem }> = [];
  for (const entry of rankedItems(passes, confirm, after)) {
    page.push(entry);
    if (page.length > input.limit) break;
  }
  const kept = page.slice(0, input.limit);
  const items = kept.map((e) => e.item);
  const isStub = (i: SearchItem): i is AlertStub => 'restricted' in i && i.restricted === true && !('abilities' in i);
  const stubIds = items.filter(isStub).map((i) => i.id);
  // Only stubs actually handed out may be named by an access request (stubReceipts.ts).
  await recordStubReceipts(instance, actor.id, stubIds);
  const last = kept[kept.length - 1];
  const nextCursor = page.length > input.limit && last ? encodeCursor(last.key) : null;
  // Told once per query, on its first page (protectedHits.ts).
  const hidden = input.cursor ? [] : await protectedHits(instance, actor, detected, input);
  await recordAudit(instance, {
    actor,
    action: 'search.query',
    targetType: 'search',
    details: {
      detected: detected.kind,
      filters: { kind: input.kind, status: input.status, country: input.country, from: input.from, to: input.to, as: input.as },
      results: items.length - stubIds.length,
      stubs: stubIds.length,
      protected: hidden.length,
    },
    // What was searched names or identifies a person: erasable for a data-subject request.
    personal: { q: input.q, ...(input.place ? { place: input.place } : {}) },
  });
  return { items, nextCursor, queryKind: detected.kind, readings, truncated, protected: hidden };
}
