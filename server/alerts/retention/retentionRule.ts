/**
 * The retention rule (SECURITY.md "Review and retention", docs/security.md "Retention"), pure: the
 * personal data of an alert closed (resolved, cancelled or expired) more than RETENTION_YEARS ago
 * is purged, unless its issuing agency extended it; the agency is told 120, 30 and 7 days before.
 *
 * The purge never comes sooner than 7 days after the 7-day notice: when that notice goes out late
 * (the job was stopped, or the rule is new to alerts closed long ago) the agency still has a week
 * to extend.
 */
import { DAY_MS } from '../../../shared/time.js';
import type { AlertDoc } from '../Alert.js';

/** Days before the purge the issuing agency is told, first to last. */
export const NOTICE_DAYS = [120, 30, 7] as const;
/** The last notice: the purge waits at least this many days after it. */
export const LAST_NOTICE_DAYS = 7;

/** Years a closed alert's personal data is kept (RETENTION_YEARS; the composition root sets it). */
export const retentionRule = { years: 5 };

export function configureRetention(years: number): void {
  retentionRule.years = years;
}

/** What the rule reads of one alert (kept on the alert copy's heads, so no run decodes alerts). */
export interface RetentionFacts {
  /** When the alert was last closed, in ms. */
  readonly closedAt: number;
  readonly extendedUntil: number | null;
  /** The rule date the notices so far were for, the last threshold sent, and when. */
  readonly noticeFor: number | null;
  readonly noticeDays: number | null;
  readonly noticeAt: number | null;
  readonly purgedAt: number | null;
}

const CLOSED: ReadonlySet<string> = new Set(['resolved', 'cancelled', 'expired']);

/** When a closed alert was closed: its last status transition (else its last change); null while active. */
export function closedAtOf(doc: Pick<AlertDoc, 'status' | 'history' | 'updatedAt'>): number | null {
  if (!CLOSED.has(doc.status)) return null;
  for (let i = (doc.history?.length ?? 0) - 1; i >= 0; i--) {
    const h = doc.history[i]!;
    if (h.toStatus) return new Date(h.at).getTime();
  }
  return new Date(doc.updatedAt).getTime();
}

const ms = (d: Date | null | undefined): number | null => (d ? new Date(d).getTime() : null);

/** The facts of a closed (or purged) alert; null for an active one. */
export function retentionFactsOf(doc: Pick<AlertDoc, 'status' | 'history' | 'updatedAt' | 'retention'>): RetentionFacts | null {
  const closedAt = closedAtOf(doc);
  if (closedAt === null) return null;
  const r = doc.retention;
  return {
    closedAt,
    extendedUntil: ms(r?.extendedUntil),
    noticeFor: ms(r?.notice?.for),
    noticeDays: r?.notice?.days ?? null,
    noticeAt: ms(r?.notice?.at),
    purgedAt: ms(r?.purgedAt),
  };
}

/** `at` plus whole calendar years (UTC). */
export function addYears(at: number, years: number): number {
  const d = new Date(at);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.getTime();
}

/** The date the rule gives: closure plus the retention period, or a later extension. */
export function ruleDateOf(f: RetentionFacts, years = retentionRule.years): number {
  return Math.max(addYears(f.closedAt, years), f.extendedUntil ?? -Infinity);
}

/** The last threshold already sent for the current rule date, if any. */
function noticedDays(f: RetentionFacts, rule: number): number | null {
  return f.noticeFor === rule ? f.noticeDays : null;
}

/**
 * When the personal data is purged: the rule date, but never sooner than LAST_NOTICE_DAYS after
 * the last notice (before it is sent, never sooner than that many days from `now`).
 */
export function purgeDateOf(f: RetentionFacts, now: number, years = retentionRule.years): number {
  const rule = ruleDateOf(f, years);
  const lastSentAt = noticedDays(f, rule) === LAST_NOTICE_DAYS ? f.noticeAt! : now;
  return Math.max(rule, lastSentAt + LAST_NOTICE_DAYS * DAY_MS);
}

/** The notice due now, if any: the smallest threshold reached that was not sent for this rule date. */
export function noticeDue(
  f: RetentionFacts,
  now: number,
  years = retentionRule.years,
): { days: number; ruleDate: number; purgeAt: number } | null {
  if (f.purgedAt !== null) return null;
  const rule = ruleDateOf(f, years);
  const purgeAt = purgeDateOf(f, now, years);
  const remaining = purgeAt - now;
  const days = [...NOTICE_DAYS].reverse().find((d) => remaining <= d * DAY_MS);
  if (days === undefined) return null;
  const sent = noticedDays(f, rule);
  if (sent !== null && sent <= days) return null;
  return { days, ruleDate: rule, purgeAt };
}

/** Whether the personal data is due for purging now: the last notice went out for this rule date
 * and the purge date has come. */
export function purgeDue(f: RetentionFacts, now: number, years = retentionRule.years): boolean {
  if (f.purgedAt !== null) return false;
  const rule = ruleDateOf(f, years);
  return noticedDays(f, rule) === LAST_NOTICE_DAYS && now >= purgeDateOf(f, now, years);
}

/** dd/mm/aaaa of a date in the portal's time (both countries keep UTC−3), as the note on a purged alert reads. */
export function dayMonthYear(at: number): string {
  return new Date(at).toLocaleDateString('es-AR', {
    timeZone: 'America/Argentina/Buenos_Aires',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  });
}
