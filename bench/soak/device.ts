/**
 * One soak device: a socket on one server with its user's session, the real client's catch-up
 * cursor logic (client/src/live/catchUpCursor.ts) kept in memory, and a record of what it received.
 */
import { io as connect, type Socket } from 'socket.io-client';
import { CatchUpCursor, SinceRefused, type AskSince } from '../../client/src/live/catchUpCursor.js';
import type { AlertsSinceData, ClientToServerEvents, ServerToClientEvents } from '../../shared/events.js';
import type { SoakUser } from './protocol.js';

const CATCH_UP_TIMEOUT_MS = 60_000;

type SoakSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface DeviceOptions {
  url: string;
  cookie: string;
  user: SoakUser;
  steady: boolean;
  /** alerts:since this long (plus up to `liveJitterMs`) after a live event; 0: only on (re)connection. */
  liveDelayMs: number;
  liveJitterMs: number;
  /** Called for every event the socket receives (throughput). */
  onEvent: () => void;
  /** Called with each alert:new's alert id. */
  onAlertNew: (id: string) => void;
}

export class Device {
  /** alert:new receipts by alert id. */
  readonly live = new Map<string, number>();
  /** alert:update receipts by `alertId/updateId`. */
  readonly updates = new Map<string, number>();
  /** Alert ids that alerts:since answers brought. */
  readonly caught = new Set<string>();
  connects = 0;
  unexpectedDisconnects = 0;
  catchUpCalls = 0;
  catchUpFailures = 0;
  /** Why catch-ups failed: the server's error code, or the client's (ack timeout, gave up). */
  readonly failureReasons = new Map<string, number>();
  private socket: SoakSocket | null = null;
  private closing = false;
  private cursorValue: string | null = null;
  private readonly cursor: CatchUpCursor;

  constructor(readonly opts: DeviceOptions) {
    this.cursor = new CatchUpCursor({
      storage: {
        read: async () => this.cursorValue,
        write: async (c) => void (this.cursorValue = c),
      },
      apply: (items) => items.forEach((i) => this.caught.add(i.id)),
      onFailure: (err) => {
        this.catchUpFailures++;
        const reason = err instanceof SinceRefused ? err.code : err instanceof Error ? err.message : String(err);
        this.failureReasons.set(reason, (this.failureReasons.get(reason) ?? 0) + 1);
      },
      liveDelayMs: opts.liveDelayMs,
      liveJitterMs: opts.liveJitterMs,
    });
  }

  get connected(): boolean {
    return this.socket?.connected ?? false;
  }

  private liveEvent(): void {
    if (this.opts.liveDelayMs > 0) this.cursor.liveEvent();
  }

  /** Opens the socket and catches up from the stored cursor (resolves once caught up). */
  async connect(): Promise<void> {
    const s: SoakSocket = connect(this.opts.url, {
      transports: ['websocket'],
      extraHeaders: { cookie: this.opts.cookie },
      reconnection: false,
      forceNew: true,
      timeout: 60_000,
    });
    this.socket = s;
    this.closing = false;
    s.on('alert:new', ({ alert }) => {
      this.opts.onEvent();
      this.live.set(alert.id, (this.live.get(alert.id) ?? 0) + 1);
      this.opts.onAlertNew(alert.id);
      this.liveEvent();
    });
    s.on('alert:update', ({ alertId, update }) => {
      this.opts.onEvent();
      const key = `${alertId}/${update.id}`;
      this.updates.set(key, (this.updates.get(key) ?? 0) + 1);
      this.liveEvent();
    });
    s.on('alert:changed', () => {
      this.opts.onEvent();
      this.liveEvent();
    });
    s.on('disconnect', () => {
      this.cursor.disconnected();
      if (!this.closing) this.unexpectedDisconnects++;
    });
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', (err) => (s.close(), reject(err)));
    });
    this.connects++;
    await this.catchUp();
  }

  /**
   * Runs the cursor's catch-up on the current connection until the server says no more; a refusal
   * that says "not now" is retried by the cursor, so a server that keeps refusing is given up on
   * after `timeoutMs` (counted as a failure).
   */
  async catchUp(timeoutMs = CATCH_UP_TIMEOUT_MS): Promise<boolean> {
    const s = this.socket;
    if (!s) return false;
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('catch-up timed out')), timeoutMs)));
    return Promise.race([this.cursor.connected(this.askOn(s)), gaveUp])
      .then(() => true)
      .catch((err: unknown) => {
        this.catchUpFailures++;
        const reason = err instanceof SinceRefused ? err.code : err instanceof Error ? err.message : String(err);
        this.failureReasons.set(reason, (this.failureReasons.get(reason) ?? 0) + 1);
        return false;
      })
      .finally(() => clearTimeout(timer));
  }

  /** Drops the socket as a device losing its connection would (the server sees a close). */
  disconnect(): void {
    this.closing = true;
    this.socket?.close();
    this.socket = null;
  }

  private askOn(s: SoakSocket): AskSince {
    return (cursor) =>
      new Promise<AlertsSinceData>((resolve, reject) => {
        this.catchUpCalls++;
        s.timeout(15_000).emit('alerts:since', { cursor }, (err, res) => {
          if (err) reject(err);
          else if ('error' in res) reject(new SinceRefused(res.error.code, res.error.retryAfter));
          else resolve(res.data);
        });
      });
  }
}
