/** One server process as the multi-process fault suites use it: an officer posting on it and a colleague's socket listening to it. */
import type { Country } from '../../shared/schemas/common.js';
import { signIn, type ApiClient } from './apiClient.js';
import { since } from './catchUp.js';
import { buildAgency, buildUser } from './factories.js';
import type { SpawnedServer } from './spawnServer.js';
import { openSocket, type TestSocket } from './sockets.js';

export interface ProcessSide {
  server: SpawnedServer;
  poster: ApiClient;
  watcher: ApiClient;
  /** The watcher's socket on this process, and the alert ids it has heard (`alert:new`). */
  socket: TestSocket;
  heard: string[];
  /** The watcher's catch-up cursor, taken when the side was set up. */
  cursor: string;
}

/** Signs in a poster and a watcher (each in a new agency of `country`) on `server` and opens the watcher's socket. */
export async function processSide(server: SpawnedServer, country: Country): Promise<ProcessSide> {
  const poster = await signIn(server.url, await buildUser({ agency: await buildAgency({ country }), mfa: true }));
  const watcher = await signIn(server.url, await buildUser({ agency: await buildAgency({ country }), mfa: true }));
  const socket = await openSocket(server.url, { cookie: watcher.cookieHeader() });
  const heard: string[] = [];
  socket.on('alert:new', (p) => heard.push(p.alert.id as string));
  return { server, poster, watcher, socket, heard, cursor: (await since(socket, null)).cursor };
}
