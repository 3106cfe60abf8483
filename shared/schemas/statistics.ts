/** GET /statistics and /statistics.csv (issue 29, docs/api-extensions.md "Statistics"). */
import { z } from 'zod';
import { FIRST_STATISTICS_YEAR, LAST_STATISTICS_YEAR } from '../dto/statistics.js';

const year = z
  .string()
  .regex(/^\d{4}$/, 'a year of four digits')
  .transform(Number)
  .pipe(z.number().int().min(FIRST_STATISTICS_YEAR).max(LAST_STATISTICS_YEAR));

/** `?year=YYYY` (the current year when absent) and `?format=json|csv`. */
export const statisticsQuery = z.strictObject({
  year: year.optional(),
  format: z.enum(['json', 'csv']).default('json'),
});
export type StatisticsQuery = z.infer<typeof statisticsQuery>;

/** /statistics.csv takes the year only. */
export const statisticsCsvQuery = z.strictObject({ year: year.optional() });
