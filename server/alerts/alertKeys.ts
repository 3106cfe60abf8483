/**
 * The keys the alerts component signs and digests with, derived from DATA_ENCRYPTION_KEY: catch-up
 * cursors (catchUpCursors.ts) and link digests (copy/linkDigests.ts). Each Puente derives its own
 * from its configuration (`instance.alertKeys`, built by createInstance): nothing is keyed per
 * process, so a part that was not handed them cannot sign or digest at all.
 */
import { deriveKey } from '../platform/crypto/derivedKeys.js';

export interface AlertKeys {
  /** Signs catch-up cursors (HMAC-SHA-256, truncated). */
  readonly catchUpCursors: Buffer;
  /** Digests the link keys a change-log entry keeps (HMAC-SHA-256, truncated). */
  readonly linkDigests: Buffer;
}

export function alertKeys(dataEncryptionKey: Buffer): AlertKeys {
  return {
    catchUpCursors: deriveKey(dataEncryptionKey, 'puente:catch-up-cursors'),
    linkDigests: deriveKey(dataEncryptionKey, 'puente:link-digests'),
  };
}
