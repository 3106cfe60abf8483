/**
 * Hostile HTTP requests for every route of the catalogue (routeCatalogue.ts), as fast-check
 * arbitraries: mostly-valid bodies, queries and params read from each endpoint's zod schemas,
 * mutated (wrong types, huge and odd strings, deep nesting, `__proto__` keys, arrays for objects,
 * missing and extra fields), under every kind of caller and with hostile headers. `refusedCase`
 * builds only requests the server must refuse (4xx), for the "a refusal stores nothing" check.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import type { CatalogueRoute } from './routeCatalogue.js';
import { objectKeys, zodArbitrary } from './zodArbitrary.js';

/** Who sends a request: nobody, a forged cookie, a half-done sign-in, or a signed-in role. */
export const SIGNED_IN = ['officer', 'prosecutor', 'agency_admin', 'system_admin'] as const;
export type Identity = 'anonymous' | 'forged' | 'pending_mfa' | 'spare' | (typeof SIGNED_IN)[number];

export interface HttpCase {
  /** `METHOD /path/pattern` of the catalogue. */
  route: string;
  method: string;
  /** Path and query as sent (already encoded, possibly badly on purpose). */
  url: string;
  identity: Identity;
  csrf: 'right' | 'wrong' | 'missing';
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** Built to be refused (4xx): its batch checks that nothing was stored. */
  meantRefused: boolean;
  /** What was done to the request, for the report of a failure. */
  mutation: string;
}

/** Per route-parameter name (`alerts:id`), ids that exist, so handlers past the lookup are reached. */
export type IdPools = Record<string, string[]>;

export interface CaseContext {
  pools: IdPools;
  /** A real small image, for the photo upload route. */
  image: Uint8Array;
}

const MUTATING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/** Routes that end the caller's session: sent by a spare signed-in user, so the role sessions live on. */
export const SESSION_ENDING = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/logout-all']);

/** The pool key of a route parameter: the resource after /api/v1/ and the parameter name. */
export function poolKey(path: string, param: string): string {
  return `${path.split('/')[3] ?? ''}:${param}`;
}

export function paramNames(path: string): string[] {
  if (path.startsWith('regex:')) return [];
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

// ---- hostile values -------------------------------------------------------------------------

const deep = (depth: number, leaf: unknown): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

/** A key JSON.stringify writes as an own property, even `__proto__`. */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

const numericStrings = fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '1e309', '0x10', '١٢٣', '9007199254740993', ' 1 ', '');

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  numericStrings,
  fc.integer({ min: 1000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uFEFF',
    '‮evil',
    '<script>alert(1)</script>',
    "'; DROP TABLE x; --",
    '{"$gt":""}',
    '../../etc/passwd',
  ),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -1, 0, 1e308, -1e308, 5e-324),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom({ $gt: '' }, { $where: 'sleep(1000)' }, { 'a.b': 1 }, [], {}, [[]], [null]),
  fc.integer({ min: 20, max: 200 }).map((d) => deep(d, 'x')),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.string({ maxLength: 5 }), { minLength: 100, maxLength: 3000 }),
);

/** Object keys as an attacker picks them. */
const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', '$set', 'a.b', '', ' ', 'toString', 'hasOwnProperty', '\u0000'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);

/** Mutations of a (mostly valid) JSON value; `keys` are the schema's field names. */
function mutate(valid: fc.Arbitrary<unknown>, keys: string[]): fc.Arbitrary<[unknown, string]> {
  const asObject = (v: unknown): Record<string, unknown> =>
    v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const key = keys.length ? fc.constantFrom(...keys) : fc.constant('field');
  return fc.oneof(
    valid.chain((v) =>
      key.map((k) => [Object.fromEntries(Object.entries(asObject(v)).filter(([x]) => x !== k)), `without ${k}`] as [unknown, string]),
    ),
    fc
      .tuple(valid, hostileKey, hostileValue)
      .map(([v, k, x]) => [withOwnKey(asObject(v), k, x), `extra key ${JSON.stringify(k)}`] as [unknown, string]),
    fc.tuple(valid, key, hostileValue).map(([v, k, x]) => [{ ...asObject(v), [k]: x }, `hostile ${k}`] as [unknown, string]),
    fc
      .tuple(valid, key, hostileValue)
      .map(([v, k, x]) => [withOwnKey(asObject(v), '__proto__', { [k]: x, isAdmin: true }), '__proto__ body'] as [unknown, string]),
    fc
      .tuple(valid, key)
      .map(([v, k]) => [{ ...asObject(v), constructor: { prototype: { [k]: 'polluted' } } }, 'constructor.prototype'] as [unknown, string]),
    valid.map((v) => [[v], 'array for object'] as [unknown, string]),
    valid.map((v) => [[v, v, v], 'array of bodies'] as [unknown, string]),
    hostileValue.map((x) => [x, 'hostile body'] as [unknown, string]),
    fc.tuple(valid, fc.integer({ min: 20, max: 120 })).map(([v, d]) => [deep(d, v), `nested ${d}`] as [unknown, string]),
    valid.map(
      (v) =>
        [
          JSON.parse(JSON.stringify(v ?? null), (_k, x: unknown) => (typeof x === 'string' ? 123 : typeof x === 'number' ? String(x) : x)),
          'types swapped',
        ] as [unknown, string],
    ),
  );
}

