/**
 * Digests of an alert's link keys (document, phone, plate, full name) as they were before a change,
 * kept in that change's log entry, so the match worker can tell which links a change added without
 * a stored copy of every alert's keys (one index: the in-process copy's postings). Keyed (HMAC with a
 * key derived from DATA_ENCRYPTION_KEY), so a digest left in the log after an identifier was removed
 * from an alert cannot be checked against a guessed identifier without the server's key.
 */
import { createHmac } from 'node:crypto';
import { deriveKey } from '../../platform/crypto/derivedKeys.js';

/** No default: a digest under any other key than the configured one would not match the log's. */
let digestKey: Buffer | null = null;

/** Every process that changes alerts sets this from its configuration at start-up (useAlertKeys). */
export function useLinkDigestKey(secret: Buffer): void {
  digestKey = deriveKey(secret, 'puente:link-digests');
}

export function linkDigest(linkKey: string): string {
  if (!digestKey) throw new Error('link digests: no key set; the process sets it at start-up with useAlertKeys (alertKeys.ts)');
  return createHmac('sha256', digestKey).update(linkKey).digest('base64url').slice(0, 16);
}
