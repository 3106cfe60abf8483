/** Searching through GET /api/v1/search once the indexer of the server `instance` has caught up with every write so far. */
import { drainMatchWorker } from '../../server/search/matchWorker.js';
import type { ApiClient } from './apiClient.js';
import type { Instance } from '../../server/platform/instance.js';

export async function searchWhenIndexed(instance: Instance, c: ApiClient, q: string, extra = '') {
  await drainMatchWorker(instance);
  return c.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`).expect(200);
}

/** The ids of a search answer's items, in order. */
export const resultIds = (res: { body: { items: Array<{ id: string }> } }): string[] => res.body.items.map((i) => i.id);