/** Raw request bodies JSON.stringify cannot make. */
const rawBodies = fc.constantFrom(
  '{',
  '{"a":1,}',
  '\uFEFF{}',
  '{"a":1}{"b":2}',
  'null',
  '"text"',
  '1e999',
  '1' + '0'.repeat(400),
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  'x'.repeat(300 * 1024),
);

// ---- query strings and params -----------------------------------------------------------------

const enc = (s: string) => encodeURIComponent(s);

function queryOf(values: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) parts.push(`${enc(k)}=${enc(typeof item === 'string' ? item : JSON.stringify(item))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

const hostileQuerySuffix = fc.oneof(
  fc.tuple(hostileKey, fc.string({ maxLength: 20 })).map(([k, v]) => `${enc(k)}=${enc(v)}`),
  fc.constantFrom(
    'a[b]=1',
    '__proto__[x]=1',
    'constructor[prototype][x]=1',
    '%E0%A4%A=1',
    'x=%',
    'limit=1&limit=2',
    'cursor=' + 'A'.repeat(5000),
    '&&&',
    '=',
    'q',
  ),
);

/** Path segments that fail an id's schema, or do not even decode. */
const hostileSegment = fc.oneof(
  fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: 30 })
    .map(enc)
    // A dot segment ('.', '..', also written %2E) is removed by URL parsing before the request
    // leaves: `/agencies/.` is sent as the list `/agencies/`, which answers 200 as it should.
    .filter((segment) => !/^(?:\.|%2e){1,2}$/i.test(segment)),
  fc.constantFrom(
    '%zz',
    '%E0%A4%A',
    '..%2F..%2Fetc',
    '%00',
    'null',
    'undefined',
    '-1',
    '0',
    'ffffffffffffffffffffffffff',
    'a'.repeat(3000),
    '%24where',
    'NaN',
    '1e309',
    '%2e%2e',
  ),
);

// ---- headers ------------------------------------------------------------------------------------

const badContentType = fc.constantFrom(
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  'application/xml',
  'text/html; charset=utf-8',
);

const oddContentType = fc.oneof(
  badContentType,
  fc.constantFrom('application/json; charset=utf-16', 'application/json; charset=latin1', 'application/merge-patch+json', 'image/png', ''),
);

const idempotencyHeader = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 2, arbitrary: fc.uuid() },
  {
    weight: 2,
    arbitrary: fc.oneof(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('x'.repeat(101), 'ключ-ключ-ключ', 'a b c d e f g h', '"quoted-key"'),
      fc.string({ unit: 'binary', minLength: 8, maxLength: 20 }).map(enc),
    ),
  },
);

const extraHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Record<string, string>>(
      { 'Content-Encoding': 'gzip' },
      { 'Content-Encoding': 'br' },
      { 'Content-Encoding': 'bogus' },
      { 'Accept-Encoding': 'br;q=2, gzip;q=-1, *;q=nan' },
      { Accept: 'text/csv' },
      { 'If-Match': '"nope"' },
      { Range: 'bytes=99999999-' },
      { 'X-Forwarded-For': '1.2.3.4, <script>' },
      { 'X-Request-Id': 'x'.repeat(5000) },
      { 'Accept-Language': 'xx-YY;q=abc' },
      { Origin: 'https://evil.example' },
    ),
  },
);

// ---- cases ----------------------------------------------------------------------------------------

/** An arbitrary of one route's path (params from pools, valid-looking or hostile). */
function pathArb(route: CatalogueRoute, ctx: CaseContext, hostileParams: boolean): fc.Arbitrary<[string, string]> {
  const names = paramNames(route.path);
  if (!names.length) return fc.constant([route.path, '']);
  const params = route.spec?.params;
  const valid: fc.Arbitrary<Record<string, unknown>> = params
    ? (zodArbitrary(params as z.ZodType) as fc.Arbitrary<Record<string, unknown>>)
    : fc.constant({});
  const perName = names.map((n) => {
    const pool = ctx.pools[poolKey(route.path, n)] ?? [];
    const good = fc
      .oneof(
        { weight: 6, arbitrary: pool.length ? fc.constantFrom(...pool) : valid.map((v) => String(v[n] ?? 'x')) },
        { weight: 1, arbitrary: valid.map((v) => String(v[n] ?? 'x')) },
      )
      .map(enc);
    return hostileParams ? hostileSegment : good;
  });
  return fc.tuple(...perName).map((values) => {
    let path = route.path;
    names.forEach((n, i) => (path = path.replace(`:${n}`, values[i]!)));
    return [path, hostileParams ? 'hostile param' : ''] as [string, string];
  });
}

function isStrict(schema: z.ZodType | undefined): boolean {
  if (!schema) return true; // endpoint() then takes no query at all
  const def = (schema as unknown as { _zod: { def: { type: string; catchall?: { _zod: { def: { type: string } } } } } })._zod.def;
  return def.type === 'object' && def.catchall?._zod.def.type === 'never';
}

function queryArb(route: CatalogueRoute, hostile: boolean): fc.Arbitrary<[string, string]> {
  const schema = route.spec?.query as z.ZodType | undefined;
  const valid = schema ? (zodArbitrary(schema) as fc.Arbitrary<Record<string, unknown>>).map(queryOf) : fc.constant('');
  if (!hostile) return valid.map((q) => [q, ''] as [string, string]);
  return fc.tuple(valid, hostileQuerySuffix).map(([q, s]) => [`${q}${q ? '&' : '?'}${s}`, 'hostile query'] as [string, string]);
}

const identities = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom<Identity>(...SIGNED_IN) },
  { weight: 2, arbitrary: fc.constantFrom<Identity>('anonymous', 'forged', 'pending_mfa') },
);

/** The body of a route: JSON from its schema (mutated or not), image bytes for the upload. */
function bodyArb(route: CatalogueRoute, ctx: CaseContext): fc.Arbitrary<[string | Uint8Array | undefined, string, string | undefined]> {
  const key = `${route.method} ${route.path}`;
  if (key === 'POST /api/v1/alerts/:id/photos') {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constant([ctx.image, 'image', 'image/png'] as [Uint8Array, string, string]) },
      fc.uint8Array({ maxLength: 4096 }).map((b) => [b, 'random bytes', 'image/png'] as [Uint8Array, string, string]),
      fc
        .integer({ min: 1, max: ctx.image.length - 1 })
        .map((n) => [ctx.image.slice(0, n), 'truncated image', 'image/jpeg'] as [Uint8Array, string, string]),
      fc
        .constantFrom('image/svg+xml', 'image/gif', 'image/x-unknown', 'image/')
        .map((t) => [ctx.image, `image as ${t}`, t] as [Uint8Array, string, string]),
      fc.constant([new Uint8Array(0), 'empty image', 'image/png'] as [Uint8Array, string, string]),
    );
  }
  const schema = route.spec?.body as z.ZodType | undefined;
  if (!MUTATING.has(route.method) && !schema) {
    return fc.oneof(
      { weight: 9, arbitrary: fc.constant([undefined, '', undefined] as [undefined, string, undefined]) },
      hostileValue.map((v) => [JSON.stringify(v), 'body on a GET', 'application/json'] as [string, string, string]),
    );
  }
  const valid = schema ? zodArbitrary(schema) : fc.constant({});
  return fc.oneof(
    { weight: 5, arbitrary: valid.map((v) => [JSON.stringify(v), '', 'application/json'] as [string, string, string]) },
    {
      weight: 4,
      arbitrary: mutate(valid, schema ? objectKeys(schema) : []).map(
        ([v, m]) => [JSON.stringify(v) ?? 'null', m, 'application/json'] as [string, string, string],
      ),
    },
    {
      weight: 1,
      arbitrary: rawBodies.map((b) => [b, `raw ${JSON.stringify(b.slice(0, 30))}`, 'application/json'] as [string, string, string]),
    },
  );
}

/** Any request to the route: mostly well-formed, often hostile somewhere. */
export function anyCase(route: CatalogueRoute, ctx: CaseContext): fc.Arbitrary<HttpCase> {
  const key = `${route.method} ${route.path}`;
  const who = SESSION_ENDING.has(key) ? fc.constantFrom<Identity>('spare', 'anonymous', 'forged', 'pending_mfa') : identities;
  return fc
    .record({
      path: fc.oneof({ weight: 5, arbitrary: pathArb(route, ctx, false) }, { weight: 1, arbitrary: pathArb(route, ctx, true) }),
      query: fc.oneof({ weight: 5, arbitrary: queryArb(route, false) }, { weight: 1, arbitrary: queryArb(route, true) }),
      body: bodyArb(route, ctx),
      identity: who,
      csrf: fc.oneof({ weight: 12, arbitrary: fc.constant<'right'>('right') }, fc.constantFrom<'wrong' | 'missing'>('wrong', 'missing')),
      contentType: fc.oneof({ weight: 10, arbitrary: fc.constant(null) }, oddContentType),
      idempotency: idempotencyHeader,
      extra: extraHeaders,
    })
    .map(({ path, query, body, identity, csrf, contentType, idempotency, extra }) => {
      const headers: Record<string, string> = { ...extra };
      const type = contentType ?? body[2];
      if (body[0] !== undefined && type) headers['Content-Type'] = type;
      if (idempotency !== undefined) headers['Idempotency-Key'] = idempotency;
      const mutation = [
        path[1],
        query[1],
        body[1],
        csrf !== 'right' ? `csrf ${csrf}` : '',
        contentType !== null ? `content-type ${JSON.stringify(contentType)}` : '',
        idempotency ? 'idempotency key' : '',
        Object.keys(extra).join(','),
      ]
        .filter(Boolean)
        .join('; ');
      return {
        route: key,
        method: route.method,
        url: path[0] + query[0],
        identity,
        csrf,
        headers,
        body: body[0],
        meantRefused: false,
        mutation: mutation || 'valid',
      };
    });
}

/**
 * Requests the server must refuse, each for a reason known when it is built: a missing or wrong
 * CSRF token, a body that is not JSON, a body its schema refuses, an unknown query key, an id that
 * is not one, or no sign-in where one is needed.
 */
export function refusedCase(route: CatalogueRoute, ctx: CaseContext): fc.Arbitrary<HttpCase> | null {
  const key = `${route.method} ${route.path}`;
  const mutating = MUTATING.has(route.method);
  const schema = route.spec?.body as z.ZodType | undefined;
  const signedIn: fc.Arbitrary<Identity> = SESSION_ENDING.has(key) ? fc.constant('spare') : fc.constantFrom(...SIGNED_IN);
  const base = fc.tuple(pathArb(route, ctx, false), queryArb(route, false), signedIn);
  const make = (
    method: string,
    url: string,
    identity: Identity,
    csrf: HttpCase['csrf'],
    headers: Record<string, string>,
    body: string | undefined,
    mutation: string,
  ): HttpCase => ({
    route: key,
    method,
    url,
    identity,
    csrf,
    headers,
    body,
    meantRefused: true,
    mutation,
  });
  /** A request right in all but `mutation`: the valid body on a mutating method, none otherwise. */
  const withValidBody = (url: string, who: Identity, body: string, mutation: string) =>
    make(route.method, url, who, 'right', mutating ? { 'Content-Type': 'application/json' } : {}, mutating ? body : undefined, mutation);
  const reasons: fc.Arbitrary<HttpCase>[] = [];
  const validBody = schema ? zodArbitrary(schema).map((v) => JSON.stringify(v)) : fc.constant('{}');
  if (mutating) {
    reasons.push(
      fc
        .tuple(base, fc.constantFrom<'wrong' | 'missing'>('wrong', 'missing'), validBody)
        .map(([[p, q, who], csrf, body]) =>
          make(route.method, p[0] + q[0], who, csrf, { 'Content-Type': 'application/json' }, body, `csrf ${csrf}`),
        ),
      fc
        .tuple(base, badContentType, validBody)
        .map(([[p, q, who], type, body]) =>
          make(route.method, p[0] + q[0], who, 'right', { 'Content-Type': type }, body, `content-type ${type}`),
        ),
    );
  }
  if (schema) {
    const invalid = mutate(zodArbitrary(schema), objectKeys(schema)).filter(([v]) => !schema.safeParse(v).success);
    reasons.push(
      fc
        .tuple(base, invalid)
        .map(([[p, q, who], [v, m]]) =>
          make(route.method, p[0] + q[0], who, 'right', { 'Content-Type': 'application/json' }, JSON.stringify(v) ?? 'null', m),
        ),
    );
  }
  if (route.spec && isStrict(route.spec.query as z.ZodType | undefined)) {
    reasons.push(
      fc
        .tuple(base, fc.stringMatching(/^zz[a-z]{1,8}$/), validBody)
        .map(([[p, q, who], k, body]) => withValidBody(`${p[0]}${q[0]}${q[0] ? '&' : '?'}${k}=1`, who, body, `unknown query key ${k}`)),
    );
  }
  if (route.spec?.params) {
    const params = route.spec.params as z.ZodType;
    reasons.push(
      fc
        .tuple(pathArb(route, ctx, true), queryArb(route, false), signedIn, validBody)
        .filter(([p]) => {
          // Only ids the params schema refuses (a segment that does not decode is refused by the router).
          const names = paramNames(route.path);
          const re = new RegExp(`^${route.path.replace(/:[A-Za-z0-9_]+/g, '([^/]+)')}$`);
          const m = re.exec(p[0]);
          if (!m) return false;
          try {
            const values = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)]));
            return !params.safeParse(values).success;
          } catch {
            return true;
          }
        })
        .map(([p, q, who, body]) => withValidBody(p[0] + q[0], who, body, 'invalid id')),
    );
  }
  if (route.path.startsWith('/api/v1/') && !route.path.startsWith('/api/v1/auth/')) {
    reasons.push(
      fc
        .tuple(base, fc.constantFrom<Identity>('anonymous', 'forged', 'pending_mfa'), validBody)
        .map(([[p, q], who, body]) => withValidBody(p[0] + q[0], who, body, `as ${who}`)),
    );
  }
  return reasons.length ? fc.oneof(...reasons) : null;
}

// ---- routes that are not endpoint()s: health, metrics, the client's pages and files ---------------

const pageHeaders = fc.constantFrom<Record<string, string>>(
  {},
  { 'If-Match': '"nope"' },
  { 'If-None-Match': '*' },
  { 'If-Unmodified-Since': 'Mon, 01 Jan 1990 00:00:00 GMT' },
  { 'If-Modified-Since': 'not a date' },
  { Range: 'bytes=99999999-' },
  { Range: 'bytes=0-0,1-1,2-2,3-3' },
  { Range: 'bytes=-1' },
  { Range: 'lines=1-2' },
  { 'Accept-Encoding': 'br' },
  { 'Accept-Encoding': 'gzip;q=0, br;q=0, identity;q=0' },
  { Authorization: 'Bearer nope' },
  { Authorization: `Basic ${'A'.repeat(5000)}` },
);

/** Paths for the routes that take no schema, by the start of their catalogue key. */
export const NON_ENDPOINT_PATHS: [string, fc.Arbitrary<string>][] = [
  ['GET /healthz', fc.constant('/healthz')],
  ['GET /readyz', fc.constant('/readyz')],
  ['GET /metrics', fc.constant('/metrics')],
  ['GET /index.html', fc.constant('/index.html')],
  ['GET /sw.js', fc.constant('/sw.js')],
  ['GET /', fc.constant('/')],
  [
    'GET regex:^\\/(?:chunks',
    fc.constantFrom('/app-ABCDEFGH.js', '/chunks/x_y-ZZZZZZZZ.css', '/chunks/a-00000000.js', '/app-AAAAAAAA.css'),
  ],
  [
    'GET regex:^\\/(?:sign-in',
    fc
      .tuple(fc.constantFrom('/sign-in', '/alerts', '/alerts/', '/admin', '/search', '/inbox', '/reset'), hostileSegment)
      .map(([p, s]) => `${p}/${s}`),
  ],
];

export function nonEndpointPaths(key: string): fc.Arbitrary<string> | undefined {
  // The longest matching start: `GET /` also starts `GET /healthz`.
  const found = NON_ENDPOINT_PATHS.filter(([start]) => key === start || (start.includes('regex:') && key.startsWith(start)));
  return found[0]?.[1];
}

/** A GET to a route without a schema, with the conditional and range headers that once gave 500s. */
export function pageCase(route: CatalogueRoute): fc.Arbitrary<HttpCase> | null {
  const key = `${route.method} ${route.path}`;
  const paths = nonEndpointPaths(key);
  if (!paths) return null;
  return fc
    .tuple(
      paths,
      fc.oneof(
        { weight: 3, arbitrary: fc.constant('') },
        hostileQuerySuffix.map((s) => `?${s}`),
      ),
      pageHeaders,
      extraHeaders,
      identities,
    )
    .map(([path, query, headers, extra, identity]) => ({
      route: key,
      method: route.method,
      url: path + query,
      identity,
      csrf: 'right' as const,
      headers: { ...headers, ...extra },
      meantRefused: false,
      mutation: [query ? 'hostile query' : '', Object.keys({ ...headers, ...extra }).join(',')].filter(Boolean).join('; ') || 'plain',
    }));
}
