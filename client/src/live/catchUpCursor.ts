/**
 * The device's catch-up cursor. Only an `alerts:since` answer moves it: that cursor carries the
 * entries still in flight on the server (an alert whose write had not landed), which a live
 * event's cursor knows nothing of — storing that one would lose such an alert if the connection
 * dropped before it landed. A live event is shown at once (the feed de-duplicates by id and
 * version) and only asks for an `alerts:since` call a few seconds later (the events of a burst
 * share it, and every device does not ask at the same moment), one in flight at a time. A refusal
 * that waiting can change (`busy`, `rate_limited`, `alerts_preparing`, a store error, `internal`)
 * is asked again later on the same connection, the cursor untouched: after the server's
 * `retryAfter` at the least, with exponential backoff and jitter (issue 26: reconnecting at once
 * after a failed catch-up added load to a server already struggling, and dropped a socket that
 * was fine). Only a call that got no answer (the connection is likely broken) or a refusal
 * waiting cannot change fails the catch-up. A `validation_failed` answer (a cursor the server no
 * longer accepts) starts again from `null`, as a device without a cursor does; a `reset` answer (the
 * cursor was behind the server's change log) is that start, and asks for the lists to reload.
 * Pure logic (no DOM, no socket): `live/socket.ts` gives it the call and the device storage.
 */
import type { AlertSummaryDto } from '../../../shared/dto/alert.js';
import type { AlertsSinceData } from '../../../shared/events.js';

/** Where the cursor is kept on the device. */
export interface CursorStorage {
  read(): Promise<string | null>;
  write(cursor: string): Promise<void>;
}

/** One `alerts:since` call on the current connection: rejects with `SinceRefused` on an `{error}` ack. */
export type AskSince = (cursor: string | null) => Promise<AlertsSinceData>;

/** The server answered `alerts:since` with `{error: {code}}`. */
export class SinceRefused extends Error {
  /** `retryAfterS`: the seconds the server asked the client to wait, when it said. */
  constructor(
    readonly code: string,
    readonly retryAfterS?: number,
  ) {
    super(code);
  }
}

/** Refusals that waiting does not change: the session is gone, or the cursor was already reset. */
const FINAL = new Set(['unauthenticated', 'forbidden', 'validation_failed']);

/**
 * The wait before asking again after the `attempt`-th refusal in a row (0 for the first):
 * `backoffMs` doubled each time up to `maxBackoffMs`, never less than the server's `retryAfterS`,
 * plus up to half again at random (at most MAX_JITTER_MS) so that devices refused together do not
 * ask together again — bounded, so a long `retryAfter` (a minute's rate limit) is not stretched by half.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterS: number | undefined,
  {
    backoffMs = 1000,
    maxBackoffMs = 30_000,
    random = Math.random,
  }: { backoffMs?: number; maxBackoffMs?: number; random?: () => number } = {},
): number {
  const backoff = Math.min(backoffMs * 2 ** attempt, maxBackoffMs);
  const base = Math.max(backoff, (retryAfterS ?? 0) * 1000);
  return base + random() * Math.min(base / 2, MAX_JITTER_MS);
}

/** The most a retry is spread by at random. */
const MAX_JITTER_MS = 5000;

export interface CatchUpCursorOptions {
  storage: CursorStorage;
  /** Alerts an answer brought; `first`: the device had no cursor (a starting point, not news). */
  apply(items: AlertSummaryDto[], first: boolean): void;
  /** A call after a live event got no answer, or a refusal waiting cannot change (the connection is likely broken). */
  onFailure(err: unknown): void;
  /** The server answered `reset`: the cursor was behind its change log, lists must be loaded again. */
  onReset?(): void;
  /** Pages asked in a row before yielding (each page is at most 100 alerts). */
  maxPages?: number;
  /** How long after a live event the call is made, plus up to `liveJitterMs` at random. */
  liveDelayMs?: number;
  liveJitterMs?: number;
  /** First wait after a refusal worth retrying; doubled each time up to `maxBackoffMs` (retryDelayMs). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** The jitter's source (tests pin it). */
  random?: () => number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class CatchUpCursor {
  /** Bumped on every connect and disconnect: answers of an older connection are dropped. */
  private connection = 0;
  private ask: AskSince | null = null;
  /** The run of the current connection, if one is going (at most one call in flight). */
  private running: Promise<void> | null = null;
  /** A live event arrived during the run: ask once more when it ends. */
  private again = false;
  /** The call a live event asked for, waiting for its moment. */
  private later: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly options: CatchUpCursorOptions) {}

  /** A new connection: catches up through it; resolves once caught up, rejects if a call failed. */
  connected(ask: AskSince): Promise<void> {
    this.stopWaiting();
    this.connection++;
    this.ask = ask;
    this.again = false;
    return this.start();
  }

  /** The connection dropped: nothing more is asked or stored until the next one. */
  disconnected(): void {
    this.stopWaiting();
    this.connection++;
    this.ask = null;
    this.running = null;
    this.again = false;
  }

  /** A live alert event arrived: asks `alerts:since` to move the cursor past it. */
  liveEvent(): void {
    if (!this.ask || this.later) return;
    const { liveDelayMs = 2000, liveJitterMs = 3000 } = this.options;
    this.later = setTimeout(
      () => {
        this.later = null;
        if (!this.ask) return;
        if (this.running) this.again = true;
        else this.start().catch((err: unknown) => this.options.onFailure(err));
      },
      liveDelayMs + Math.random() * liveJitterMs,
    );
  }

  private stopWaiting(): void {
    if (this.later) clearTimeout(this.later);
    this.later = null;
  }

  private start(): Promise<void> {
    const connection = this.connection;
    const run = this.run(connection).finally(() => {
      if (this.connection === connection) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async run(connection: number): Promise<void> {
    const { storage, apply, maxPages = 50, backoffMs, maxBackoffMs, random } = this.options;
    const current = () => this.connection === connection && this.ask;
    let cursor = await storage.read();
    let refusals = 0;
    let reset = false;
    for (let page = 0; page < maxPages;) {
      const ask = current();
      if (!ask) return;
      let data: AlertsSinceData;
      try {
        data = await ask(cursor);
      } catch (err) {
        if (!current()) return;
        // A cursor the server does not accept (issued before cursors were signed, or altered):
        // start again from the latest alerts, once per run.
        if (err instanceof SinceRefused && err.code === 'validation_failed' && cursor !== null && !reset) {
          reset = true;
          cursor = null;
          continue;
        }
        // No answer at all: the connection is likely broken (the caller reconnects).
        if (!(err instanceof SinceRefused) || FINAL.has(err.code)) throw err;
        await sleep(retryDelayMs(refusals++, err.retryAfterS, { backoffMs, maxBackoffMs, random }));
        continue;
      }
      if (!current()) return;
      // Behind the server's log: a new starting point (as without a cursor), and the lists reload.
      if (data.reset) this.options.onReset?.();
      apply(data.items, cursor === null || data.reset === true);
      cursor = data.cursor;
      await storage.write(cursor);
      refusals = 0;
      page++;
      if (data.hasMore) continue;
      if (!this.again) return;
      this.again = false;
    }
  }
}
