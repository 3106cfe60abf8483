/**
 * The routes and socket events a running Puente server registers, read from the server itself:
 * the Express router stack of its app (with each endpoint()'s zod schemas) and the listeners a
 * connected socket gets. A route or event added to the server appears here with no test change.
 */
import type { Express } from 'express';
import { endpointSpecOf } from '../../server/platform/http/endpoint.js';
import type { EndpointSpec } from '../../server/platform/http/endpoint.js';
import type { PuenteServer } from '../../server/server.js';

export interface CatalogueRoute {
  method: string;
  /** The full Express path (`/api/v1/alerts/:id`), or `regex:<source>` for a pattern route. */
  path: string;
  /** The endpoint()'s schemas, when the route's last handler is one. */
  spec: EndpointSpec<unknown, unknown, unknown> | null;
}

// The router's layers are not typed by Express 5's declarations; only what is read here is described.
interface Layer {
  route?: { path: string | RegExp; methods: Record<string, boolean>; stack: { handle: unknown }[] };
  handle: { stack?: Layer[] };
  rawPath?: string | RegExp | (string | RegExp)[];
}

function join(prefix: string, path: string): string {
  return (prefix + (path === '/' ? '' : path)).replace(/\/+/g, '/') || '/';
}

function walk(stack: Layer[], prefix: string, out: CatalogueRoute[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const { route } = layer;
      const path = route.path instanceof RegExp ? `regex:${route.path.source}` : join(prefix, route.path);
      const last = route.stack[route.stack.length - 1]?.handle;
      for (const [method, on] of Object.entries(route.methods)) {
        if (on && method !== '_all') out.push({ method: method.toUpperCase(), path, spec: endpointSpecOf(last) ?? null });
      }
    } else if (layer.handle.stack) {
      const raw = Array.isArray(layer.rawPath) ? layer.rawPath[0] : layer.rawPath;
      walk(layer.handle.stack, typeof raw === 'string' ? join(prefix, raw) : prefix, out);
    }
  }
}

/** Every route of the server's Express app, deduplicated by method and path. */
export function routesOf(server: PuenteServer): CatalogueRoute[] {
  const app = server.app as Express & { router: { stack: Layer[] } };
  const out: CatalogueRoute[] = [];
  walk(app.router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Socket.IO's own events, which are not client → server messages. */
const RESERVED_EVENTS = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener', 'error']);

/** The client → server events a connected socket listens to (call with one socket connected). */
export function socketEventsOf(server: PuenteServer): string[] {
  const names = new Set<string>();
  for (const socket of server.io.sockets.sockets.values()) {
    for (const name of socket.eventNames()) if (typeof name === 'string' && !RESERVED_EVENTS.has(name)) names.add(name);
  }
  return [...names].sort();
}
