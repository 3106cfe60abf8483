/** Reads of access requests for other components. */
import { distinctObjectIds, op } from '../../platform/store/index.js';
import type { AccessRequestStatus } from '../../../shared/dto/access.js';
import { type AccessRequestDoc } from './AccessRequest.js';
import type { Instance } from '../../platform/instance.js';

/** The access requests among `ids` that exist, in one read (ids not an ObjectId are left out; none, no read). */
export async function accessRequestsByIds(instance: Instance, ids: Iterable<unknown>): Promise<AccessRequestDoc[]> {
  const { AccessRequest } = instance.models.search;
  const wanted = distinctObjectIds(ids);
  if (wanted.length === 0) return [];
  return AccessRequest.find({ _id: op({ $in: wanted }) }).lean<AccessRequestDoc[]>();
}

/** Statuses of a request that was granted (a lapsed or revoked grant was granted first). */
const EVER_GRANTED: AccessRequestStatus[] = ['granted', 'lapsed', 'revoked'];

/**
 * Access requests granted in [from, to) (by when they were decided), counted by the requester's
 * country: for the commission's statistics, nothing about who asked or which alert.
 */
export async function grantedRequestsByCountry(instance: Instance, from: Date, to: Date): Promise<Map<string, number>> {
  const { AccessRequest } = instance.models.search;
  const found = await AccessRequest.find(
    { decidedAt: op({ $gte: from, $lt: to }), status: op({ $in: EVER_GRANTED }) },
    { requesterCountry: 1 },
  ).lean<Array<{ requesterCountry: string }>>();
  const counts = new Map<string, number>();
  for (const r of found) counts.set(r.requesterCountry, (counts.get(r.requesterCountry) ?? 0) + 1);
  return counts;
}
