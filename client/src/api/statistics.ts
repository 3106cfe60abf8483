/** /api/v1/statistics: the commission's tables for a year (issue 29). */
import type { StatisticsDto } from '../../../shared/dto/statistics.js';
import { get, query } from './http.js';

export const getStatistics = (year: number) => get<StatisticsDto>(`/statistics${query({ year })}`);

/** The CSV download (a plain link: the browser saves the file, the server audits the export). */
export const statisticsCsvHref = (year: number) => `/api/v1/statistics.csv${query({ year })}`;
