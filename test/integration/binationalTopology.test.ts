/**
 * The binational topology as deploy/ describes it, started whole and used only through nginx over
 * HTTPS (issue 28): FerretDB on PostgreSQL (from deploy/systemd/ferretdb.service.template), Redis
 * (deploy/redis/puente-redis.conf.template), two Puente processes (deploy/puente.env.example and
 * puente-instance.env.example, in production mode) and Debian's nginx with
 * deploy/nginx/puente.conf.template rendered by deploy/render.sh and a certificate made now by openssl.
 * Which process a socket or a request reached is read from each process's /metrics, never chosen:
 * nginx decides, as it does for users.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { io as connect } from 'socket.io-client';
import webpush from 'web-push';
import { seal } from '../../server/platform/crypto/secretBox.js';
import { waitUntilAnswering } from '../../server/platform/store/embeddedStore.js';
import { connectMongoose } from '../../server/platform/store/mongoose.js';
import { alertBody } from '../helpers/alertFixtures.js';
import { launchBrowser } from '../helpers/browser.js';
import { expectNoCspViolations, newContext, newPage, signInContext } from '../helpers/e2e.js';
import { TEST_AUDIT_KEY } from '../helpers/auditKey.js';
import { catchUpFrom, repeated, since } from '../helpers/catchUp.js';
import { runCliWithEnv } from '../helpers/cli.js';
import {
  parseEnvFile,
  readDeployFile,
  renderTemplate,
  requirePrograms,
  unitEnvironment,
  unitExecStart,
} from '../helpers/deployTemplates.js';
import { buildAgency, buildUser, type BuiltUser } from '../helpers/factories.js';
import { Nginx } from '../helpers/nginx.js';
import { useSharedStore } from '../helpers/ownStore.js';
import { freePort, freePorts } from '../helpers/ports.js';
import { PrivateRedis } from '../helpers/privateRedis.js';
import { metricValue } from '../helpers/metricsText.js';
import { eventually } from '../helpers/processes.js';
import { POSTGRES_URL, requireService } from '../helpers/services.js';
import { spawnServer, type SpawnedServer } from '../helpers/spawnServer.js';
import type { TestSocket } from '../helpers/sockets.js';
import { TEST_DB_PREFIX, testFerretDbBinary } from '../helpers/testStore.js';
import { parseSetCookie, TlsClient, type TlsResponse, type TlsTarget } from '../helpers/tlsClient.js';
import { User } from '../helpers/models.js';
import { storeInstance } from '../helpers/instance.js';

type Side = 'a' | 'b';

describe('the binational topology behind nginx, over HTTPS only (issue 28)', function () {
  this.timeout(20 * 60_000);

  let dir = '';
  let nginx: Nginx | null = null;
  let redis: PrivateRedis | null = null;
  let ferretdb: ChildProcess | null = null;
  let pgDatabase = '';
  let pgServer = '';
  let usingTopologyStore = false;
  const servers: Partial<Record<Side, SpawnedServer>> = {};
  const env: Partial<Record<Side, Record<string, string>>> = {};
  let sharedEnv: Record<string, string> = {};
  const devices: TestSocket[] = [];
  let target: TlsTarget;
  let httpPort = 0;
  let metricsToken = '';
  let poster: BuiltUser;
  let listener: BuiltUser;
  let browserUser: BuiltUser;

  const processUrl = (side: Side) => `http://127.0.0.1:${env[side]!.PORT}`;

  async function metricsOf(side: Side): Promise<string> {
    const res = await fetch(`${processUrl(side)}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } });
    expect(res.status, `/metrics of ${side}`).to.equal(200);
    return res.text();
  }

  async function socketCounts(): Promise<Record<Side, number>> {
    const count = async (side: Side) => (servers[side] ? metricValue(await metricsOf(side), 'puente_connected_sockets') : 0);
    return { a: await count('a'), b: await count('b') };
  }

  /** A device's socket through nginx (WebSocket unless told), with the session cookie of `client`. */
  function openDevice(client: TlsClient, opts: { reconnect?: boolean; polling?: boolean } = {}): Promise<TestSocket> {
    const socket: TestSocket = connect(`https://127.0.0.1:${target.port}`, {
      path: '/socket.io',
      transports: opts.polling ? ['polling'] : ['websocket'],
      ca: target.ca,
      extraHeaders: { cookie: client.cookieHeader() },
      reconnection: !!opts.reconnect,
      reconnectionDelay: 250,
      reconnectionDelayMax: 1000,
      forceNew: true,
      timeout: 20_000,
    });
    devices.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (err) => {
        if (!opts.reconnect) socket.close();
        reject(err);
      });
    });
  }

  /** Opens devices one at a time until one lands on `side` (nginx's least_conn sends the next to
   * the process with fewer); those that landed elsewhere stay open until then, then are closed.
   * The attempts are a second apart: a process that was just restarted failed a request while it
   * was away, and nginx sends it nothing for `fail_timeout` (5 s, deploy/nginx) after that. */
  async function deviceOn(side: Side, client: TlsClient, opts: { reconnect?: boolean } = {}): Promise<TestSocket> {
    const elsewhere: TestSocket[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      const before = await socketCounts();
      const socket = await openDevice(client, opts);
      const after = await eventually(socketCounts, (c) => c.a + c.b === before.a + before.b + 1, 20_000);
      if (after[side] !== before[side] + 1) {
        elsewhere.push(socket);
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      for (const other of elsewhere) other.close();
      const total = after.a + after.b - elsewhere.length;
      await eventually(socketCounts, (c) => c.a + c.b === total, 20_000);
      return socket;
    }
    throw new Error(`no socket landed on process ${side} in 8 attempts`);
  }

  /** Which process answered a POST of an alert: the one whose counter of created alerts rose. */
  async function createdAlerts(): Promise<Record<Side, number>> {
    const count = async (side: Side) =>
      servers[side]
        ? metricValue(await metricsOf(side), 'puente_http_requests_total', { method: 'POST', route: '/api/v1/alerts/', status: '201' })
        : 0;
    return { a: await count('a'), b: await count('b') };
  }

  /**
   * Posts an alert as the app's outbox does: with an Idempotency-Key, and any answer but 201
   * retried with the same key (a process stopping may drop a request nginx had already sent it).
   */
  async function postAlert(client: TlsClient, title: string): Promise<{ id: string; answers: number[] }> {
    const key = randomUUID();
    const answers: number[] = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      const res = await client.post('/api/v1/alerts', alertBody({ title }), { 'idempotency-key': key }).catch(() => null);
      answers.push(res?.status ?? 0);
      if (res?.status === 201) return { id: res.json!.id as string, answers };
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`alert "${title}" not accepted: answers ${answers.join(', ')}`);
  }

  function heard(socket: TestSocket): string[] {
    const ids: string[] = [];
    socket.on('alert:new', (p) => ids.push(p.alert.id as string));
    return ids;
  }

  /** One signed-in client per user for the suite: each sign-in spends a TOTP time step, and only
   * two of them are usable at once. */
  const sessions = new Map<BuiltUser, TlsClient>();
  async function signedIn(user: BuiltUser): Promise<TlsClient> {
    if (!sessions.has(user)) {
      const client = new TlsClient(target);
      await client.login(user);
      sessions.set(user, client);
    }
    return sessions.get(user)!;
  }

  before(async function () {
    this.timeout(10 * 60_000);
    const programs = requirePrograms(this, [
      { name: 'nginx', debianPackage: 'nginx' },
      { name: 'openssl', debianPackage: 'openssl' },
      { name: 'psql', debianPackage: 'postgresql-client' },
      { name: 'redis-server', debianPackage: 'redis-server' },
    ]);
    await requireService(this, 'postgresql');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-topology-'));

    // A certificate for localhost and 127.0.0.1, made now; the clients trust it and nothing else.
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    const openssl = spawnSync(
      programs.openssl!,
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { encoding: 'utf8' },
    );
    if (openssl.status !== 0) throw new Error(`openssl: ${openssl.stderr}`);

    // FerretDB on a PostgreSQL database of its own, as deploy/systemd/ferretdb.service.template runs it.
    pgServer = POSTGRES_URL.replace(/\/[^/]*$/, ''); // postgres://user@host:port
    pgDatabase = `puente_topology_${randomBytes(4).toString('hex')}`;
    const psql = spawnSync(
      programs.psql!,
      [`${pgServer}/postgres`, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', `CREATE DATABASE "${pgDatabase}"`],
      {
        encoding: 'utf8',
      },
    );
    if (psql.status !== 0) throw new Error(`psql: ${psql.stderr}`);
    const storePort = await freePort();
    const unit = renderTemplate('systemd/ferretdb.service.template', {
      FERRETDB_BIN: await testFerretDbBinary(),
      FERRETDB_LISTEN: `127.0.0.1:${storePort}`,
    });
    await fs.mkdir(path.join(dir, 'ferretdb'));
    ferretdb = spawn(unitExecStart(unit)[0]!, unitExecStart(unit).slice(1), {
      env: {
        ...unitEnvironment(unit),
        // What the unit's EnvironmentFile and StateDirectory give it.
        FERRETDB_POSTGRESQL_URL: `${pgServer}/${pgDatabase}`,
        FERRETDB_STATE_DIR: path.join(dir, 'ferretdb'),
        // Its debug listener's fixed port could be taken by another run.
        FERRETDB_DEBUG_ADDR: '-',
      },
      stdio: 'ignore',
    });
    const storeUri = `mongodb://127.0.0.1:${storePort}/`;
    await waitUntilAnswering(storeUri, 60_000, () => (ferretdb?.exitCode !== null ? 'FerretDB exited' : null));

    // Redis with deploy/'s configuration (a password, no persistence).
    redis = await PrivateRedis.start(async (port) => {
      const password = randomBytes(16).toString('hex');
      await fs.mkdir(path.join(dir, 'redis'));
      const file = path.join(dir, 'redis.conf');
      await fs.writeFile(
        file,
        renderTemplate('redis/puente-redis.conf.template', {
          REDIS_BIND: '127.0.0.1',
          REDIS_PORT: String(port),
          REDIS_PASSWORD: password,
          REDIS_DIR: path.join(dir, 'redis'),
        }),
      );
      return { file, password };
    });

    // The two processes: deploy/puente.env.example with this machine's addresses and fresh secrets.
    // Distinct: chosen together, bound later (nginx's two, the processes').
    const [nginxPort, plainPort, portA, portB] = (await freePorts(4)) as [number, number, number, number];
    httpPort = plainPort;
    target = { host: '127.0.0.1', port: nginxPort, serverName: 'localhost', ca: await fs.readFile(cert, 'utf8') };
    metricsToken = randomBytes(24).toString('hex');
    const vapid = webpush.generateVAPIDKeys();
    const dataKey = randomBytes(32);
    sharedEnv = {
      ...parseEnvFile(readDeployFile('puente.env.example')),
      PUBLIC_URL: `https://localhost:${nginxPort}`,
      MONGODB_URI: storeUri,
      MONGODB_DB: `${TEST_DB_PREFIX}topology_${randomBytes(4).toString('hex')}`,
      STORE_POSTGRESQL_URL: `${pgServer}/${pgDatabase}`,
      REDIS_URL: redis.url,
      SESSION_SECRET: randomBytes(48).toString('base64'),
      DATA_ENCRYPTION_KEY: dataKey.toString('base64'),
      AUDIT_KEY: TEST_AUDIT_KEY,
      METRICS_TOKEN: metricsToken,
      VAPID_PUBLIC_KEY: vapid.publicKey,
      VAPID_PRIVATE_KEY: vapid.privateKey,
      LOG_LEVEL: 'warn',
      // Low, so the per-address test below reaches it.
      CSRF_RATE_LIMIT_PER_15_MIN: '30',
    };
    expect(sharedEnv.NODE_ENV).to.equal('production');
    expect(sharedEnv.TRUST_PROXY).to.equal('1');
    const instance = parseEnvFile(readDeployFile('puente-instance.env.example'));
    for (const side of ['a', 'b'] as const) {
      await fs.mkdir(path.join(dir, side));
      env[side] = {
        ...sharedEnv,
        ...instance,
        HOST: '127.0.0.1',
        PORT: String(side === 'a' ? portA : portB),
        ALERT_COPY_SNAPSHOT: path.join(dir, side, 'alert-copy.snapshot'),
      };
    }
    [servers.a, servers.b] = await Promise.all([spawnServer(env.a!, 180_000), spawnServer(env.b!, 180_000)]);

    // nginx with the site file deploy/ ships, rendered for this machine.
    const site = path.join(dir, 'puente.conf');
    await fs.writeFile(
      site,
      renderTemplate('nginx/puente.conf.template', {
        SERVER_NAME: 'localhost',
        HTTPS_LISTEN: `127.0.0.1:${nginxPort}`,
        HTTP_LISTEN: `127.0.0.1:${httpPort}`,
        TLS_CERTIFICATE: cert,
        TLS_CERTIFICATE_KEY: key,
        PUENTE_A: `127.0.0.1:${env.a!.PORT}`,
        PUENTE_B: `127.0.0.1:${env.b!.PORT}`,
        LOG_DIR: dir,
      }),
    );
    nginx = await Nginx.start(programs.nginx!, dir, site, nginxPort);

    // Seeded users, written straight into the topology's store, their MFA secrets sealed with its key.
    await mongoose.disconnect();
    usingTopologyStore = true;
    await connectMongoose(storeInstance().store, storeUri, sharedEnv.MONGODB_DB!);
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY', kind: 'prosecutor' });
    poster = await buildUser({ agency: ar, mfa: true });
    listener = await buildUser({ agency: py, roles: ['prosecutor'], mfa: true });
    browserUser = await buildUser({ agency: ar, mfa: true });
    for (const u of [poster, listener, browserUser])
      await User.updateOne({ _id: u.user._id }, { $set: { 'mfa.secret': seal(u.totpSecret!, dataKey) } });
  });

  after(async function () {
    this.timeout(120_000);
    for (const d of devices) d.close();
    await nginx?.stop();
    for (const s of Object.values(servers)) s.child.kill('SIGTERM');
    await Promise.all(Object.values(servers).map((s) => s.exited));
    await redis?.stop();
    if (usingTopologyStore) await useSharedStore();
    if (ferretdb && ferretdb.exitCode === null) {
      const exited = new Promise((r) => ferretdb!.once('exit', r));
      ferretdb.kill('SIGTERM');
      await exited;
    }
    if (pgDatabase) spawnSync('psql', [`${pgServer}/postgres`, '-qAt', '-c', `DROP DATABASE IF EXISTS "${pgDatabase}" WITH (FORCE)`]);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && nginx) process.stderr.write(`nginx error log:\n${await nginx.errorLog()}\n`);
    // Each test starts without sockets: a user may hold SOCKETS_PER_USER (10) per process.
    for (const d of devices.splice(0)) d.close();
    await eventually(socketCounts, (c) => c.a + c.b === 0, 20_000);
  });

  it('runs `puente store-indexes` as operations would: every FerretDB table of the store has its `_id` index', async () => {
    const { PORT: _port, HOST: _host, ALERT_COPY_SNAPSHOT: _snapshot, ...cliEnv } = env.a!;
    const r = await runCliWithEnv(['store-indexes'], cliEnv);
    expect(r.code, r.out).to.equal(0);
    // The servers made them at start; the command finds them there.
    expect(r.stdout).to.match(/collections in schema \S+: \d+ indexes built, [1-9]\d* already there, 0 failed/);
    expect(r.stdout).to.match(/^alerts\t\S+\tpuente_id_gin_\S+\tpresent/m);
  });

  it('answers plain HTTP only with a redirect to HTTPS, and names no version', async () => {
    // Whatever Host the client sends (fetch sends 127.0.0.1:<port>), the redirect names the server.
    const res = await fetch(`http://127.0.0.1:${httpPort}/alerts?x=1`, { redirect: 'manual' });
    expect(res.status).to.equal(301);
    expect(res.headers.get('location')).to.equal('https://localhost/alerts?x=1');
    expect(res.headers.get('server')).to.equal('nginx');
  });

  it('signs a seeded user in with MFA; every cookie is __Host-, Secure, HttpOnly, SameSite=Strict, as a browser receives it', async () => {
    const client = new TlsClient(target);
    const steps = await client.login(poster);
    sessions.set(poster, client);
    const setCookies = [steps.csrf, steps.login, steps.mfa].flatMap((r) => r.headers['set-cookie'] ?? []).map(parseSetCookie);
    expect(setCookies.map((c) => c.name)).to.include.members(['__Host-puente.csrf', '__Host-puente.sid']);
    for (const c of setCookies) {
      expect(c.name, c.name).to.match(/^__Host-/);
      expect(c.attributes.has('secure'), `${c.name} Secure`).to.equal(true);
      expect(c.attributes.has('httponly'), `${c.name} HttpOnly`).to.equal(true);
      expect(c.attributes.get('samesite')?.toLowerCase(), `${c.name} SameSite`).to.equal('strict');
      // What a browser requires of a __Host- cookie, or it drops it.
      expect(c.attributes.get('path'), `${c.name} Path`).to.equal('/');
      expect(c.attributes.has('domain'), `${c.name} Domain`).to.equal(false);
    }
    const me = await client.get('/api/v1/auth/me');
    expect(me.status, me.body).to.equal(200);
    expect((me.json!.user as { email: string }).email).to.equal(poster.email);
  });

  it('sends the security headers once each, on the app’s pages and API and on nginx’s own answers', async () => {
    const client = new TlsClient(target);
    const once = (res: TlsResponse, name: string) => {
      const sent = res.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === name).length;
      expect(sent, `${name} sent once`).to.equal(1);
      return String(res.headers[name]);
    };
    const page = await client.get('/', { accept: 'text/html' });
    const api = await client.get('/api/v1/auth/csrf');
    const nginxOwn = await client.get('/metrics', { authorization: `Bearer ${metricsToken}` });
    expect([page.status, api.status, nginxOwn.status]).to.deep.equal([200, 200, 404]);
    for (const res of [page, api, nginxOwn]) {
      expect(once(res, 'strict-transport-security')).to.equal('max-age=31536000; includeSubDomains');
      expect(res.headers.server).to.equal('nginx');
      expect(res.headers['x-powered-by']).to.equal(undefined);
    }
    for (const res of [page, api]) {
      const csp = once(res, 'content-security-policy');
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        'upgrade-insecure-requests',
      ])
        expect(csp).to.include(directive);
      expect(once(res, 'x-frame-options')).to.equal('DENY');
      expect(once(res, 'x-content-type-options')).to.equal('nosniff');
      expect(once(res, 'referrer-policy')).to.equal('no-referrer');
      expect(once(res, 'cross-origin-opener-policy')).to.equal('same-origin');
    }
    expect(api.headers['cache-control']).to.include('no-store');
  });

  it('counts a per-address limit by the address nginx saw, shared by both processes, whatever X-Forwarded-For the client wrote', async () => {
    const limit = Number(sharedEnv.CSRF_RATE_LIMIT_PER_15_MIN);
    const from2 = new TlsClient(target, '127.0.0.2');
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) {
      // A different made-up address each time: were it believed, no count would ever reach the limit.
      const res = await from2.get('/api/v1/auth/csrf', { 'x-forwarded-for': `203.0.113.${i + 1}` });
      statuses.push(res.status);
    }
    expect(
      statuses.slice(0, limit).every((s) => s === 200),
      statuses.join(','),
    ).to.equal(true);
    expect(statuses[limit]).to.equal(429);
    // Another address has its own count: the limit is not nginx's address (127.0.0.1) filling up.
    const from3 = await new TlsClient(target, '127.0.0.3').get('/api/v1/auth/csrf');
    expect(from3.status).to.equal(200);
    expect(String(from3.headers.ratelimit)).to.match(new RegExp(`remaining=${limit - 1}\\b`));
  });

  it('refuses a body over the app’s limits at nginx (413) and lets a photo-sized one through to Puente', async () => {
    const client = await signedIn(poster);
    const { id } = await postAlert(client, 'Alerta con foto');
    const tooBig = await client.request('POST', `/api/v1/alerts/${id}/photos`, {
      raw: randomBytes(5 * 1024 * 1024 + 1),
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(tooBig.status).to.equal(413);
    expect(tooBig.json, 'answered by nginx, not Puente').to.equal(undefined);
    const notAnImage = await client.request('POST', `/api/v1/alerts/${id}/photos`, {
      raw: randomBytes(4 * 1024 * 1024),
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(notAnImage.status, notAnImage.body).to.equal(415);
    expect(notAnImage.json?.error, 'answered by Puente').to.have.property('code', 'unsupported_media_type');
    const jsonTooBig = await client.post('/api/v1/alerts', { ...alertBody(), summary: 'x'.repeat(300 * 1024) });
    expect(jsonTooBig.status).to.equal(413);
    expect(jsonTooBig.json).to.equal(undefined);
  });

  it('delivers alerts posted through either process live to sockets that landed on each, over WebSocket and long-polling', async () => {
    const posterClient = await signedIn(poster);
    const listenerClient = await signedIn(listener);
    const onA = await deviceOn('a', listenerClient);
    const onB = await deviceOn('b', listenerClient);
    const polling = await openDevice(listenerClient, { polling: true });
    expect(polling.io.engine.transport.name).to.equal('polling');
    const got = { a: heard(onA), b: heard(onB), polling: heard(polling) };
    const posted: string[] = [];
    const servedBy = new Set<Side>();
    for (let i = 0; i < 8 && (servedBy.size < 2 || posted.length < 3); i++) {
      const before = await createdAlerts();
      posted.push((await postAlert(posterClient, `En vivo ${i}`)).id);
      const after = await createdAlerts();
      servedBy.add(after.a > before.a ? 'a' : 'b');
    }
    expect([...servedBy].sort(), 'posted through both processes').to.deep.equal(['a', 'b']);
    await eventually(
      async () => got,
      (g) => Object.values(g).every((ids) => posted.every((id) => ids.includes(id))),
      20_000,
    );
    // Each once, in the order posted.
    for (const [device, ids] of Object.entries(got)) expect(ids, device).to.deep.equal(posted);
  });

  it('rolling restart: B stops, its devices reconnect through nginx to A and catch up with nothing lost; B comes back', async () => {
    const posterClient = await signedIn(poster);
    const listenerClient = await signedIn(listener);
    const watcherOnA = await deviceOn('a', listenerClient);
    const liveOnA = heard(watcherOnA);
    const device = await deviceOn('b', listenerClient, { reconnect: true });
    const reasons: string[] = [];
    let connects = 1;
    device.on('disconnect', (reason) => reasons.push(reason));
    device.on('connect', () => connects++);
    // As the app does at each connection: the cursor from alerts:since; live events do not move it.
    const cursor = (await since(device, null)).cursor;
    const before = [(await postAlert(posterClient, 'Antes 1')).id, (await postAlert(posterClient, 'Antes 2')).id];

    const countsBefore = await socketCounts();
    const b = servers.b!;
    b.child.kill('SIGTERM');
    const during: string[] = [];
    const answers: number[][] = [];
    // Posted while B drains and once it is gone: nginx sends them to A.
    for (let i = 0; i < 3; i++) {
      const r = await postAlert(posterClient, `Durante ${i}`);
      during.push(r.id);
      answers.push(r.answers);
    }
    expect(await b.exited).to.equal(0);
    delete servers.b;
    for (let i = 3; i < 5; i++) during.push((await postAlert(posterClient, `Durante ${i}`)).id);

    // The device reconnects by itself (the server closed the transport, it did not disconnect it).
    await eventually(
      async () => connects,
      (n) => n >= 2,
      60_000,
    );
    expect(reasons[0]).to.not.equal('io server disconnect');
    const countsAfter = await socketCounts();
    expect(countsAfter.a, 'the device now on A').to.be.at.least(countsBefore.a + 1);

    const expected = new Set([...before, ...during]);
    const caughtUp = await catchUpFrom(device, cursor, expected, 60_000);
    expect(
      [...expected].filter((id) => !caughtUp.ids.includes(id)),
      'lost',
    ).to.deep.equal([]);
    expect(repeated(caughtUp.ids), 'repeated').to.deep.equal([]);
    // The device that stayed on A heard every one live.
    await eventually(
      async () => liveOnA,
      (ids) => [...expected].every((id) => ids.includes(id)),
      20_000,
    );

    // B back on the same port; nginx sends it new sockets again (it now has the fewest).
    servers.b = await spawnServer(env.b!, 180_000);
    await eventually(
      async () => (await fetch(`${processUrl('b')}/readyz`)).status,
      (s) => s === 200,
      120_000,
    );
    const backOnB = await deviceOn('b', listenerClient);
    const liveOnB = heard(backOnB);
    const liveOnDevice = heard(device);
    const afterId = (await postAlert(posterClient, 'Después')).id;
    await eventually(
      async () => [liveOnB, liveOnDevice],
      (lists) => lists.every((ids) => ids.includes(afterId)),
      20_000,
    );
    process.stderr.write(`    answers to the posts during B's stop: ${JSON.stringify(answers)}\n`);
    // Why a post was retried (a request nginx had sent to B as it closed: docs/operations.md "Upgrades").
    if (answers.flat().some((s) => s !== 201)) process.stderr.write(`    nginx's error log:\n${await nginx!.errorLog()}\n`);
  });

  it('in Chromium through nginx: the app loads with no CSP violation, keeps the __Host- cookies as such, and goes live', async function () {
    const browser = await launchBrowser(this);
    try {
      const origin = `https://localhost:${target.port}`;
      // The test's own certificate authority is not the browser's: its errors are ignored, nothing else.
      const context = await newContext(browser, { ignoreHTTPSErrors: true });
      await signInContext(context, origin, browserUser);
      const sid = (await context.cookies(origin)).find((c) => c.name === '__Host-puente.sid');
      expect(sid, 'the browser kept the session cookie').to.not.equal(undefined);
      expect([sid!.secure, sid!.httpOnly, sid!.sameSite, sid!.path, sid!.domain]).to.deep.equal([true, true, 'Strict', '/', 'localhost']);
      const before = await socketCounts();
      const page = await newPage(context);
      await page.goto(`${origin}/`);
      await page.waitForSelector('h1.screen-heading');
      // The app's own socket (its Origin is PUBLIC_URL's) connected through nginx to one process.
      await eventually(socketCounts, (c) => c.a + c.b === before.a + before.b + 1, 30_000);
      const title = 'Vista en el navegador';
      await postAlert(await signedIn(poster), title);
      await page.getByText(title).first().waitFor({ timeout: 30_000 });
      expectNoCspViolations(page);
      await context.close();
    } finally {
      await browser.close();
    }
  });

  it('does not serve /metrics through nginx; each process serves it with its token, with the figures an operator alerts on', async () => {
    const throughNginx = await new TlsClient(target).get('/metrics', { authorization: `Bearer ${metricsToken}` });
    expect(throughNginx.status).to.equal(404);
    for (const side of ['a', 'b'] as const) {
      const noToken = await fetch(`${processUrl(side)}/metrics`);
      expect(noToken.status, `${side} without its token`).to.equal(404);
      const text = await metricsOf(side);
      expect(metricValue(text, 'puente_dependency_up', { dependency: 'store' }), side).to.equal(1);
      expect(metricValue(text, 'puente_dependency_up', { dependency: 'redis' }), side).to.equal(1);
      expect(metricValue(text, 'puente_alert_copy_loaded'), side).to.equal(1);
      expect(metricValue(text, 'puente_alert_copy_lag_changes'), side).to.be.at.least(0);
    }
    // The device that caught up on A asked alerts:since there.
    expect(metricValue(await metricsOf('a'), 'puente_catch_up_alerts_count')).to.be.at.least(1);
  });
});
