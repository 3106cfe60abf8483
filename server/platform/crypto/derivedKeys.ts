/**
 * Keys for one purpose each, derived from the server's DATA_ENCRYPTION_KEY (HMAC of the purpose):
 * every process sharing the configuration derives the same key, and no purpose's key tells
 * anything of another's or of the secret.
 */
import { createHmac } from 'node:crypto';

export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(purpose).digest();
}
