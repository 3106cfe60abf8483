/**
 * Issue 26, "Hostile input": property-based requests to every route and every client → server
 * socket event the server registers (read from the server itself: routeCatalogue.ts), at least
 * 10,000 cases a run, against a server run as its own process on the test store. Properties:
 *  - no answer is a 5xx, every request is answered within its deadline, every acked event is acked;
 *  - the process stays up (a health probe after each batch, its exit code at the end);
 *  - a batch of requests built to be refused is refused (4xx) and stores nothing: the store's
 *    fingerprint (counts of alerts, changes, photos, contacts, users, agencies, ... and audit
 *    events) is the same before and after, except the audit records of refused attempts.
 * HOSTILE_SEED replays a run (the seed is printed); HOSTILE_CASES changes the number of cases.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { CLIENT_EVENTS } from '../../shared/events.js';
import { op } from '../../server/platform/store/mongoose.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { ApiClient, signIn } from '../helpers/apiClient.js';
import { buildContact } from '../helpers/contactFixtures.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import {
  anyCase,
  pageCase,
  paramNames,
  poolKey,
  refusedCase,
  SIGNED_IN,
  type CaseContext,
  type HttpCase,
  type Identity,
  type IdPools,
} from '../helpers/hostileCases.js';
import { HostileSender, type Sent } from '../helpers/hostileHttp.js';
import { ackProblem, SOCKET_PAYLOADS, socketCaseArb, type SocketCase } from '../helpers/hostileSockets.js';
import { tinyPng } from '../helpers/photoUpload.js';
import { routesOf, socketEventsOf, type CatalogueRoute } from '../helpers/routeCatalogue.js';
import { spawnServer, startTestServer, type SpawnedServer } from '../helpers/server.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';
import {
  AccessRequest,
  Agency,
  Alert,
  AlertChange,
  AuditEvent,
  Contact,
  IdempotencyRecord,
  Photo,
  PhotoThumb,
  PushSubscription,
  User,
  Watch,
} from '../helpers/models.js';

const SEED = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : Date.now() % 2 ** 31;
const TARGET_CASES = Number(process.env.HOSTILE_CASES ?? 10_240);
/** Per batch: HTTP requests and socket events (a batch is the unit of the health and store checks). */
const HTTP_PER_BATCH = 208;
const EVENTS_PER_BATCH = 48;
const CONCURRENCY = 6;
/** The server answers a stalled request itself after REQUEST_TIMEOUT_MS (a 503, so a 5xx here). */
const SERVER_TIMEOUT_MS = 20_000;
const CLIENT_TIMEOUT_MS = 30_000;
const ACK_TIMEOUT_MS = 10_000;

/**
 * Audit records a refused request writes on purpose (SECURITY.md: failed sign-ins, denied access
 * and failed re-authentication are audited), all with outcome `failure`. Nothing else may change.
 */
const REFUSAL_AUDITS = [
  'authz.denied',
  'auth.login_failed',
  'auth.account_locked',
  'auth.mfa_failed',
  'auth.mfa_enable',
  'auth.password_change',
  'user.invitation_accept',
  'user.invite_duplicate_hidden',
  'access.request',
];

async function fingerprint(): Promise<Record<string, number>> {
  const [alerts, versions] = await Promise.all([Alert.countDocuments(), Alert.find({}, { version: 1, updatedAt: 1 }).lean()]);
  return {
    alerts,
    alertVersions: versions.reduce((n, a) => n + (a.version ?? 0), 0),
    alertLastUpdate: versions.reduce((t, a) => Math.max(t, new Date(a.updatedAt as Date).getTime() || 0), 0),
    alertChanges: await AlertChange.countDocuments(),
    photos: await Photo.countDocuments(),
    photoThumbs: await PhotoThumb.countDocuments(),
    contacts: await Contact.countDocuments(),
    users: await User.countDocuments(),
    agencies: await Agency.countDocuments(),
    accessRequests: await AccessRequest.countDocuments(),
    watches: await Watch.countDocuments(),
    pushSubscriptions: await PushSubscription.countDocuments(),
    idempotencyRecords: await IdempotencyRecord.countDocuments(),
    auditSuccesses: await AuditEvent.countDocuments({ outcome: 'success' }),
    auditOtherFailures: await AuditEvent.countDocuments({ outcome: 'failure', action: op({ $nin: REFUSAL_AUDITS }) }),
  };
}

