import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { readDataDirLock } from '../../server/platform/store/dataDirLock.js';
import { startFerretDb, type RunningStore } from '../../server/platform/store/embeddedStore.js';
import { eventually, pidsMatching } from '../helpers/processes.js';
import { spawnServer, type SpawnedServer } from '../helpers/server.js';
import { testFerretDbBinary } from '../helpers/testStore.js';

async function readyStatus(url: string): Promise<number> {
  try {
    return (await fetch(`${url}/readyz`)).status;
  } catch {
    return 0;
  }
}

describe('server lifecycle (separate processes)', function () {
  this.timeout(120_000);
  let tmp: string;
  let binary: string;
  before(async () => {
    binary = await testFerretDbBinary();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-lifecycle-'));
  });
  after(() => fs.rm(tmp, { recursive: true, force: true }));

  it('/readyz goes 503 when the store stops and back to 200 when it returns', async () => {
    const dataDir = path.join(tmp, 'ready');
    let store: RunningStore = await startFerretDb({ binary, handler: 'sqlite', dataDir });
    // Restarted on the same directory, the store answers at the same address (its socket there).
    const server = await spawnServer({ MONGODB_URI: store.uri, MONGODB_DB: 'puente_test_ready' });
    try {
      expect(await readyStatus(server.url)).to.equal(200);
      await store.stop();
      expect(
        await eventually(
          () => readyStatus(server.url),
          (s) => s === 503,
          15_000,
        ),
      ).to.equal(503);
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status, 'the process stays alive').to.equal(200);
      store = await startFerretDb({ binary, handler: 'sqlite', dataDir });
      expect(
        await eventually(
          () => readyStatus(server.url),
          (s) => s === 200,
          20_000,
        ),
      ).to.equal(200);
    } finally {
      server.child.kill('SIGKILL');
      await store.stop();
    }
  });

  describe('graceful shutdown on the embedded store', () => {
    let server: SpawnedServer;
    const dataDir = () => path.join(tmp, 'graceful');

    before(async () => {
      server = await spawnServer({ DATA_DIR: dataDir(), SHUTDOWN_TIMEOUT_MS: '10000' });
    });
    after(() => server.child.kill('SIGKILL'));

    it('has its own store serve _id look-ups from an index (issue 13)', async () => {
      const lock = await readDataDirLock(path.join(dataDir(), 'store'));
      const client = new MongoClient(lock!.uri!);
      try {
        await client.connect();
        const db = client.db(process.env.MONGODB_DB ?? 'puente');
        const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
        expect(names).to.include.members(['sessions', 'users', 'alerts']);
        for (const name of ['sessions', 'users', 'alerts']) {
          await db.collection(name).findOne({ _id: 'x' as never });
          const plan = JSON.stringify(await db.command({ explain: { find: name, filter: { _id: 'x' } } }));
          expect(plan, name).to.match(/USING INDEX puente_id_path_/);
        }
      } finally {
        await client.close();
      }
    });

    it('finishes a request that was in flight, then stops the store and exits 0', async () => {
      expect(await readyStatus(server.url)).to.equal(200);
      expect((await pidsMatching(dataDir())).length, 'embedded store running').to.be.at.least(1);
      const { hostname, port } = new URL(server.url);
      const socket = net.connect({ host: hostname, port: Number(port) });
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const body = JSON.stringify({ note: 'slow body' });
      let response = '';
      socket.on('data', (d: Buffer) => (response += d.toString()));
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.write(
        `POST /api/v1/slow-probe HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
      );
      await new Promise((r) => setTimeout(r, 200));
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      // New connections are refused while the old request is still being served.
      const refused = await fetch(`${server.url}/healthz`).then(
        () => false,
        () => true,
      );
      expect(refused, 'new connections refused during shutdown').to.equal(true);
      socket.write(body.slice(5));
      await closed;
      // A complete answer (here the CSRF refusal of an anonymous POST), not a dropped connection.
      expect(response).to.match(/^HTTP\/1\.1 403/);
      expect(response).to.contain('"code":"csrf_failed"');
      expect(await server.exited).to.equal(0);
      const left = await eventually(
        () => pidsMatching(dataDir()),
        (p) => p.length === 0,
        5000,
      );
      expect(left, 'no store process left behind').to.deep.equal([]);
    });
  });
});
