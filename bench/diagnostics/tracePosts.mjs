/**
 * Diagnostics for the fan-out benchmark: loaded into each server process with
 * `BENCH_SERVER_NODE_OPTIONS=--import=./bench/diagnostics/tracePosts.mjs`, it records for every
 * `POST /api/v1/alerts` when it arrived, each store command (the driver's command monitoring), when
 * `alert:new` was emitted and when the response went, with the process's CPU time at the arrival,
 * the first emit and the response. The records go to `<tmp>/puente-trace/<pid>.json` when the
 * process stops; `node bench/diagnostics/traceSummary.mjs` prints what they say. Monitoring costs
 * the server some CPU itself: compare runs traced alike.
 */
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const dir = path.join(os.tmpdir(), 'puente-trace');
const nowMs = () => Number(process.hrtime.bigint() / 1000n) / 1000;
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** [time ms, kind, detail, duration ms | null, cpu ms | null] */
const events = [];

const serverEmit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
  if (event === 'request' && req.method === 'POST' && req.url.startsWith('/api/v1/alerts')) {
    events.push([nowMs(), 'request', req.url, null, cpuMs()]);
    res.on('finish', () => events.push([nowMs(), 'response', res.statusCode, null, cpuMs()]));
  }
  return serverEmit.apply(this, arguments);
};

// Mongoose's own copy of the driver, and the top-level one (the store launcher's).
const driverPaths = new Set([
  require.resolve('mongodb'),
  require.resolve('mongodb', { paths: [path.dirname(require.resolve('mongoose'))] }),
]);
for (const driverPath of driverPaths) {
  const { MongoClient } = require(driverPath);
  const connect = MongoClient.prototype.connect;
  MongoClient.prototype.connect = function () {
    this.options.monitorCommands = true;
    const started = new Map();
    this.on('commandStarted', (e) => started.set(e.requestId, [nowMs(), `${e.commandName} ${e.command[e.commandName]}`]));
    const ended = (e) => {
      const s = started.get(e.requestId);
      if (!s) return;
      started.delete(e.requestId);
      events.push([s[0], 'command', s[1], nowMs() - s[0], null]);
    };
    this.on('commandSucceeded', ended);
    this.on('commandFailed', ended);
    return connect.apply(this, arguments);
  };
}

const { BroadcastOperator } = require(path.join(path.dirname(require.resolve('socket.io')), 'broadcast-operator.js'));
const broadcastEmit = BroadcastOperator.prototype.emit;
BroadcastOperator.prototype.emit = function (event, ...args) {
  if (event === 'alert:new') events.push([nowMs(), 'emit', event, null, cpuMs()]);
  return broadcastEmit.call(this, event, ...args);
};

const write = () => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(events));
};
process.on('exit', write);
// The server stops on SIGTERM by itself; this only makes sure the records are written first.
process.prependListener('SIGTERM', write);
