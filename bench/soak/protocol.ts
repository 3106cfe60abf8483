/** Messages between the soak benchmark (bench/soak.ts) and its socket drivers (bench/soak/driver.ts). */
import type { AlertAccessFacts, Viewer } from '../../server/alerts/alert.policy.js';

/** A signed-in officer or prosecutor of the soak, and how it is seen by the alert policy. */
export interface SoakUser {
  index: number;
  email: string;
  viewer: Viewer;
}

/** Requests per second over the whole soak (split between the drivers). */
export interface SoakRates {
  posts: number;
  updates: number;
  edits: number;
  searches: number;
  lists: number;
  /** Devices that drop their socket each second (each stays away 5–20 s, then catches up). */
  drops: number;
}

export interface DriverSetup {
  driver: number;
  servers: string[];
  users: SoakUser[];
  /** Agencies of the other country, by country (for `agencies`-scoped alerts). */
  agencyIdsByCountry: Record<string, string[]>;
  devicesPerUser: number;
  password: string;
  /** Share of devices that drop and reconnect during the soak; the others stay connected throughout. */
  churnShare: number;
  rates: SoakRates;
  /** The client's catch-up schedule after a live event (client/src/live/catchUpCursor.ts). */
  liveDelayMs: number;
  liveJitterMs: number;
}

/** An alert as posted (its id and the facts the policy decides its audience from). */
export type PostedAlert = AlertAccessFacts & { id: string };
export interface PostedUpdate {
  alertId: string;
  updateId: string;
}

/** Completed HTTP requests and socket events received, per second of the soak. */
export interface Throughput {
  requests: number[];
  events: number[];
}

export interface DeliveryCheck {
  devices: number;
  steadyDevices: number;
  churnDevices: number;
  /** Socket (re)connections beyond each device's first, planned or not. */
  reconnects: number;
  unexpectedDisconnects: number;
  alertNewReceived: number;
  /** alert:new received more than once by one device. */
  duplicates: number;
  /** An alert a device may not see, received live or in a catch-up. */
  unexpected: number;
  /** A visible alert a steady device did not get live, or a churning device got neither live nor by catch-up. */
  missing: number;
  /** alert:update on steady devices: each update of each visible alert exactly once. */
  updatesReceived: number;
  updateDuplicates: number;
  updateUnexpected: number;
  updateMissing: number;
  catchUpCalls: number;
  catchUpFailures: number;
  /** Alerts devices received whose POST the drivers did not see answered 201 (made all the same). */
  unansweredAlerts: number;
  /** Failed catch-ups by reason (the server's error code, or the client's). */
  failureReasons: Record<string, number>;
  examples: string[];
}

export type ToDriver =
  | { type: 'setup'; setup: DriverSetup }
  | { type: 'start'; at: number }
  | { type: 'stop' }
  | { type: 'final' }
  | { type: 'verify'; alerts: PostedAlert[]; updates: PostedUpdate[] };

export type FromDriver =
  | { type: 'ready'; devices: number }
  | { type: 'stopped' }
  | {
      type: 'final';
      alerts: PostedAlert[];
      updates: PostedUpdate[];
      /** `<kind> <status>` → count; status `error` for a request that got no answer. */
      statuses: Record<string, number>;
      throughput: Throughput;
      skipped: number;
      loopDelayP99Ms: number;
      /** Devices whose final catch-up (100 at once per driver) failed, then retried 10 at a time. */
      finalStormFailures: number;
    }
  | { type: 'verdict'; check: DeliveryCheck }
  | { type: 'failed'; message: string };
