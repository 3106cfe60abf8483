/**
 * The facts of an alert the commission's statistics count (issue 29): none of them names anyone.
 * Read from the fields an alert keeps once its personal data is purged (its skeleton: kind,
 * agencies, dates, outcome) and from non-identifying fields: the first victim's nationality, the
 * country and province/department of its first place and its first border crossing, and when it
 * had its first hit and was resolved. docs/statistics.md lists them. A retention purge keeps the
 * ones it would erase as `statisticsFacts` (factsToKeep), read here first.
 */
import { type AlertDoc, type StoredAlertFacts } from './Alert.js';
import { op } from '../platform/store/index.js';
import type { Instance } from '../platform/instance.js';

/** An alert's facts: its skeleton's, and those a purge keeps (StoredAlertFacts, Alert.ts). */
export interface AlertFacts extends StoredAlertFacts {
  kind: string;
  createdAt: Date;
  status: string;
  /** The issuing agency's country. */
  originCountry: string;
}

/** The stored fields facts are read from: nothing else is loaded. */
const FACT_FIELDS = 'kind createdAt status originCountry subjects locations updates history statisticsFacts';

type FactSource = Pick<AlertDoc, 'kind' | 'createdAt' | 'status' | 'originCountry'> &
  Partial<Pick<AlertDoc, 'subjects' | 'locations' | 'updates' | 'history' | 'statisticsFacts'>>;

const dateOrNull = (d: Date | string | null | undefined): Date | null => (d ? new Date(d) : null);

/**
 * What a retention purge keeps on the alert (as `statisticsFacts`) before it empties the subjects,
 * places and updates the facts are read from: they name no one.
 */
export function factsToKeep(a: FactSource): StoredAlertFacts {
  const { victimNationality, placeCountry, placeArea, borderCrossing, firstHitAt, resolvedAt } = factsOf({
    ...a,
    statisticsFacts: undefined,
  });
  return { victimNationality, placeCountry, placeArea, borderCrossing, firstHitAt, resolvedAt };
}

const given = (v: string | null | undefined): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** An alert's facts (pure): the ones kept by a purge when there are, else read from its fields. */
export function factsOf(a: FactSource): AlertFacts {
  const kept = a.statisticsFacts;
  if (kept) {
    return {
      kind: a.kind,
      createdAt: new Date(a.createdAt),
      status: a.status,
      originCountry: a.originCountry,
      victimNationality: kept.victimNationality ?? null,
      placeCountry: kept.placeCountry ?? null,
      placeArea: kept.placeArea ?? null,
      borderCrossing: kept.borderCrossing ?? null,
      firstHitAt: dateOrNull(kept.firstHitAt),
      resolvedAt: dateOrNull(kept.resolvedAt),
    };
  }
  const victim = (a.subjects ?? []).find((s) => s.role === 'victim' && given(s.nationality));
  const place = (a.locations ?? []).find((l) => given(l.country) || given(l.adminArea));
  const crossing = (a.locations ?? []).map((l) => given(l.borderCrossing)).find((c) => c !== null) ?? null;
  const hits = (a.updates ?? []).filter((u) => u.kind === 'hit' && u.hitType !== 'false_positive').map((u) => new Date(u.at).getTime());
  const resolutions =
    a.status === 'resolved'
      ? (a.history ?? []).filter((h) => h.action === 'status_changed' && h.toStatus === 'resolved').map((h) => new Date(h.at).getTime())
      : [];
  return {
    kind: a.kind,
    createdAt: new Date(a.createdAt),
    status: a.status,
    originCountry: a.originCountry,
    victimNationality: given(victim?.nationality),
    placeCountry: given(place?.country),
    placeArea: given(place?.adminArea),
    borderCrossing: crossing,
    firstHitAt: hits.length ? new Date(Math.min(...hits)) : null,
    resolvedAt: resolutions.length ? new Date(Math.max(...resolutions)) : null,
  };
}

/** The facts of every alert created in [from, to), read from the store in batches. */
export async function alertFactsBetween(instance: Instance, from: Date, to: Date): Promise<AlertFacts[]> {
  const { Alert } = instance.models.alerts;
  const out: AlertFacts[] = [];
  const cursor = Alert.find({ createdAt: op({ $gte: from, $lt: to }) })
    .select(FACT_FIELDS)
    .lean<FactSource>()
    .cursor({ batchSize: 500 });
  for await (const doc of cursor) out.push(factsOf(doc as FactSource));
  return out;
}
