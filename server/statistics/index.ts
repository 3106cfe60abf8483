/**
 * The statistics component's public surface: the composition root imports only this file.
 * The binational commission's tables (issue 29): counts with small-count suppression, as JSON and CSV.
 */
export { STATISTICS_PATHS, statisticsCsvRoutes, statisticsRoutes } from './statistics.routes.js';
