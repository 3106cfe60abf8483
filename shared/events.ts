/**
 * Typed Socket.IO events (API.md "Realtime"). Payload DTO types are declared loosely here
 * and narrowed by the modules that own each resource.
 */
import type { ErrorCode } from './errors.js';

/** Every client → server event is acknowledged with exactly one of these. */
export type Ack<T> = { data: T } | { error: { code: ErrorCode; message: string } };

/** A JSON object as sent over the wire. */
export type WireObject = Record<string, unknown>;

export interface ServerToClientEvents {
  'alert:new': (payload: { alert: WireObject }) => void;
  'alert:changed': (payload: { alert: WireObject }) => void;
  'alert:update': (payload: { alertId: string; update: WireObject; cursor: string }) => void;
  'match:new': (payload: { alertId: string; match: WireObject }) => void;
  'watch:hit': (payload: { watchId: string; alert: WireObject }) => void;
  'access:request': (payload: { request: WireObject }) => void;
  'access:decision': (payload: { request: WireObject }) => void;
  'session:revoked': (payload: { reason: 'disabled' | 'logout' | 'reset' | 'roles_changed' | 'expired' | 'agency_deactivated' }) => void;
  /** To the originating agency: an active alert's review date is near. */
  'alert:review_due': (payload: { alert: WireObject }) => void;
}

export interface ClientToServerEvents {
  'alerts:since': (
    payload: { cursor: string | null },
    ack: (res: Ack<{ items: WireObject[]; cursor: string; hasMore: boolean }>) => void,
  ) => void;
}

/** Viewer classes that get different alert payloads: prosecutors (`p`), other operational roles (`o`), none (`n`). */
export type ViewerClass = 'p' | 'o' | 'n';
export const VIEWER_CLASSES: readonly ViewerClass[] = ['p', 'o', 'n'];

/** Rooms a socket joins after the handshake. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  agency: (id: string) => `agency:${id}`,
  country: (c: string) => `country:${c}`,
  agencyClass: (id: string, cls: ViewerClass) => `agency:${id}:${cls}`,
  countryClass: (c: string, cls: ViewerClass) => `country:${c}:${cls}`,
} as const;
