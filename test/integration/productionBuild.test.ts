/**
 * The build that ships (issue 27): `npm run build` compiles server and client once; the server then
 * runs from dist/ with plain Node — no tsx, no esbuild at run time — importing only packages that
 * `npm ci --omit=dev` installs; `npm start` and `npx puente` use the build while it matches the
 * sources and build (or fall back to the sources) when it does not.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { REPO_ROOT, spawnServer, type SpawnedServer } from '../helpers/spawnServer.js';
import { resetDatabase, testStore } from '../helpers/testStore.js';
import { buildState, STAMP } from '../../scripts/buildState.mjs';

const run = promisify(execFile);
// Read synchronously: a top-level await would load this file as a second copy of the test helpers.
const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

describe('the build that ships: npm run build, then plain Node on dist/', function () {
  this.timeout(600_000);
  let server: SpawnedServer | null = null;
  let recorded = '';

  before(async () => {
    await resetDatabase();
    await run('npm', ['run', 'build'], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    recorded = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'puente-packages-')), 'packages.txt');
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
  });

  it('builds the server into dist/ and the client with hashed names, and stamps the sources it was made from', async () => {
    await fs.access(path.join(REPO_ROOT, 'dist', 'server', 'index.js'));
    await fs.access(path.join(REPO_ROOT, 'dist', 'server', 'platform', 'store', 'guardian.mjs'));
    await fs.access(path.join(REPO_ROOT, 'dist', 'server', 'platform', 'store', 'go', 'puente-id-index', 'main.go'));
    const html = await fs.readFile(path.join(REPO_ROOT, 'client', 'dist', 'index.html'), 'utf8');
    expect(html).to.match(/src="\/app-[A-Z0-9]{8}\.js"/);
    expect(JSON.parse(await fs.readFile(STAMP, 'utf8'))).to.have.keys('builtAt', 'newestSource');
    expect(buildState()).to.equal('fresh');
  });

  it('serves from dist/ with plain Node, importing only production dependencies (no tsx, no esbuild)', async () => {
    server = await spawnServer(
      { MONGODB_URI: testStore().store.uri, MONGODB_DB: testStore().dbName, JOBS_ENABLED: 'false', PUENTE_RECORD_PACKAGES: recorded },
      60_000,
      [],
      ['--import', './test/helpers/recordPackages.mjs', 'dist/server/index.js'],
    );
    expect((await fetch(`${server.url}/readyz`)).status).to.equal(200);
    const page = await fetch(`${server.url}/`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('<html lang="es">');
    const packages = [...new Set((await fs.readFile(recorded, 'utf8')).split('\n').filter(Boolean))].sort();
    expect(packages, 'packages the server imported').to.include.members(['express', 'mongoose', 'socket.io']);
    expect(packages).to.not.include.members(['tsx']);
    expect(packages).to.not.include.members(['esbuild']);
    expect(
      packages.filter((p) => !(p in manifest.dependencies)),
      'imported but not a production dependency',
    ).to.deep.equal([]);
    // ps exits 1 when the server has no child process at all.
    const children = await run('ps', ['-o', 'args=', '--ppid', String(server.child.pid)]).then(
      (r) => r.stdout,
      (err: { code?: number }) => (err.code === 1 ? '' : Promise.reject(err)),
    );
    expect(children, 'no esbuild service beside the server').to.not.contain('esbuild');
  });

  it('npm start runs the build; a source newer than the build makes it stale', async () => {
    expect(manifest.scripts.start).to.equal('node scripts/start.mjs');
    const source = path.join(REPO_ROOT, 'shared', 'time.ts');
    const { atime, mtime } = await fs.stat(source);
    try {
      await fs.utimes(source, atime, new Date(Date.now() + 60_000));
      expect(buildState()).to.equal('stale');
    } finally {
      await fs.utimes(source, atime, mtime);
    }
    expect(buildState()).to.equal('fresh');
  });
});
