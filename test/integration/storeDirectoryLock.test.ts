import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { DATA_DIR_LOCK_FILE, readDataDirLock } from '../../server/platform/store/dataDirLock.js';
import { runCliWithEnv } from '../helpers/cli.js';
import { eventually, pidsMatching } from '../helpers/processes.js';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../helpers/server.js';
import { testFerretDbBinary } from '../helpers/testStore.js';

const ADMIN = [
  'create-admin',
  '--email',
  'ops@example.org',
  '--password',
  'Frontera-Segura-2026!',
  '--agency',
  'Ministerio',
  '--country',
  'AR',
];

describe('the embedded store’s data directory is opened by one process at a time', function () {
  this.timeout(180_000);
  let tmp: string;
  let env: Record<string, string>;
  let server: SpawnedServer | null = null;

  before(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-datadir-'));
    env = { DATA_DIR: tmp, STORE_BIN: await testFerretDbBinary(), MONGODB_DB: 'puente_test_datadir', NODE_ENV: 'test' };
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('while a server runs on it, the CLI never opens the directory again: it works through the running store and says so', async () => {
    server = await spawnServer({ ...env, JOBS_ENABLED: 'false' });
    const lock = await readDataDirLock(path.join(tmp, 'store'));
    expect(lock?.pid).to.equal(server.child.pid);
    // Pen-test issue 23, F10: only the same OS user reaches the store (a socket in a 0700 directory).
    expect(lock?.uri).to.equal(`mongodb://${encodeURIComponent(path.join(tmp, 'store', 'store.sock'))}/`);
    for (const dir of [tmp, path.join(tmp, 'store')]) expect((await fs.stat(dir)).mode & 0o777, dir).to.equal(0o700);

    const storeProcesses = await pidsMatching(`--state-dir=${path.join(tmp, 'store')}`);
    const done = await runCliWithEnv(ADMIN, env);
    expect(done.code, done.out).to.equal(0);
    expect(done.stderr).to.contain('el comando trabaja a través de él').and.to.contain('the command works through it');
    expect(done.stderr).to.contain(lock!.uri!);
    // No second FerretDB was started on the directory, and the server's store holds the result.
    expect(await pidsMatching(`--state-dir=${path.join(tmp, 'store')}`)).to.deep.equal(storeProcesses);
    const client = await MongoClient.connect(lock!.uri!);
    try {
      expect(await client.db('puente_test_datadir').collection('users').countDocuments({ email: 'ops@example.org' })).to.equal(1);
    } finally {
      await client.close();
    }
  });

  it('works through the running store when given its address, and the server sees the result', async () => {
    const lock = await readDataDirLock(path.join(tmp, 'store'));
    const done = await runCliWithEnv(ADMIN, { ...env, MONGODB_URI: lock!.uri! });
    expect(done.code, done.out).to.equal(0);
    const client = await MongoClient.connect(lock!.uri!);
    try {
      expect(await client.db('puente_test_datadir').collection('users').countDocuments({ email: 'ops@example.org' })).to.equal(1);
    } finally {
      await client.close();
    }
    const res = await fetch(`${server!.url}/readyz`);
    expect(res.status).to.equal(200);
  });

  // Pen-test issue 23, F10: the store is the OS user's who runs the server.
  it('another OS user’s CLI cannot reach the store, and is told why', async function () {
    if (process.getuid?.() !== 0) this.skip(); // only root can run a child as another user
    const other = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'server/cli/main.ts', 'create-admin', '--email', 'intruder@example.org', '--password-stdin'],
      {
        cwd: REPO_ROOT,
        uid: 65534,
        gid: 65534,
        input: 'Frontera-intrusa-2026!\n',
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), LOG_LEVEL: 'warn', ...env },
      },
    );
    expect(other.status, other.stderr).to.equal(1);
    expect(other.stderr).to.contain('otro usuario del sistema').and.to.contain('another OS user');
    const lock = await readDataDirLock(path.join(tmp, 'store'));
    const client = await MongoClient.connect(lock!.uri!);
    try {
      expect(await client.db('puente_test_datadir').collection('users').countDocuments({ email: 'intruder@example.org' })).to.equal(0);
    } finally {
      await client.close();
    }
  });

  it('once the server has stopped, the lock is gone and the CLI opens the directory itself', async () => {
    server!.child.kill('SIGTERM');
    expect(await server!.exited).to.equal(0);
    server = null;
    expect(await readDataDirLock(path.join(tmp, 'store'))).to.equal(null);
    const done = await runCliWithEnv(ADMIN, env);
    expect(done.code, done.out).to.equal(0);
    expect(done.stderr).to.contain('reset');
  });

  it('a lock left by a process that died is replaced', async () => {
    const dead = await deadPid();
    await fs.writeFile(
      path.join(tmp, 'store', DATA_DIR_LOCK_FILE),
      JSON.stringify({ pid: dead, uri: 'mongodb://127.0.0.1:1/', startedAt: '' }),
    );
    const done = await runCliWithEnv(ADMIN, env);
    expect(done.code, done.out).to.equal(0);
    await eventually(
      () => readDataDirLock(path.join(tmp, 'store')),
      (l) => l === null,
    );
  });
});

/** The pid of a process that has just exited (so, almost surely, of no running process). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}
