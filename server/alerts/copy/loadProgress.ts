/** How a load of the alert copy from the store reports its progress in the log (a first start). */

export interface LoadProgressReport {
  /** Alerts read so far. */
  read: number;
  /** The collection's estimated count (metadata), if known. */
  total: number | undefined;
  /** Time since the scan started. */
  ms: number;
}

/** Percent done and an estimate of the time left at the rate so far; undefined without a total. */
export function loadProgressFigures(p: LoadProgressReport): { percent?: number; leftMs?: number } {
  if (!p.total || p.read <= 0) return {};
  // The estimate may be below what is read (alerts written since it was taken): never past 100 %.
  const total = Math.max(p.total, p.read);
  return { percent: Math.floor((p.read / total) * 100), leftMs: Math.round((p.ms / p.read) * (total - p.read)) };
}

const count = (n: number) => n.toLocaleString('en');

/** e.g. `loading alerts: 40,000 / 100,000 (40 %), ~60 s left`. */
export function loadProgressLine(p: LoadProgressReport): string {
  const { percent, leftMs } = loadProgressFigures(p);
  if (percent === undefined || leftMs === undefined) return `loading alerts: ${count(p.read)} read in ${Math.round(p.ms / 1000)} s`;
  return `loading alerts: ${count(p.read)} / ${count(Math.max(p.total!, p.read))} (${percent} %), ~${Math.ceil(leftMs / 1000)} s left`;
}
