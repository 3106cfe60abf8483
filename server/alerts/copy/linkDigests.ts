/**
 * Digests of an alert's link keys (document, phone, plate, full name) as they were before a change,
 * kept in that change's log entry, so the match worker can tell which links a change added without
 * a stored copy of every alert's keys (one index: the in-process copy's postings). Keyed (HMAC with a
 * key derived from DATA_ENCRYPTION_KEY), so a digest left in the log after an identifier was removed
 * from an alert cannot be checked against a guessed identifier without the server's key.
 */
import { createHmac } from 'node:crypto';
import type { AlertKeys } from '../alertKeys.js';

/** The digest of `linkKey` under the Puente's key (every process of a deployment derives the same). */
export function linkDigest(keys: AlertKeys, linkKey: string): string {
  return createHmac('sha256', keys.linkDigests).update(linkKey).digest('base64url').slice(0, 16);
}
