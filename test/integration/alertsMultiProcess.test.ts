import { expect } from 'chai';
import { ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { alertBody } from '../helpers/alertFixtures.js';
import { signIn } from '../helpers/apiClient.js';
import { buildAgency, buildUser } from '../helpers/factories.js';
import { eventually } from '../helpers/processes.js';
import { spawnServer, type SpawnedServer } from '../helpers/server.js';
import { REDIS_URL, requireService } from '../helpers/services.js';
import { openSocket, type TestSocket } from '../helpers/sockets.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';

describe('two server processes sharing Redis deliver alerts to sockets on both', function () {
  this.timeout(120_000);
  const servers: SpawnedServer[] = [];
  const sockets: TestSocket[] = [];

  before(async function () {
    await requireService(this, 'redis');
    await resetDatabase();
    const env = {
      MONGODB_URI: testStore().store.uri,
      MONGODB_DB: testStore().dbName,
      REDIS_URL,
      JOBS_ENABLED: 'false',
      LOGIN_RATE_LIMIT_PER_15_MIN: '1000',
    };
    servers.push(...(await Promise.all([spawnServer(env), spawnServer(env)])));
  });
  after(async () => {
    for (const s of sockets) s.close();
    for (const s of servers) s.child.kill('SIGTERM');
    await Promise.all(servers.map((s) => s.exited));
  });

  it('an alert posted on process A reaches a socket on A and a socket on B, once each', async () => {
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const ar = await buildAgency({ country: 'AR' });
    const py = await buildAgency({ country: 'PY', kind: 'prosecutor' });
    const poster = await signIn(a.url, await buildUser({ agency: ar, mfa: true }));
    const onA = await signIn(a.url, await buildUser({ agency: ar, mfa: true }));
    const onB = await signIn(b.url, await buildUser({ agency: py, roles: ['prosecutor'], mfa: true }));
    const socketA = await openSocket(a.url, { cookie: onA.cookieHeader() });
    const socketB = await openSocket(b.url, { cookie: onB.cookieHeader() });
    sockets.push(socketA, socketB);
    const got: Record<string, string[]> = { a: [], b: [] };
    socketA.on('alert:new', (p) => got.a!.push(p.alert.id as string));
    socketB.on('alert:new', (p) => got.b!.push(p.alert.id as string));
    const created = await poster.post('/api/v1/alerts', alertBody()).expect(201);
    // A second alert after it: each process sends alert events in the order they happened and a
    // socket keeps that order, so once the marker is heard a duplicate of the first would have been too.
    const marker = await poster.post('/api/v1/alerts', alertBody({ title: 'Marca de orden' })).expect(201);
    await eventually(
      async () => [got.a!, got.b!],
      (heard) => heard.every((ids) => ids.includes(marker.body.id)),
      5000,
    );
    expect(got.a).to.deep.equal([created.body.id, marker.body.id]);
    expect(got.b).to.deep.equal([created.body.id, marker.body.id]);
  });

  it('an alert heard on process B can be opened there at once (issue 13)', async () => {
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const ar = await buildAgency({ country: 'AR' });
    const poster = await signIn(a.url, await buildUser({ agency: ar, mfa: true }));
    const reader = await signIn(b.url, await buildUser({ agency: ar, mfa: true }));
    const socket = await openSocket(b.url, { cookie: reader.cookieHeader() });
    sockets.push(socket);
    const opened: Promise<number>[] = [];
    socket.on('alert:new', (p) => {
      // As soon as it is heard: the view, on the process that announced it to this socket.
      opened.push(reader.get(`/api/v1/alerts/${p.alert.id as string}`).then((r) => r.status));
    });
    for (let i = 0; i < 20; i++) await poster.post('/api/v1/alerts', alertBody({ title: `Oída ${i}` })).expect(201);
    await eventually(
      async () => opened.length,
      (n) => n >= 20,
      5000,
    );
    expect(await Promise.all(opened)).to.deep.equal(Array.from({ length: 20 }, () => 200));
  });

  it('alerts posted at once on both processes get unique, gap-free references (claimed by the insert)', async () => {
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const agency = await buildAgency({ country: 'PY' });
    const user = await buildUser({ agency, mfa: true });
    const [onA, onB] = await Promise.all([signIn(a.url, user), signIn(b.url, user)]);
    const posts = Array.from({ length: 24 }, (_, i) =>
      (i % 2 ? onA : onB).post('/api/v1/alerts', alertBody({ title: `Carrera ${i}` })).expect(201),
    );
    const refs = (await Promise.all(posts)).map((r) => r.body.reference as string);
    const numbers = refs.map((r) => Number(r.split('-')[2])).sort((x, y) => x - y);
    expect(new Set(refs).size, 'unique').to.equal(24);
    expect(numbers, 'gap-free').to.deep.equal(Array.from({ length: 24 }, (_, i) => numbers[0]! + i));
    // A number taken behind the hint's back (another version, a restore) is skipped, not reused.
    const next = `PY-${new Date().getUTCFullYear()}-${String(numbers[23]! + 1).padStart(6, '0')}`;
    const template = (await mongoose.connection.collection('alerts').findOne({ reference: refs[0] }))!;
    await mongoose.connection.collection('alerts').insertOne({ ...template, _id: new ObjectId(), reference: next });
    const after = await onA.post('/api/v1/alerts', alertBody({ title: 'Después' })).expect(201);
    expect(Number(after.body.reference.split('-')[2])).to.equal(numbers[23]! + 2);
  });

  it('disabling a user on one process disconnects their socket on the other', async () => {
    const [a, b] = servers as [SpawnedServer, SpawnedServer];
    const agency = await buildAgency({ country: 'AR' });
    const admin = await signIn(a.url, await buildUser({ agency, roles: ['agency_admin'], mfa: true }));
    const target = await buildUser({ agency, mfa: true });
    const targetClient = await signIn(b.url, target);
    const socket = await openSocket(b.url, { cookie: targetClient.cookieHeader() });
    sockets.push(socket);
    const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
    await admin.patch(`/api/v1/users/${target.id}`, { status: 'disabled' }).expect(200);
    const reason = await Promise.race([disconnected, new Promise<string>((r) => setTimeout(() => r('timeout'), 2000))]);
    expect(reason).to.equal('io server disconnect');
  });
});
