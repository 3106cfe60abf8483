/**
 * The service worker (built by scripts/build-client.ts into /sw.js, never cached by HTTP): keeps
 * the app shell — index.html and the content-hashed files of this build — in Cache Storage so
 * the directory opens with no connection. It never stores or answers API requests, sockets or
 * anything else: the directory's data lives in IndexedDB (live/localStore.ts). Registered while
 * signed in; sign-out and revocation delete its caches and unregister it (wipeLocalData).
 * It also shows Web Push notifications (no personal data in them: shared/dto/push.ts) and opens
 * the item named by one when it is tapped.
 */

/** The build's files (`/app-XXXXXXXX.js`, chunks, CSS) and a version derived from them. */
declare const __SHELL_FILES__: string[];
declare const __SHELL_VERSION__: string;

// The DOM library types this file's globals; the worker's own are declared here (no WebWorker lib).
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface MessageEventLike extends ExtendableEvent {
  data: unknown;
  ports: readonly MessagePort[];
}
interface PushEventLike extends ExtendableEvent {
  data: { json(): unknown } | null;
}
interface NotificationEventLike extends ExtendableEvent {
  notification: Notification;
}
interface WindowClientLike {
  url: string;
  focus(): Promise<unknown>;
  navigate(url: string): Promise<unknown>;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  registration: ServiceWorkerRegistration;
  clients: {
    claim(): Promise<void>;
    matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClientLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEventLike) => void): void;
  addEventListener(type: 'push', fn: (e: PushEventLike) => void): void;
  addEventListener(type: 'notificationclick', fn: (e: NotificationEventLike) => void): void;
}
const worker = self as unknown as WorkerScope;

const PREFIX = 'puente-shell-';
const CACHE = PREFIX + __SHELL_VERSION__;
const INDEX = '/index.html';
const SHELL = new Set([INDEX, ...__SHELL_FILES__]);
/** A navigation waits this long for the network before the cached shell answers. */
const NAVIGATION_TIMEOUT_MS = 5000;

/** Set when the page's session ended: nothing may be stored any more, even by a store under way. */
let forgotten = false;
let storing: Promise<void> | null = null;

async function deleteShellCaches(): Promise<void> {
  const keys = await caches.keys();
  await Promise.all(keys.filter((k) => k.startsWith(PREFIX)).map((k) => caches.delete(k)));
}

/** Stores the shell unless this version is already complete (the page asks again after each sign-in). */
async function store(): Promise<void> {
  if (forgotten) return;
  const cache = await caches.open(CACHE);
  if ((await cache.keys()).length < SHELL.size) await cache.addAll([...SHELL]);
  if (forgotten) await deleteShellCaches();
}

function precache(): Promise<void> {
  storing ??= store().finally(() => (storing = null));
  return storing;
}

worker.addEventListener('install', (e) => e.waitUntil(precache().then(() => worker.skipWaiting())));

worker.addEventListener('activate', (e) =>
  e.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => worker.clients.claim()),
  ),
);

worker.addEventListener('message', (e) => {
  // Asked by a signed-in page (possibly again after a sign-out in the same tab kept this worker).
  if (e.data === 'precache') {
    forgotten = false;
    e.waitUntil(precache().catch(() => undefined));
  }
  // Sign-out: once any store under way has settled, delete the caches, then answer on the port.
  if (e.data === 'forget') {
    forgotten = true;
    e.waitUntil(
      (storing ?? Promise.resolve())
        .catch(() => undefined)
        .then(deleteShellCaches)
        .finally(() => e.ports[0]?.postMessage('forgotten')),
    );
  }
});

async function fromCache(path: string): Promise<Response | undefined> {
  if (!(await caches.has(CACHE))) return undefined;
  return (await caches.open(CACHE)).match(path);
}

/** The network first (a new release is seen at once); the cached index.html when it fails or stalls. */
async function navigation(request: Request): Promise<Response> {
  const network = fetch(request);
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), NAVIGATION_TIMEOUT_MS));
  try {
    const first = await Promise.race([network, timeout]);
    if (first) return first;
  } catch {
    // Offline: the shell from the cache, if this device keeps one.
  }
  return (await fromCache(INDEX)) ?? network;
}

worker.addEventListener('fetch', (e) => {
  const { request } = e;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== worker.location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io')) return;
  if (request.mode === 'navigate') {
    e.respondWith(navigation(request));
    return;
  }
  // Hashed files never change: the cached copy, else the network.
  if (SHELL.has(url.pathname) && url.pathname !== INDEX) e.respondWith(fromCache(url.pathname).then((r) => r ?? fetch(request)));
});

interface PushMessage {
  title: string;
  body: string;
  url: string;
  tag: string;
}

/** Only a path of this app is ever opened from a notification. */
const appPath = (url: unknown): string => (typeof url === 'string' && /^\/[A-Za-z0-9/_-]*$/.test(url) ? url : '/');

function pushMessage(data: PushEventLike['data']): PushMessage {
  try {
    const m = data?.json() as Partial<PushMessage> | undefined;
    return { title: String(m?.title ?? 'Puente'), body: String(m?.body ?? ''), url: appPath(m?.url), tag: String(m?.tag ?? 'puente') };
  } catch {
    return { title: 'Puente', body: '', url: '/', tag: 'puente' };
  }
}

worker.addEventListener('push', (e) => {
  const m = pushMessage(e.data);
  e.waitUntil(worker.registration.showNotification(m.title, { body: m.body, tag: m.tag, data: { url: m.url } }));
});

worker.addEventListener('notificationclick', (e) => {
  e.notification.close();
  const url = appPath((e.notification.data as { url?: unknown } | null)?.url);
  e.waitUntil(
    worker.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (open) => {
      const tab = open.find((c) => new URL(c.url).origin === worker.location.origin);
      if (!tab) return worker.clients.openWindow(url);
      await tab.navigate(url).catch(() => undefined);
      return tab.focus();
    }),
  );
});
