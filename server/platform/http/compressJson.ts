/**
 * API answers of 1 KB or more go out compressed when the browser accepts it (Brotli, else gzip):
 * a feed page is about a fifth of its size on the wire, which on a weak link is most of its time
 * (issue 25). Compression is fast (Brotli quality 5) and in memory; nothing is cached.
 *
 * Compressing a secret beside text an attacker chooses can leak the secret by the answer's size
 * (BREACH) when the attacker can make the victim's browser repeat the request with guesses. The
 * session and CSRF cookies are SameSite=Strict, so no other site can make the browser send such
 * requests, and `GET /auth/csrf` (a token, on demand) is never compressed (docs/security.md).
 */
import type { RequestHandler } from 'express';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { preferredEncoding } from './contentEncoding.js';

const MIN_BYTES = 1024;

const NEVER = new Set(['/auth/csrf']);

export const compressJson: RequestHandler = (req, res, next) => {
  if (NEVER.has(req.path)) return next();
  const json = res.json.bind(res);
  res.json = (body: unknown) => {
    const text = JSON.stringify(body);
    if (text === undefined || Buffer.byteLength(text) < MIN_BYTES) return json(body);
    res.vary('Accept-Encoding');
    const encoding = preferredEncoding(req);
    if (!encoding) return json(body);
    const data =
      encoding === 'br'
        ? brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: text.length } })
        : gzipSync(text, { level: 6 });
    res.setHeader('Content-Encoding', encoding);
    if (!res.get('Content-Type')) res.type('json');
    return res.send(data);
  };
  next();
};
