/**
 * Keeps the inverted index in step with alerts. Each key's document is changed under its own
 * lock (the embedded store loses concurrent updates); keys that are gone are removed.
 */
import { AlertIndexKeys, SearchIndex, type Posting, type SearchIndexDoc } from '../../models/SearchIndex.js';
import type { AlertDoc } from '../../models/Alert.js';
import { withDocLock } from '../../store/docLock.js';
import { keysOfAlert, type FieldClass } from './indexKeys.js';

/** Postings kept per value; beyond it the value is common (a first name, a shared switchboard). */
export const MAX_POSTINGS = 10_000;
/** Values in more alerts than this are not treated as links between alerts. */
export const MAX_LINK_POSTINGS = 50;

async function addPosting(k: string, alertId: string, f: FieldClass): Promise<void> {
  await withDocLock(`idx:${k}`, async () => {
    const doc = await SearchIndex.findById(k).lean<SearchIndexDoc>();
    const postings: Posting[] = doc?.postings ?? [];
    const existing = postings.find((p) => p.a === alertId);
    if (existing?.f === f) return;
    if (existing) existing.f = f;
    else if (postings.length < MAX_POSTINGS) postings.push({ a: alertId, f });
    await SearchIndex.replaceOne(
      { _id: k },
      { _id: k, postings, common: postings.length >= MAX_POSTINGS || !!doc?.common },
      { upsert: true },
    );
  });
}

async function removePosting(k: string, alertId: string): Promise<void> {
  await withDocLock(`idx:${k}`, async () => {
    const doc = await SearchIndex.findById(k).lean<SearchIndexDoc>();
    if (!doc) return;
    const postings = doc.postings.filter((p) => p.a !== alertId);
    if (postings.length === doc.postings.length) return;
    await SearchIndex.replaceOne({ _id: k }, { _id: k, postings, common: doc.common });
  });
}

/** Brings the index up to date with the alert; returns the keys it now carries. */
export async function indexAlert(
  alert: Pick<AlertDoc, '_id' | 'subjects' | 'phonesNormalized' | 'vehicles' | 'sensitivity'>,
): Promise<Map<string, FieldClass>> {
  const id = String(alert._id);
  return withDocLock(`alertidx:${id}`, async () => {
    const next = keysOfAlert(alert);
    const previous = new Map(((await AlertIndexKeys.findById(id).lean())?.keys ?? []).map((e) => [e.k, e.f] as const));
    const work: Promise<void>[] = [];
    for (const [k, f] of next) if (previous.get(k) !== f) work.push(addPosting(k, id, f));
    for (const k of previous.keys()) if (!next.has(k)) work.push(removePosting(k, id));
    await Promise.all(work);
    await AlertIndexKeys.replaceOne({ _id: id }, { _id: id, keys: [...next.entries()].map(([k, f]) => ({ k, f })) }, { upsert: true });
    return next;
  });
}

/** Reads index documents by primary key. */
export async function readPostings(keys: string[]): Promise<Map<string, SearchIndexDoc>> {
  const docs = await Promise.all([...new Set(keys)].map((k) => SearchIndex.findById(k).lean<SearchIndexDoc>()));
  return new Map(docs.filter((d): d is SearchIndexDoc => !!d).map((d) => [d._id, d]));
}
