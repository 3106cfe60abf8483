/**
 * Run as its own process (`node --import tsx test/helpers/importProbe.ts <module>...`): imports every
 * module named, lets the event loop turn, and prints as JSON what the imports left behind:
 * asynchronous work that server code started (timers, thread-pool jobs, handles), handles and
 * requests beyond those open before the imports, listeners on the domain events and on the process,
 * connections attempted, the state of Mongoose's connections and the models registered on them, and whether the keys of alerts answer
 * before anything set them. test/integration/noImportEffects.test.ts reads it.
 */
import { createHook } from 'node:async_hooks';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const SERVER_DIR = path.resolve(import.meta.dirname, '..', '..', 'server') + path.sep;

// Every outgoing connection (a store, Redis) goes through net.Socket#connect, whoever makes it.
const connects: string[] = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  connects.push(JSON.stringify(args[0]));
  return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof connect;

// Asynchronous resources created while server code is on the stack (directly or through a library
// it called): a timer, a hash on the thread pool, a socket. Promises are left out (every module
// makes some), and so is what the loader and libraries make for themselves while being loaded.
Error.stackTraceLimit = Infinity;
const started: Array<{ type: string; at: string }> = [];
const hook = createHook({
  init(_id, type) {
    if (type === 'PROMISE') return;
    const frames = (new Error().stack ?? '').split('\n').slice(1);
    const inServer = frames.find((f) => f.includes(SERVER_DIR));
    if (inServer) started.push({ type, at: inServer.trim().replace(SERVER_DIR, 'server/') });
  },
});

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const count = (names: string[]) => names.reduce<Record<string, number>>((n, k) => ((n[k] = (n[k] ?? 0) + 1), n), {});

await turn();
const baseline = count(process.getActiveResourcesInfo());
const processListeners = new Map(process.eventNames().map((e) => [e, process.listenerCount(e)]));

const failed: Record<string, string> = {};
hook.enable();
for (const file of process.argv.slice(2)) {
  try {
    await import(pathToFileURL(path.resolve(file)).href);
  } catch (err) {
    failed[file] = (err as Error).stack ?? String(err);
  }
}
// Work started on import (a timer, a connection) is still pending after a few turns of the loop.
for (let i = 0; i < 5; i++) await turn();
hook.disable();

const now = count(process.getActiveResourcesInfo());
const extraResources: Record<string, number> = {};
for (const [name, n] of Object.entries(now)) if (n > (baseline[name] ?? 0)) extraResources[name] = n - (baseline[name] ?? 0);

const addedProcessListeners = Object.fromEntries(
  process
    .eventNames()
    .filter((e) => process.listenerCount(e) > (processListeners.get(e) ?? 0))
    .map((e) => [String(e), process.listenerCount(e) - (processListeners.get(e) ?? 0)]),
);
const { default: mongoose } = await import('mongoose');
const mongooseStates = mongoose.connections.map((c) => c.readyState as number);
// Models are each instance's, registered on its connection by createInstance: none on import.
const models = [...mongoose.modelNames(), ...mongoose.connections.flatMap((c) => c.modelNames())];

process.stdout.write(
  `${JSON.stringify({ failed, started, extraResources, processListeners: addedProcessListeners, connects, mongooseStates, models })}\n`,
);
// Whatever an import left running must not keep the probe alive.
process.exit(0);
