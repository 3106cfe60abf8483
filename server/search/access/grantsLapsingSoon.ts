/**
 * Tells each requester, once, that a grant ends within a day (issue 24: "access … lapsing"): the
 * officer who needs the alert longer asks again before losing it.
 */

import { type AccessRequestDoc } from './AccessRequest.js';
import { op } from '../../platform/store/index.js';
import type { Instance } from '../../platform/instance.js';

export const LAPSING_NOTICE_MS = 24 * 60 * 60_000;

/** Records the notice for every live grant ending within LAPSING_NOTICE_MS; returns how many were
 * looked at. The inbox's dedupe key (grant and expiry) makes a repeated run record nothing new. */
export async function noticeGrantsLapsingSoon(instance: Instance, now = Date.now()): Promise<number> {
  const { AccessRequest } = instance.models.search;
  const soon = await AccessRequest.find(
    { status: 'granted', expiresAt: op({ $gt: new Date(now), $lte: new Date(now + LAPSING_NOTICE_MS) }) },
    { _id: 1, requesterId: 1, expiresAt: 1 },
  ).lean<Pick<AccessRequestDoc, '_id' | 'requesterId' | 'expiresAt'>[]>();
  for (const grant of soon)
    await instance.events.noteInboxCause({
      kind: 'access_lapsing',
      requestId: String(grant._id),
      requesterId: grant.requesterId,
      expiresAt: grant.expiresAt!,
    });
  return soon.length;
}
