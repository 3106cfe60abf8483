/**
 * The service worker that keeps the app shell for offline use (client/src/sw.ts): registered
 * once a user is fully signed in, removed with its caches when the session ends.
 */
const SHELL_CACHE_PREFIX = 'puente-';
/** False once the session ended: a registration still under way then undoes itself. */
let wanted = false;

/** Registers /sw.js and asks it to (re)store the shell (again after a sign-out emptied the caches). */
export function enableOfflineShell(): void {
  if (!('serviceWorker' in navigator)) return;
  wanted = true;
  navigator.serviceWorker
    .register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((reg) => (wanted ? reg.active?.postMessage('precache') : forgetOfflineShell()))
    .catch(() => undefined);
}

/** How long sign-out waits for a worker to confirm it stored nothing more. */
const FORGET_WAIT_MS = 2000;

/** Tells a worker the session ended and waits (briefly) until a store it had under way is undone. */
function tellToForget(worker: ServiceWorker | null): Promise<void> {
  if (!worker) return Promise.resolve();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(resolve, FORGET_WAIT_MS);
    channel.port1.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
    worker.postMessage('forget', [channel.port2]);
  });
}

/** Deletes Puente's caches and unregisters its service worker. */
export async function forgetOfflineShell(): Promise<void> {
  wanted = false;
  if ('serviceWorker' in navigator) {
    const regs = await navigator.serviceWorker.getRegistrations();
    await Promise.all(regs.flatMap((r) => [r.installing, r.waiting, r.active].map(tellToForget)));
    await Promise.all(regs.map((r) => r.unregister()));
  }
  if ('caches' in window) {
    const keys = await caches.keys();
    await Promise.all(keys.filter((k) => k.startsWith(SHELL_CACHE_PREFIX)).map((k) => caches.delete(k)));
  }
}
