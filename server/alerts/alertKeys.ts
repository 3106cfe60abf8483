/**
 * The keys the alerts component signs and digests with, derived from DATA_ENCRYPTION_KEY: catch-up
 * cursors (catchUpCursors.ts) and link digests (copy/linkDigests.ts). Neither has a default, so a
 * process that never set them fails at the first use instead of writing what its peers cannot
 * read. Set once per process by what composes it: createPuente, the CLI (withStore), the test and
 * benchmark set-ups.
 */
import { useCatchUpCursorKey } from './changeLog/catchUpCursors.js';
import { useLinkDigestKey } from './copy/linkDigests.js';

export function useAlertKeys(dataEncryptionKey: Buffer): void {
  useCatchUpCursorKey(dataEncryptionKey);
  useLinkDigestKey(dataEncryptionKey);
}
