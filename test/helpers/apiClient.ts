/** A signed-in (or anonymous) HTTP client with a cookie jar and CSRF handling, over real HTTP. */
import { generate } from 'otplib';
import request from 'supertest';
import type { BuiltUser } from './factories.js';

type Agent = ReturnType<typeof request.agent>;

/** Steps (per secret) already used by a test login: each TOTP code is accepted once. */
const usedSteps = new Map<string, Set<number>>();

/** A TOTP code for a time step not used before in this run (current, next, or previous step). */
export async function freshTotp(secret: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const used = usedSteps.get(secret) ?? new Set<number>();
  usedSteps.set(secret, used);
  const current = Math.floor(now / 30);
  for (const step of [current, current + 1]) {
    if (used.has(step)) continue;
    used.add(step);
    return generate({ secret, epoch: step * 30 + 1 });
  }
  // Both usable steps are spent: wait for the next one.
  await new Promise((r) => setTimeout(r, (30 - (now % 30) + 1) * 1000));
  return freshTotp(secret);
}

export class ApiClient {
  readonly agent: Agent;
  csrfToken: string | null = null;

  constructor(readonly baseUrl: string) {
    this.agent = request.agent(baseUrl);
  }

  async fetchCsrf(): Promise<string> {
    const res = await this.agent.get('/api/v1/auth/csrf').expect(200);
    this.csrfToken = res.body.csrfToken as string;
    return this.csrfToken;
  }

  get(path: string) {
    return this.agent.get(path);
  }

  private withCsrf<T extends { set(name: string, value: string): T }>(req: T): T {
    return this.csrfToken ? req.set('X-CSRF-Token', this.csrfToken) : req;
  }

  post(path: string, body?: object) {
    return this.withCsrf(this.agent.post(path)).send(body ?? {});
  }

  patch(path: string, body: object) {
    return this.withCsrf(this.agent.patch(path)).send(body);
  }

  delete(path: string) {
    return this.withCsrf(this.agent.delete(path));
  }

  /** The session cookie header, for socket clients. */
  cookieHeader(): string {
    const cookies = this.agent.jar.getCookies({ domain: new URL(this.baseUrl).hostname, path: '/', secure: false, script: false });
    return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** Full sign-in (password, then TOTP when enabled); throws with the body when a step fails. */
  async login(u: Pick<BuiltUser, 'email' | 'password' | 'totpSecret'>): Promise<this> {
    await this.fetchCsrf();
    const res = await this.post('/api/v1/auth/login', { email: u.email, password: u.password });
    if (res.status !== 200) throw new Error(`login failed ${res.status}: ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrfToken as string;
    if (res.body.mfaRequired) {
      if (!u.totpSecret) throw new Error('MFA required but the user has no secret');
      const mfa = await this.post('/api/v1/auth/mfa', { code: await freshTotp(u.totpSecret) });
      if (mfa.status !== 200) throw new Error(`mfa failed ${mfa.status}: ${JSON.stringify(mfa.body)}`);
      this.csrfToken = mfa.body.csrfToken as string;
    }
    return this;
  }
}

/** Signs a built user in on a new client. */
export function signIn(baseUrl: string, u: BuiltUser): Promise<ApiClient> {
  return new ApiClient(baseUrl).login(u);
}
