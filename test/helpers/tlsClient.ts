/**
 * An HTTPS client as a browser is one for these tests: it trusts one certificate (the test's own
 * authority), keeps the cookies the server sets (secure ones included), sends the CSRF token, and
 * shows every response header as received. Optionally from another loopback address (127.0.0.2),
 * so a proxy in front sees a client address of its own.
 */
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { freshTotp } from './apiClient.js';
import type { BuiltUser } from './factories.js';

export interface TlsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Name, value, name, value…: a header sent twice is seen twice here. */
  rawHeaders: string[];
  body: string;
  /** The body as JSON; undefined when it is not JSON. */
  json: Record<string, unknown> | undefined;
}

export interface TlsTarget {
  /** Where nginx listens (127.0.0.1). */
  host: string;
  port: number;
  /** The name the certificate is for and the Host header sent (localhost). */
  serverName: string;
  /** PEM of the certificate to trust. */
  ca: string;
}

export class TlsClient {
  private readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(
    readonly target: TlsTarget,
    private readonly localAddress?: string,
  ) {}

  request(
    method: string,
    path: string,
    opts: { body?: unknown; headers?: Record<string, string>; raw?: Buffer } = {},
  ): Promise<TlsResponse> {
    const payload = opts.raw ?? (opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body)));
    const headers: Record<string, string> = {
      host: `${this.target.serverName}:${this.target.port}`,
      accept: 'application/json, text/html',
      ...(payload
        ? { 'content-type': opts.raw ? 'application/octet-stream' : 'application/json', 'content-length': String(payload.length) }
        : {}),
      ...(this.cookies.size ? { cookie: this.cookieHeader() } : {}),
      ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
      ...opts.headers,
    };
    return new Promise((resolve, reject) => {
      const req = https.request(
        {
          host: this.target.host,
          port: this.target.port,
          servername: this.target.serverName,
          ca: this.target.ca,
          method,
          path,
          headers,
          agent: false,
          ...(this.localAddress ? { localAddress: this.localAddress } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            for (const line of res.headers['set-cookie'] ?? []) {
              const [pair] = line.split(';');
              const at = pair!.indexOf('=');
              this.cookies.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
            }
            const body = Buffer.concat(chunks).toString('utf8');
            let json: Record<string, unknown> | undefined;
            try {
              json = JSON.parse(body) as Record<string, unknown>;
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body, json });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(60_000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, headers ? { headers } : {});
  }

  post(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.request('POST', path, { body, ...(headers ? { headers } : {}) });
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookieNames(): string[] {
    return [...this.cookies.keys()];
  }

  /** The whole sign-in (password, then the TOTP code); returns each step's response. */
  async login(
    u: Pick<BuiltUser, 'email' | 'password' | 'totpSecret'>,
  ): Promise<{ csrf: TlsResponse; login: TlsResponse; mfa: TlsResponse }> {
    const csrf = await this.get('/api/v1/auth/csrf');
    if (csrf.status !== 200) throw new Error(`csrf ${csrf.status}: ${csrf.body}`);
    this.csrfToken = csrf.json!.csrfToken as string;
    const login = await this.post('/api/v1/auth/login', { email: u.email, password: u.password });
    if (login.status !== 200 || !login.json?.mfaRequired) throw new Error(`login ${login.status}: ${login.body}`);
    this.csrfToken = login.json.csrfToken as string;
    const mfa = await this.post('/api/v1/auth/mfa', { code: await freshTotp(u.totpSecret!) });
    if (mfa.status !== 200) throw new Error(`mfa ${mfa.status}: ${mfa.body}`);
    this.csrfToken = mfa.json!.csrfToken as string;
    return { csrf, login, mfa };
  }
}

export interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case, with their values ('' for flags such as HttpOnly). */
  attributes: Map<string, string>;
}

/** A Set-Cookie header as a browser reads it. */
export function parseSetCookie(line: string): SetCookie {
  const [pair, ...attrs] = line.split(';').map((p) => p.trim());
  const at = pair!.indexOf('=');
  const attributes = new Map<string, string>();
  for (const a of attrs) {
    const eq = a.indexOf('=');
    attributes.set((eq < 0 ? a : a.slice(0, eq)).toLowerCase(), eq < 0 ? '' : a.slice(eq + 1));
  }
  return { name: pair!.slice(0, at), value: pair!.slice(at + 1), attributes };
}
