/**
 * Importing the server does nothing (issue 27): every module under server/ — but the entry points,
 * server/index.ts and server/cli/main.ts, which start a server or run a command — is imported in a
 * fresh process (test/helpers/importProbe.ts), which then must hold no listener on the process, no
 * timer, thread-pool job or handle started by server code, no connection (a store or Redis client
 * connects through net.Socket#connect), no Mongoose connection and no model. There is no event bus, alert
 * copy, alert key or model to find there: each Puente builds its own (createInstance, server/instance.ts),
 * and createPuente (server/server.ts) starts the rest, in order.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { REPO_ROOT, startTestServer } from '../helpers/server.js';
import { testInstance } from '../helpers/instance.js';
import type { Instance } from '../../server/platform/instance.js';

const ENTRY_POINTS = new Set(['server/index.ts', 'server/cli/main.ts']);

interface ProbeReport {
  failed: Record<string, string>;
  started: Array<{ type: string; at: string }>;
  extraResources: Record<string, number>;
  processListeners: Record<string, number>;
  connects: string[];
  mongooseStates: number[];
  models: string[];
}

async function serverModules(): Promise<string[]> {
  const files = await fs.readdir(path.join(REPO_ROOT, 'server'), { recursive: true });
  return files
    .map((f) => path.posix.join('server', f.split(path.sep).join('/')))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !ENTRY_POINTS.has(f))
    .sort();
}

const processListeners = () => process.eventNames().reduce((n, e) => n + process.listenerCount(e), 0);

describe('no effects on import', function () {
  this.timeout(180_000);

  it('importing every server module starts, connects and subscribes nothing', async () => {
    const modules = await serverModules();
    expect(modules.length, 'modules found').to.be.greaterThan(100);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/helpers/importProbe.ts', ...modules], {
      cwd: REPO_ROOT,
      // No store, Redis or key settings: nothing to connect to even if a module tried.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout.trim().split('\n').pop()!) as ProbeReport;
    expect(report.failed, 'modules that failed to import').to.deep.equal({});
    expect(report.started, 'asynchronous work started by server code on import').to.deep.equal([]);
    expect(report.extraResources, 'handles and requests open after the imports').to.deep.equal({});
    expect(report.processListeners, 'listeners on the process').to.deep.equal({});
    expect(report.connects, 'connections attempted').to.deep.equal([]);
    expect(report.mongooseStates, 'Mongoose connections (0: disconnected)').to.deep.equal([0]);
    expect(report.models, 'models registered on import').to.deep.equal([]);
  });

  it('a start that fails (its port is taken) leaves no listener behind: none on its event bus, its alert copy follows nothing, none added to the process', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const port = (taken.address() as net.AddressInfo).port;
      const startOn = (instance: Instance) =>
        startTestServer({ PORT: String(port), HOST: '127.0.0.1' }, { instance }).then(
          (s) => s.stop().then(() => null),
          (err: unknown) => err as NodeJS.ErrnoException,
        );
      // Counted from a first failed start on: the logger's library adds one process `exit` hook at
      // the first logger of a process (on-exit-leak-free), whichever suite starts a server first.
      expect((await startOn(testInstance()))?.code).to.equal('EADDRINUSE');
      const before = processListeners();
      const instance = testInstance();
      const failure = await startOn(instance);
      expect(failure?.code).to.equal('EADDRINUSE');
      const busListeners = instance.events.eventNames().reduce((n, e) => n + instance.events.listenerCount(e), 0);
      expect(busListeners, 'listeners left on its event bus').to.equal(0);
      expect(instance.alertCopy.following, 'the failed start unwired its copy').to.equal(false);
      expect(processListeners()).to.equal(before);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
