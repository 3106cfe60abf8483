/**
 * Notifications on this device (Web Push): opting in asks the browser's permission, subscribes
 * through the service worker with the server's VAPID key and hands the subscription to the server;
 * opting out does the reverse. Sign-out unregisters the worker (offlineShell.ts), which ends the
 * subscription in the browser, and the server removes it with the session.
 */
import { signal } from '@preact/signals';
import { deletePushSubscription, pushKey, savePushSubscription } from '../api/push.js';

/** unsupported: no Push API here; denied: the browser blocks notifications for Puente. */
export type PushState = 'unknown' | 'unsupported' | 'denied' | 'off' | 'on';
export const pushState = signal<PushState>('unknown');

const supported = () => 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/** A short name of the device for the server's list: browser and platform, no identifier. */
function deviceLabel(): string {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /Chrome\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : 'Navegador';
  const platform = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return platform ? `${browser} · ${platform}` : browser;
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
  return out;
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration();
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/** Reads where this device stands; a subscription kept from an earlier session is handed to this one. */
export async function refreshPushState(): Promise<void> {
  if (!supported()) {
    pushState.value = 'unsupported';
    return;
  }
  if (Notification.permission === 'denied') {
    pushState.value = 'denied';
    return;
  }
  const sub = Notification.permission === 'granted' ? await currentSubscription().catch(() => null) : null;
  if (sub) await savePushSubscription(sub.toJSON(), deviceLabel());
  pushState.value = sub ? 'on' : 'off';
}

/** Opt in: the browser's permission prompt, then the subscription. */
export async function enablePush(): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') {
    pushState.value = permission === 'denied' ? 'denied' : 'off';
    return;
  }
  const [{ publicKey }, reg] = await Promise.all([pushKey(), navigator.serviceWorker.ready]);
  const sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
  await savePushSubscription(sub.toJSON(), deviceLabel());
  pushState.value = 'on';
}

/** Opt out: the server forgets the device, and the browser ends the subscription. */
export async function disablePush(): Promise<void> {
  const sub = await currentSubscription();
  if (sub) {
    await deletePushSubscription(sub.endpoint);
    await sub.unsubscribe();
  }
  pushState.value = 'off';
}
