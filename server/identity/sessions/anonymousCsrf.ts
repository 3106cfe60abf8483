/**
 * CSRF tokens for clients without a stored session (before sign-in): a signed double-submit
 * token, so GET /auth/csrf stores nothing on the server. The client gets a random HttpOnly,
 * SameSite=Strict cookie and the token HMAC(SESSION_SECRET, cookie); a state-changing request
 * without a session of its own must send that token with that cookie. A login step that
 * succeeds creates the stored session, whose own token takes over from then on.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../../platform/config/env.js';

export type AnonymousCsrfSettings = Pick<Config, 'sessionSecret' | 'secureCookies'>;

const NONCE = /^[A-Za-z0-9_-]{43}$/;

export interface AnonymousCsrf {
  /** The token for this client, setting its cookie first when it has none. */
  issue(req: Request, res: Response): string;
  /** The token this request's cookie stands for, if it carries one. */
  expected(req: Request): string | undefined;
}

export function anonymousCsrf(settings: AnonymousCsrfSettings): AnonymousCsrf {
  // __Host- over HTTPS: no subdomain can plant this cookie (SECURITY.md "Sessions").
  const name = settings.secureCookies ? '__Host-puente.csrf' : 'puente.csrf';
  const tokenFor = (nonce: string) => createHmac('sha256', settings.sessionSecret).update(`anonymous-csrf:${nonce}`).digest('base64url');
  const nonceOf = (req: Request): string | undefined => {
    // The one cookie read here is base64url by construction; anything else is ignored.
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [key, value] = part.trim().split('=');
      if (key === name && value && NONCE.test(value)) return value;
    }
    return undefined;
  };
  return {
    issue(req, res) {
      let nonce = nonceOf(req);
      if (!nonce) {
        nonce = randomBytes(32).toString('base64url');
        res.cookie(name, nonce, { httpOnly: true, sameSite: 'strict', secure: settings.secureCookies, path: '/' });
      }
      return tokenFor(nonce);
    },
    expected(req) {
      const nonce = nonceOf(req);
      return nonce ? tokenFor(nonce) : undefined;
    },
  };
}
