import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { locateFerretDb, StoreBinaryError } from '../../server/store/ferretdbBinary.js';
import { startFerretDb } from '../../server/store/embeddedStore.js';
import { eventually, pidsMatching } from '../helpers/processes.js';
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
      `import { startFerretDb } from ${JSON.stringify(path.join(REPO_ROOT, 'server/store/embeddedStore.ts'))};`,
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
