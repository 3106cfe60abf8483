/**
 * The commission's calendar: a year and its months are read in Argentine time, which Paraguay
 * keeps too (UTC−3 all year in both since Paraguay's 2024 law), so one zone serves both countries.
 */
export const STATISTICS_ZONE = 'America/Argentina/Cordoba';

const yearFormat = new Intl.DateTimeFormat('en-CA', { timeZone: STATISTICS_ZONE, year: 'numeric' });

/** The year `now` falls in, in the commission's zone. */
export const currentYear = (now: Date): number => Number(yearFormat.format(now));

/** [start, end) of `year` in the commission's zone (UTC−3, no daylight saving). */
export function yearBounds(year: number): { from: Date; to: Date } {
  return { from: new Date(`${year}-01-01T00:00:00-03:00`), to: new Date(`${year + 1}-01-01T00:00:00-03:00`) };
}
