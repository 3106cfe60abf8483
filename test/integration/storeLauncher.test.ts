import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { locateFerretDb, StoreBinaryError } from '../../server/platform/store/ferretdbBinary.js';
import { startFerretDb } from '../../server/platform/store/embeddedStore.js';
import { eventually, pidsMatching, tcpListenPorts } from '../helpers/processes.js';
import { REPO_ROOT } from '../helpers/server.js';
import { testFerretDbBinary } from '../helpers/testStore.js';

describe('embedded store launcher', function () {
  this.timeout(60_000);
  let tmp: string;
  let binary: string;

  before(async () => {
    binary = await testFerretDbBinary();
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'puente-launcher-'));
  });
  after(() => fs.rm(tmp, { recursive: true, force: true }));

  it('starts FerretDB on SQLite, answers queries, keeps data on disk, and stops', async () => {
    const dataDir = path.join(tmp, 'a');
    const store = await startFerretDb({ binary, handler: 'sqlite', dataDir });
    const client = await MongoClient.connect(store.uri);
    await client
      .db('probe')
      .collection('things')
      .insertOne({ _id: 'x' as never, n: 1 });
    expect(await client.db('probe').collection('things').countDocuments()).to.equal(1);
    await client.close();
    await store.stop();
    expect(await pidsMatching(dataDir)).to.deep.equal([]);
    const files = await fs.readdir(dataDir);
    expect(files.some((f) => f.endsWith('.sqlite'))).to.equal(true);
    await store.stop(); // idempotent
  });

  // Pen-test issue 23, F10: another local user could read and write the store through its
  // loopback port, and read the SQLite files (0644 in a 0755 directory).
  it('listens on a Unix socket inside its directory, on no TCP port, with a 0700 directory and 0600 files', async () => {
    const dataDir = path.join(tmp, 'private');
    const store = await startFerretDb({ binary, handler: 'sqlite', dataDir });
    try {
      expect(store.uri).to.equal(`mongodb://${encodeURIComponent(path.join(dataDir, 'store.sock'))}/`);
      const client = await MongoClient.connect(store.uri);
      await client.db('probe').collection('things').insertOne({ n: 1 });
      await client.close();
      expect(await tcpListenPorts(await pidsMatching(dataDir)), 'TCP ports the store listens on').to.deep.equal([]);
      expect((await fs.stat(dataDir)).mode & 0o777).to.equal(0o700);
      const files = await fs.readdir(dataDir);
      expect(files.some((f) => f.endsWith('.sqlite'))).to.equal(true);
      for (const f of files) {
        const stat = await fs.stat(path.join(dataDir, f));
        if (stat.isFile()) expect(stat.mode & 0o777, f).to.equal(0o600);
      }
    } finally {
      await store.stop();
    }
  });

  it('another OS user can neither connect to the store nor read its files', async function () {
    // Only root can run a child as another user; the suite runs as root on CI and the dev machines.
    if (process.getuid?.() !== 0) this.skip();
    const dataDir = path.join(tmp, 'other-user');
    const store = await startFerretDb({ binary, handler: 'sqlite', dataDir });
    try {
      const owner = await MongoClient.connect(store.uri);
      await owner.db('probe').collection('things').insertOne({ n: 1 });
      await owner.close();
      const driver = pathToFileURL(createRequire(import.meta.url).resolve('mongodb')).href;
      const probe = [
        `const { MongoClient } = await import(${JSON.stringify(driver)});`,
        'try {',
        '  const c = await MongoClient.connect(process.argv[1], { serverSelectionTimeoutMS: 3000 });',
        "  await c.db('probe').command({ ping: 1 });",
        "  console.log('CONNECTED');",
        '  await c.close();',
        "} catch (err) { console.log('REFUSED ' + err.message); }",
      ].join('\n');
      const nobody = { uid: 65534, gid: 65534, cwd: os.tmpdir(), encoding: 'utf8' as const };
      const connect = spawnSync(process.execPath, ['--input-type=module', '-e', probe, store.uri], nobody);
      expect(connect.stdout.trim(), connect.stderr).to.match(/^REFUSED .*EACCES/);
      const sqlite = (await fs.readdir(dataDir)).find((f) => f.endsWith('.sqlite'));
      expect(sqlite, 'the store has a database file').to.be.a('string');
      const read = spawnSync('cat', [path.join(dataDir, sqlite!)], nobody);
      expect(read.status).to.not.equal(0);
      expect(read.stderr).to.match(/Permission denied/);
    } finally {
      await store.stop();
    }
  });

  it('tightens a directory and files left open by an earlier version', async () => {
    const dataDir = path.join(tmp, 'earlier');
    const first = await startFerretDb({ binary, handler: 'sqlite', dataDir });
    const client = await MongoClient.connect(first.uri);
    await client.db('probe').collection('things').insertOne({ n: 1 });
    await client.close();
    await first.stop();
    // As an earlier version left them: a 0755 directory of 0644 files.
    const files = (await fs.readdir(dataDir)).filter((f) => f.endsWith('.sqlite') || f === 'state.json');
    expect(files).to.include('probe.sqlite');
    await fs.chmod(dataDir, 0o755);
    for (const f of files) await fs.chmod(path.join(dataDir, f), 0o644);
    const store = await startFerretDb({ binary, handler: 'sqlite', dataDir });
    try {
      expect((await fs.stat(dataDir)).mode & 0o777).to.equal(0o700);
      for (const f of files) expect((await fs.stat(path.join(dataDir, f))).mode & 0o777, f).to.equal(0o600);
    } finally {
      await store.stop();
    }
  });

  it('puts the socket in a private temporary directory when the data directory’s path is too long for one', async () => {
    const dataDir = path.join(tmp, 'd'.repeat(60), 'e'.repeat(60));
    const store = await startFerretDb({ binary, handler: 'sqlite', dataDir });
    const socket = decodeURIComponent(/^mongodb:\/\/([^/]+)\/$/.exec(store.uri)![1]!);
    try {
      expect(Buffer.byteLength(socket)).to.be.below(108);
      expect((await fs.stat(path.dirname(socket))).mode & 0o777).to.equal(0o700);
      const client = await MongoClient.connect(store.uri);
      expect(await client.db('probe').collection('things').countDocuments()).to.equal(0);
      await client.close();
    } finally {
      await store.stop();
    }
    await fs.access(path.dirname(socket)).then(
      () => expect.fail('the socket’s directory is removed with the store'),
      () => undefined,
    );
  });

  it('gives a clear error for a wrong binary path', async () => {
    const wrong = path.join(tmp, 'no-such-ferretdb');
    try {
      await locateFerretDb({ explicitPath: wrong, cacheDir: tmp, goBin: 'go', progress: () => undefined });
      expect.fail('should have thrown');
    } catch (err) {
      expect(err).to.be.instanceOf(StoreBinaryError);
      expect((err as Error).message)
        .to.contain('STORE_BIN')
        .and.to.contain(wrong);
    }
  });

  it('reports a store that exits at once instead of waiting forever', async () => {
    const fake = path.join(tmp, 'fake-store.sh');
    await fs.writeFile(fake, '#!/bin/sh\necho "cannot open data directory" >&2\nexit 3\n', { mode: 0o755 });
    try {
      await startFerretDb({ binary: fake, handler: 'sqlite', dataDir: path.join(tmp, 'fake'), startTimeoutMs: 10_000 });
      expect.fail('should have thrown');
    } catch (err) {
      expect((err as Error).message)
        .to.match(/exited/)
        .and.to.contain('cannot open data directory');
    }
  });

  it('leaves no orphaned store when its parent is killed with SIGKILL', async () => {
    const dataDir = path.join(tmp, 'orphan');
    const script = [
      `import { startFerretDb } from ${JSON.stringify(path.join(REPO_ROOT, 'server/platform/store/embeddedStore.ts'))};`,
      `const s = await startFerretDb({ binary: ${JSON.stringify(binary)}, handler: 'sqlite', dataDir: ${JSON.stringify(dataDir)} });`,
      `console.log('UP ' + s.uri);`,
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      parent.stdout.on('data', (d: Buffer) => d.toString().includes('UP ') && resolve());
      parent.on('exit', (c) => reject(new Error(`parent exited early (${c})`)));
    });
    const running = await pidsMatching(dataDir);
    expect(running.length, 'guardian and ferretdb are running').to.be.at.least(1);
    parent.kill('SIGKILL');
    const left = await eventually(
      () => pidsMatching(dataDir),
      (p) => p.length === 0,
      10_000,
    );
    expect(left, 'processes left behind').to.deep.equal([]);
  });
});
