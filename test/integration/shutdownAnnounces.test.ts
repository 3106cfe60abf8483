/**
 * A rolling restart (issue 28): a process told to stop finishes the requests it had accepted, and
 * an alert stored by one of them is announced live like any other — to a socket on the other
 * process, through Redis. Before, the stopping process unwired its publishers first, so such an
 * alert reached devices only at their next catch-up.
 */
import net from 'node:net';
import { expect } from 'chai';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { spawnServer, type SpawnedServer } from '../helpers/server.js';
import { REDIS_URL, requireService } from '../helpers/services.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';

describe('a process stopping announces the alerts of the requests it finishes (issue 28)', function () {
  this.timeout(180_000);
  const servers: SpawnedServer[] = [];
  let socket: TestSocket | null = null;

  before(async function () {
    await requireService(this, 'redis');
    await resetDatabase();
    const env = {
      MONGODB_URI: testStore().store.uri,
      MONGODB_DB: testStore().dbName,
      REDIS_URL,
      JOBS_ENABLED: 'false',
      SHUTDOWN_TIMEOUT_MS: '20000',
    };
    servers.push(...(await Promise.all([spawnServer(env), spawnServer(env)])));
  });
  after(async () => {
    socket?.close();
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
  });

  it('an alert whose request B accepted before SIGTERM is heard live on A, and B exits 0', async () => {
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const agency = await buildAgency({ country: 'AR' });
    const poster = await signIn(b.url, await buildUser({ agency, mfa: true }));
    const watcher = await signIn(a.url, await buildUser({ agency, mfa: true }));
    socket = await openSocket(a.url, { cookie: watcher.cookieHeader() });
    const heard: string[] = [];
    socket.on('alert:new', (p) => heard.push(p.alert.id as string));

    // The request reaches B, its body only half sent: B is serving it when it is told to stop.
    const { hostname, port } = new URL(b.url);
    const raw = net.connect({ host: hostname, port: Number(port) });
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    let response = '';
    raw.on('data', (d: Buffer) => (response += d.toString()));
    const closed = new Promise<void>((resolve) => raw.on('close', () => resolve()));
    const body = Buffer.from(JSON.stringify(alertBody({ title: 'Aceptada mientras se detiene' })));
    raw.write(
      `POST /api/v1/alerts HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n` +
        `Cookie: ${poster.cookieHeader()}\r\nX-CSRF-Token: ${poster.csrfToken}\r\nConnection: close\r\n\r\n`,
    );
    raw.write(body.subarray(0, 10));
    await new Promise((r) => setTimeout(r, 300));
    b.child.kill('SIGTERM');
    // Long enough for B to have begun stopping (it stops accepting at once).
    await new Promise((r) => setTimeout(r, 1500));
    const refused = await fetch(`${b.url}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused, 'B is stopping: new connections refused').to.equal(true);
    raw.write(body.subarray(10));
    await closed;
    expect(response, response).to.match(/^HTTP\/1\.1 201/);
    const id = (JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as { id: string }).id;
    expect(await b.exited).to.equal(0);
    const deadline = Date.now() + 10_000;
    while (!heard.includes(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(heard, 'announced live to the socket on A').to.deep.equal([id]);
  });
});
