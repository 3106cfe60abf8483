/** Signing a benchmark user in over HTTP (password only: benchmarks run with MFA required of admins alone). */
export interface BenchSession {
  cookie: string;
  csrf: string;
}

export async function benchLogin(url: string, email: string, password: string): Promise<BenchSession> {
  const csrfRes = await fetch(`${url}/api/v1/auth/csrf`);
  const cookie = (csrfRes.headers.getSetCookie()[0] ?? '').split(';')[0]!;
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, cookie },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.getSetCookie()[0] ?? '').split(';')[0]!, csrf: body.csrfToken };
}

/** A JSON request as a signed-in user; throws unless the status is `expect`. */
export async function benchRequest<T>(
  url: string,
  s: BenchSession,
  method: string,
  path: string,
  body?: unknown,
  expect = 200,
): Promise<T> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}