/** Reads the fingerprint until two reads 150 ms apart agree (work of an earlier batch may still be landing). */
async function settledFingerprint(): Promise<Record<string, number>> {
  let last = await fingerprint();
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const next = await fingerprint();
    if (JSON.stringify(next) === JSON.stringify(last)) return next;
    last = next;
  }
  return last;
}

const diff = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a)
    .filter((k) => a[k] !== b[k])
    .map((k) => `${k} ${a[k]} → ${b[k]}`)
    .join(', ');

interface Session {
  cookie: string;
  csrf: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

describe('hostile input: every route and socket event, ≥10,000 property-based cases (issue 26)', function () {
  this.timeout(15 * 60_000);
  let routes: CatalogueRoute[];
  let events: string[];
  let server: SpawnedServer;
  let url: string;
  const users: Record<string, BuiltUser[]> = {};
  const sessions = new Map<Identity, Session>();
  const turn: Record<string, number> = {};
  const pools: IdPools = {};
  let ctx: CaseContext;

  /** Signs in the next user of a role (turns through several, so TOTP steps are not used up). */
  async function signInRole(identity: Identity): Promise<ApiClient> {
    const list = users[identity]!;
    const i = (turn[identity] = ((turn[identity] ?? -1) + 1) % list.length);
    const client = await signIn(url, list[i]!);
    sessions.set(identity, { cookie: client.cookieHeader(), csrf: client.csrfToken! });
    return client;
  }

  before(async function () {
    this.timeout(10 * 60_000);
    await resetDatabase();
    const police = await buildAgency({ country: 'AR', kind: 'police' });
    const prosecution = await buildAgency({ country: 'AR', kind: 'prosecutor' });
    const paraguay = await buildAgency({ country: 'PY', kind: 'police' });
    const victimAgency = await buildAgency({ country: 'PY', kind: 'police' });
    const make = (n: number, agency: typeof police, roles: BuiltUser['user']['roles']) =>
      Promise.all(Array.from({ length: n }, () => buildUser({ agency, roles, mfa: true })));
    users.officer = await make(3, police, ['officer']);
    users.prosecutor = await make(3, prosecution, ['prosecutor']);
    users.agency_admin = await make(3, police, ['agency_admin']);
    users.system_admin = await make(3, paraguay, ['system_admin']);
    users.spare = await make(6, paraguay, ['officer']);
    const pending = await buildUser({ agency: police, mfa: true });
    const victims = await make(3, victimAgency, ['officer']);

    // The catalogue, from an in-process server on the same store: its router and a connected socket's listeners.
    const local = await startTestServer();
    try {
      routes = routesOf(local);
      const probe = await signIn(local.url, users.officer[0]!);
      const socket = await openSocket(local.url, { cookie: probe.cookieHeader() });
      await new Promise((r) => setTimeout(r, 200));
      events = socketEventsOf(local);
      socket.close();
    } finally {
      await local.stop();
    }

    server = await spawnServer(
      {
        MONGODB_URI: testStore().store.uri,
        MONGODB_DB: testStore().dbName,
        JOBS_ENABLED: 'false',
        REQUEST_TIMEOUT_MS: String(SERVER_TIMEOUT_MS),
        // Limits raised so the run reaches the handlers; each limit has its own suite with a low value.
        LOGIN_RATE_LIMIT_PER_15_MIN: '1000000',
        CSRF_RATE_LIMIT_PER_15_MIN: '1000000',
        ALERT_UPDATES_PER_10_MIN: '1000000',
        ALERT_STATUS_CHANGES_PER_10_MIN: '1000000',
        PHOTO_UPLOADS_PER_10_MIN: '1000000',
        SEARCHES_PER_10_MIN: '1000000',
        SOCKET_EVENTS_PER_MINUTE: '1000000',
        SOCKETS_PER_USER: '100',
        // Wrong current passwords sent to /auth/password count towards the lockout; the maximum keeps the role sessions usable.
        LOCKOUT_THRESHOLD: '100',
      },
      180_000,
    );
    url = server.url;
    // Lists and searches answer 503 until the server's alert copy has loaded: the run starts once it is ready.
    for (const deadline = Date.now() + 60_000; ;) {
      const ready = await fetch(`${url}/readyz`).catch(() => null);
      if (ready?.status === 200) break;
      if (Date.now() > deadline) throw new Error(`the server was not ready within 60 s: ${ready?.status ?? 'no answer'}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    for (const identity of [...SIGNED_IN, 'spare'] as const) await signInRole(identity);
    const anonymous = new ApiClient(url);
    await anonymous.fetchCsrf();
    sessions.set('anonymous', { cookie: anonymous.cookieHeader(), csrf: anonymous.csrfToken! });
    const half = new ApiClient(url);
    await half.fetchCsrf();
    const step = await half.post('/api/v1/auth/login', { email: pending.email, password: pending.password }).expect(200);
    sessions.set('pending_mfa', { cookie: half.cookieHeader(), csrf: step.body.csrfToken as string });
    const real = sessions.get('officer')!;
    sessions.set('forged', {
      cookie: real.cookie.replace(/=([^;]*)/g, (_m, v: string) => `=${v.slice(0, -6)}AAAAAA`),
      csrf: real.csrf.replace(/.$/, '0'),
    });

    // Things the ids in paths point at: alerts with updates and a photo, contacts, a watch, users and an agency of no role used here.
    const officer = await signIn(url, users.officer[1]!);
    const alertIds: string[] = [];
    const updateIds: string[] = [];
    const photoIds: string[] = [];
    const image = await tinyPng();
    for (const sensitivity of ['standard', 'restricted']) {
      const alert = await officer.post('/api/v1/alerts', alertBody({ sensitivity, distribution: { scope: 'bilateral' } })).expect(201);
      const id = alert.body.id as string;
      alertIds.push(id);
      for (const update of [
        { kind: 'note', text: 'Nota' },
        { kind: 'hit', hitType: 'sighting', text: 'Visto' },
      ]) {
        const res = await officer.post(`/api/v1/alerts/${id}/updates`, update);
        if (res.status === 201) updateIds.push(res.body.id as string);
      }
      const photo = await officer.agent
        .post(`/api/v1/alerts/${id}/photos`)
        .set('X-CSRF-Token', officer.csrfToken!)
        .set('Content-Type', 'image/png')
        .send(image);
      if (photo.status === 201) photoIds.push(photo.body.id as string);
    }
    const watch = await officer.post('/api/v1/watches', { kind: 'name', value: 'Benítez' });
    const contacts = await Promise.all([buildContact(police), buildContact(victimAgency)]);
    pools['alerts:id'] = alertIds;
    pools['alerts:updateId'] = updateIds;
    pools['alerts:photoId'] = photoIds;
    pools['contacts:id'] = contacts.map((c) => c.id);
    pools['watches:id'] = watch.status === 201 ? [watch.body.id as string] : [];
    pools['users:id'] = victims.map((v) => v.id);
    pools['agencies:id'] = [String(victimAgency._id)];
    pools['audit:seq'] = ['1', '2', '3', '5', '8'];
    // No request to another agency is set up: ids from the schema (well-formed, unknown) reach the lookup.
    pools['access-requests:id'] = [];
    // Data-subject requests: ids from the schema (well-formed, unknown) reach the lookup too.
    pools['subject-requests:id'] = [];
    ctx = { pools, image };
  });

  after(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });

  it('every route and socket event the server registers has a generator, and every id in a path a pool', () => {
    expect(routes.length).to.be.greaterThan(60);
    const missing: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.path}`;
      if (route.spec ? !anyCase(route, ctx) : !pageCase(route)) missing.push(`${key}: no generator`);
      for (const name of paramNames(route.path)) if (!(poolKey(route.path, name) in pools)) missing.push(`${key}: no id pool for :${name}`);
    }
    for (const event of events) if (!SOCKET_PAYLOADS[event]) missing.push(`socket event ${event}: no payload generator`);
    expect(missing).to.deep.equal([]);
    expect(events).to.deep.equal([...CLIENT_EVENTS].sort());
  });

  it(`≥${fmt(TARGET_CASES)} hostile requests and events: no 5xx, no hang, the process stays up, a refusal stores nothing`, async () => {
    const started = Date.now();
    console.log(`      hostile input: seed ${SEED} (replay with HOSTILE_SEED=${SEED})`);
    const anyArb = fc.oneof(...routes.map((r) => (r.spec ? anyCase(r, ctx) : pageCase(r)!)));
    const refusable = routes.map((r) => refusedCase(r, ctx)).filter((a): a is fc.Arbitrary<HttpCase> => a !== null);
    const refusedArb = fc.oneof(...refusable);
    const eventArb = socketCaseArb(events);
    const sender = new HostileSender(url, CONCURRENCY, CLIENT_TIMEOUT_MS);

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const answered2xx = new Set<string>();
    let httpCases = 0;
    let socketCases = 0;
    let unsendable = 0;
    let fiveXx = 0;
    let refusedBatches = 0;
    let relogins = 0;
    let socketReopens = 0;
    const disconnects = new Map<string, number>();
    const report = (what: string) => failures.length < 60 && failures.push(what);
    const describeCase = (c: HttpCase) => `${c.method} ${c.url.slice(0, 160)} as ${c.identity} [${c.mutation}]`;

    const sockets: (TestSocket | null)[] = [null, null, null, null];
    const socketIdentity = (i: number) => SIGNED_IN[i % SIGNED_IN.length]!;
    const ensureSocket = async (i: number) => {
      const s = sockets[i];
      if (s?.connected) return s;
      if (s) socketReopens++;
      s?.close();
      const opened = await openSocket(url, { cookie: sessions.get(socketIdentity(i))!.cookie });
      sockets[i] = opened;
      return opened;
    };

    const sendHttp = async (c: HttpCase): Promise<Sent> => {
      const session = sessions.get(c.identity);
      const headers: Record<string, string> = { ...c.headers };
      if (session) headers.Cookie = session.cookie;
      if (session && c.csrf !== 'missing')
        headers['X-CSRF-Token'] = c.csrf === 'right' ? session.csrf : session.csrf.split('').reverse().join('');
      return sender.send({ method: c.method, url: c.url, headers, body: c.body });
    };

    const sendEvent = async (socket: TestSocket, c: SocketCase): Promise<string | null> => {
      type Emit = (event: string, ...args: unknown[]) => void;
      const emit = socket.emit.bind(socket) as unknown as Emit;
      if (!c.withAck) {
        emit(c.event, ...c.args);
        return null;
      }
      return new Promise((resolve) => {
        // A socket the server closed (its session ended, a payload over its size limit) acks nothing: the next case reconnects.
        const closed = (reason: string) => {
          clearTimeout(timer);
          disconnects.set(reason, (disconnects.get(reason) ?? 0) + 1);
          resolve(null);
        };
        const timer = setTimeout(() => {
          socket.off('disconnect', closed);
          resolve(`no ack within ${ACK_TIMEOUT_MS} ms`);
        }, ACK_TIMEOUT_MS);
        socket.once('disconnect', closed);
        emit(c.event, ...c.args, (res: unknown) => {
          clearTimeout(timer);
          socket.off('disconnect', closed);
          resolve(ackProblem(res));
        });
      });
    };

    for (let batch = 0; httpCases + socketCases < TARGET_CASES; batch++) {
      const refusedBatch = batch % 2 === 1;
      const cases = fc.sample(refusedBatch ? refusedArb : anyArb, { numRuns: HTTP_PER_BATCH, seed: SEED + batch * 2 });
      const socketBatch = fc.sample(eventArb, { numRuns: EVENTS_PER_BATCH, seed: SEED + batch * 2 + 1 });
      const before = refusedBatch ? await settledFingerprint() : null;

      let next = 0;
      const httpWorker = async () => {
        while (next < cases.length) {
          const c = cases[next++]!;
          if (process.env.HOSTILE_PROGRESS === '2') console.log(`        > ${describeCase(c).slice(0, 200)}`);
          const res = await sendHttp(c);
          if (process.env.HOSTILE_PROGRESS === '2') console.log(`        < ${res.status ?? res.failure} ${res.ms} ms ${c.route}`);
          if (res.unsendable) {
            unsendable++;
            continue;
          }
          httpCases++;
          if (res.status === null) report(`no answer (${res.failure}) to ${describeCase(c)}`);
          else {
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
            if (res.status >= 500) {
              fiveXx++;
              report(`${res.status} for ${describeCase(c)}: ${res.snippet?.slice(0, 200)}`);
            } else if (c.meantRefused && res.status < 400) report(`${res.status} for a request meant to be refused: ${describeCase(c)}`);
            if (res.status < 300) answered2xx.add(c.route);
          }
        }
      };
      let nextEvent = 0;
      const socketWorker = async (i: number) => {
        while (nextEvent < socketBatch.length) {
          const c = socketBatch[nextEvent++]!;
          let socket: TestSocket;
          try {
            socket = await ensureSocket(i);
          } catch (err) {
            report(`socket ${i} could not reconnect: ${(err as Error).message}`);
            return;
          }
          socketCases++;
          if (process.env.HOSTILE_PROGRESS === '2') console.log(`        ~> ${i} ${c.event} ${c.shape} ack=${c.withAck}`);
          const problem = await sendEvent(socket, c);
          if (process.env.HOSTILE_PROGRESS === '2') console.log(`        <~ ${i} ${problem}`);
          if (problem)
            report(`${problem} for event ${JSON.stringify(c.event)} (${c.shape}, ${c.args.length} args) as ${socketIdentity(i)}`);
        }
      };
      await Promise.all([...Array.from({ length: CONCURRENCY }, httpWorker), ...sockets.map((_s, i) => socketWorker(i))]);

      // The process answers, and each batch of refusals left the store as it was.
      const health = await sender.send({ method: 'GET', url: '/healthz', headers: {} });
      if (health.status !== 200 || server.child.exitCode !== null) {
        report(`after batch ${batch}: health ${health.status ?? health.failure}, exit code ${server.child.exitCode}`);
        break;
      }
      if (before) {
        refusedBatches++;
        const after = await settledFingerprint();
        const changed = diff(before, after);
        if (changed) report(`batch ${batch} (only refusals) changed the store: ${changed}`);
      }
      if (process.env.HOSTILE_PROGRESS) {
        console.log(
          `      batch ${batch}${refusedBatch ? ' (refusals)' : ''}: ${fmt(httpCases + socketCases)} cases, ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.length} failures`,
        );
      }
      // Sessions a request ended (a password change, a reset) are signed in again, so the next batch still reaches the handlers.
      for (const identity of [...SIGNED_IN, 'spare'] as const) {
        const session = sessions.get(identity)!;
        const me = await sender.send({ method: 'GET', url: '/api/v1/auth/me', headers: { Cookie: session.cookie } });
        if (me.status !== 200) {
          relogins++;
          await signInRole(identity);
        }
      }
    }
    for (const s of sockets) s?.close();
    sender.close();

    const seconds = (Date.now() - started) / 1000;
    const total = httpCases + socketCases;
    const histogram = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    console.log(
      `      hostile input: ${fmt(total)} cases (${fmt(httpCases)} HTTP over ${routes.length} routes, ${fmt(socketCases)} socket events over ${events.length} + unknown), ${fiveXx} × 5xx, in ${seconds.toFixed(1)} s`,
    );
    console.log(
      `      statuses: ${histogram}; ${refusedBatches} refused batches checked against the store; routes answered 2xx: ${answered2xx.size}/${routes.length}; sign-ins again: ${relogins}; sockets reopened: ${socketReopens} (closed while waiting for an ack: ${[...disconnects].map(([r, n]) => `${r} ×${n}`).join(', ') || 'none'}); not sendable by the client: ${unsendable}`,
    );
    const crashed = /uncaught|unhandled|FATAL|"level":60/i.exec(server.output());
    expect(failures, failures.join('\n')).to.deep.equal([]);
    expect(total).to.be.at.least(TARGET_CASES);
    expect(server.child.exitCode, 'the server process exited').to.equal(null);
    expect(crashed?.[0] ?? null, server.output().slice(-2000)).to.equal(null);
  });
});
