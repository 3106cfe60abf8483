/**
 * The one fetch wrapper: same-origin JSON, the CSRF header on every state-changing request,
 * and the API's error shape turned into an ApiRequestError the screens show in the user's
 * language. Screens never call fetch themselves.
 */
import type { ErrorBody, ErrorCode, ErrorDetail } from '../../../shared/errors.js';
import { language } from '../i18n/index.js';

const BASE = '/api/v1';

/** A failed request: an API error code, or `network` when the server could not be reached. */
export class ApiRequestError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    readonly status: number,
    readonly details: ErrorDetail[] = [],
    /** Seconds from Retry-After (423 lockout, 429 rate limit), when sent. */
    readonly retryAfterSec: number | null = null,
  ) {
    super(code);
    this.name = 'ApiRequestError';
  }
}

let csrfToken: string | null = null;

/** Stores the token returned by login and MFA steps (the session id changes at each). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

let csrfInFlight: Promise<string> | null = null;

/** Asks for a token (one request at a time: a submit during a prefetch waits for that same answer). */
function fetchCsrf(): Promise<string> {
  csrfInFlight ??= request<{ csrfToken: string }>('GET', '/auth/csrf')
    .then((res) => {
      csrfToken = res.csrfToken;
      return res.csrfToken;
    })
    .finally(() => {
      csrfInFlight = null;
    });
  return csrfInFlight;
}

/** The sign-in form asks for its token while the user types, so submitting waits one round trip less. */
export function prefetchCsrfToken(): void {
  if (!csrfToken) fetchCsrf().catch(() => undefined);
}

/**
 * Answers the server sent ahead with a sign-in step (the feed's first screen, api/auth.ts): each
 * answers the next GET of exactly its path once, within a minute, and is gone. Memory only.
 */
const primed = new Map<string, { body: unknown; until: number }>();
const PRIMED_FOR_MS = 60_000;

export function primeGet(path: string, body: unknown): void {
  primed.set(path, { body, until: Date.now() + PRIMED_FOR_MS });
}

/** Drops answers sent ahead and not used (the session ended). */
export function forgetPrimed(): void {
  primed.clear();
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Raw body (e.g. an image) sent with its own content type instead of JSON. */
  raw?: Blob;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

async function send(method: string, path: string, body: unknown, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language.value, ...opts.headers };
  if (UNSAFE.has(method)) headers['X-CSRF-Token'] = csrfToken ?? (await fetchCsrf());
  let payload: BodyInit | undefined;
  if (opts.raw) {
    payload = opts.raw;
    headers['Content-Type'] = opts.raw.type || 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  try {
    return await fetch(BASE + path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiRequestError('network', 0);
  }
}

async function toError(res: Response): Promise<ApiRequestError> {
  const retry = Number(res.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? retry : null;
  try {
    const body = (await res.json()) as ErrorBody;
    return new ApiRequestError(body.error.code, res.status, body.error.details ?? [], retryAfter);
  } catch {
    return new ApiRequestError(res.status >= 500 ? 'internal' : 'validation_failed', res.status, [], retryAfter);
  }
}

/** Sends a request and returns the parsed JSON body (undefined for 204). */
export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  let res = await send(method, path, body, opts);
  if (res.status === 403 && UNSAFE.has(method)) {
    const err = await toError(res.clone());
    // A session that expired or was replaced gets a fresh token once; the request is not lost.
    if (err.code === 'csrf_failed') {
      await fetchCsrf();
      res = await send(method, path, body, opts);
    }
  }
  if (!res.ok) throw await toError(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export function get<T>(path: string): Promise<T> {
  const ahead = primed.get(path);
  primed.delete(path);
  return ahead && ahead.until > Date.now() ? Promise.resolve(ahead.body as T) : request<T>('GET', path);
}
export const post = <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body ?? {}, opts);
export const patch = <T>(path: string, body: unknown) => request<T>('PATCH', path, body);
export const del = <T>(path: string) => request<T>('DELETE', path);

/** A query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
