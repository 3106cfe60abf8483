/**
 * The soak's HTTP traffic, as officers of both countries make it: alerts posted with every kind of
 * distribution, notes added to alerts they see, their own alerts edited, searches and list reads.
 * Open loop (requests leave on schedule, not when the previous one is answered), bounded by
 * MAX_IN_FLIGHT so that a stalled server is reported (`skipped`) instead of piling up requests.
 */
import type { BenchSession } from '../lib/session.js';
import type { PostedAlert, PostedUpdate, SoakRates, SoakUser } from './protocol.js';

const MAX_IN_FLIGHT = 64;

const GIVEN = ['María', 'José', 'Juan', 'Ana', 'Carlos', 'Rosa', 'Luis', 'Carmen', 'Jorge', 'Lucía', 'Pedro', 'Elena'];
const FAMILY = ['González', 'Benítez', 'Martínez', 'López', 'Giménez', 'Fernández', 'Rodríguez', 'Vera', 'Duarte', 'Acosta'];
const KINDS = ['possible_victim', 'missing_person', 'suspect', 'vehicle', 'other'] as const;

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;

export interface Actor {
  user: SoakUser;
  url: string;
  session: BenchSession;
  /** Alerts this user's devices heard of (alert:new): what the user may add notes to. */
  seen: string[];
  /** Alerts this user posted, for edits. */
  own: string[];
}

export interface TrafficRecord {
  statuses: Map<string, number>;
  alerts: PostedAlert[];
  updates: PostedUpdate[];
  skipped: number;
}

type Distribution = { scope: 'agency' | 'country' | 'bilateral' | 'agencies'; agencyIds?: string[] };

/** National, shared with the other country, or restricted to an agency or a named list. */
function distributionFor(user: SoakUser, others: Record<string, string[]>): Distribution {
  const r = Math.random();
  if (r < 0.3) return { scope: 'country' };
  if (r < 0.6) return { scope: 'bilateral' };
  if (r < 0.8) return { scope: 'agencies', agencyIds: [pick(others[user.viewer.country === 'AR' ? 'PY' : 'AR'] ?? [])] };
  return { scope: 'agency' };
}

let serial = 0;
function alertBody(user: SoakUser, driver: number, others: Record<string, string[]>) {
  serial++;
  const n = driver * 1_000_000 + serial;
  return {
    kind: pick(KINDS),
    priority: pick(['urgent', 'high', 'routine'] as const),
    title: `Soak ${driver}-${serial}`,
    summary: 'Banco de pruebas de resistencia',
    subjects: [{ role: 'victim', givenNames: pick(GIVEN), familyNames: `${pick(FAMILY)} ${pick(FAMILY)}`, approxAge: 14 + (n % 20) }],
    phones: [`+595 981 ${String(n % 1_000_000).padStart(6, '0')}`],
    distribution: distributionFor(user, others),
    sensitivity: Math.random() < 0.3 ? 'restricted' : 'standard',
  };
}

export class Traffic {
  readonly record: TrafficRecord = { statuses: new Map(), alerts: [], updates: [], skipped: 0 };
  private inFlight = 0;
  private timers: NodeJS.Timeout[] = [];
  private readonly settled = new Set<Promise<void>>();

  constructor(
    private readonly actors: Actor[],
    private readonly driver: number,
    private readonly others: Record<string, string[]>,
    private readonly onAnswered: () => void,
  ) {}

  /** Starts every kind of request at its rate (per second, for this driver). */
  start(rates: SoakRates): void {
    const every = (perSecond: number, fn: () => Promise<void>) => {
      if (perSecond <= 0) return;
      this.timers.push(setInterval(() => this.launch(fn), 1000 / perSecond));
    };
    every(rates.posts, () => this.post());
    every(rates.updates, () => this.addNote());
    every(rates.edits, () => this.edit());
    every(rates.searches, () => this.search());
    every(rates.lists, () => this.list());
  }

  /** Stops scheduling and waits for the requests in flight. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.all([...this.settled]);
  }

  private launch(fn: () => Promise<void>): void {
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.record.skipped++;
      return;
    }
    this.inFlight++;
    const p: Promise<void> = fn()
      .catch(() => undefined)
      .finally(() => {
        this.inFlight--;
        this.settled.delete(p);
      });
    this.settled.add(p);
  }

  private async request<T>(
    kind: string,
    a: Actor,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: T | null }> {
    let status: number | 'error' = 'error';
    let code = '';
    try {
      const res = await fetch(`${a.url}/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json', cookie: a.session.cookie, 'x-csrf-token': a.session.csrf },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = res.status;
      if (res.ok) return { status, json: (await res.json()) as T };
      // A server error's code says which part refused (store, copy, timeout).
      const text = await res.text();
      if (status >= 500) code = ` ${/"code":"([a-z_]+)"/.exec(text)?.[1] ?? ''}`;
      return { status, json: null };
    } finally {
      const key = `${kind} ${status}${code}`;
      this.record.statuses.set(key, (this.record.statuses.get(key) ?? 0) + 1);
      this.onAnswered();
    }
  }

  private async post(): Promise<void> {
    const a = pick(this.actors);
    const { json } = await this.request<PostedAlert>('post', a, 'POST', '/alerts', alertBody(a.user, this.driver, this.others));
    if (!json) return;
    const { id, originAgencyId, originCountry, distribution, sensitivity, status } = json;
    this.record.alerts.push({ id, originAgencyId, originCountry, distribution, sensitivity, status });
    a.own.push(id);
  }

  private async addNote(): Promise<void> {
    const a = pick(this.actors);
    if (!a.seen.length) return;
    const alertId = pick(a.seen);
    const { json } = await this.request<{ id: string }>('update', a, 'POST', `/alerts/${alertId}/updates`, {
      kind: 'note',
      text: `Nota de prueba ${Date.now()}`,
    });
    if (json) this.record.updates.push({ alertId, updateId: json.id });
  }

  private async edit(): Promise<void> {
    const a = pick(this.actors.filter((x) => x.own.length));
    if (!a) return;
    const id = pick(a.own);
    const { json } = await this.request<{ version: number }>('read', a, 'GET', `/alerts/${id}`);
    if (!json) return;
    await this.request('edit', a, 'PATCH', `/alerts/${id}`, { version: json.version, summary: `Editada ${Date.now()}` });
  }

  private async search(): Promise<void> {
    const a = pick(this.actors);
    const q = Math.random() < 0.5 ? `${pick(GIVEN)} ${pick(FAMILY)}` : pick(FAMILY);
    await this.request('search', a, 'GET', `/search?q=${encodeURIComponent(q)}&limit=20`);
  }

  private async list(): Promise<void> {
    const a = pick(this.actors);
    const query = pick(['limit=20', 'origin=agency&limit=20', 'status=active&limit=20', `country=${a.user.viewer.country}&limit=20`]);
    await this.request('list', a, 'GET', `/alerts?${query}`);
  }
}
