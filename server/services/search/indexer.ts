/** Reading the inverted index (written by indexWorker.ts). */
import { SearchIndex, type SearchIndexDoc } from '../../models/SearchIndex.js';

/** Values in more alerts than this are not treated as links between alerts. */
export const MAX_LINK_POSTINGS = 50;

/** Reads index documents by primary key. */
export async function readPostings(keys: string[]): Promise<Map<string, SearchIndexDoc>> {
  const docs = await Promise.all([...new Set(keys)].map((k) => SearchIndex.findById(k).lean<SearchIndexDoc>()));
  return new Map(docs.filter((d): d is SearchIndexDoc => !!d).map((d) => [d._id, d]));
}
