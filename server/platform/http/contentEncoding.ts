/** Which compressed form of an answer the browser takes (Accept-Encoding). */
import type { Request } from 'express';

/** Brotli when the browser takes it (smaller), else gzip, else none. */
export function preferredEncoding(req: Request): 'br' | 'gzip' | null {
  if (req.acceptsEncodings('br') === 'br') return 'br';
  if (req.acceptsEncodings('gzip') === 'gzip') return 'gzip';
  return null;
}
