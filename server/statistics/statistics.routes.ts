/**
 * /api/v1/statistics (`?year=YYYY`, `?format=json|csv`) and /api/v1/statistics.csv
 * (docs/api-extensions.md "Statistics"). Two mounts, since `/statistics.csv` is not under
 * `/statistics/`; server/api.ts lets the statistics role reach both (STATISTICS_PATHS) and no other.
 */
import express, { type Response, type Router } from 'express';
import { statisticsCsvQuery, statisticsQuery } from '../../shared/schemas/statistics.js';
import type { Actor } from '../platform/actor.js';
import { endpoint } from '../platform/http/endpoint.js';
import { exportStatistics, readStatistics } from './statistics.service.js';
import type { Instance } from '../platform/instance.js';

/** The mounts the statistics role may reach (and the only ones). */
export const STATISTICS_PATHS: readonly string[] = ['/statistics', '/statistics.csv'];

async function sendCsv(instance: Instance, actor: Actor, year: number | undefined, res: Response): Promise<undefined> {
  const file = await exportStatistics(instance, actor, year);
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.body);
  return undefined;
}

export function statisticsRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/',
    endpoint(instance, { query: statisticsQuery }, async ({ actor, query, res }) => {
      if (query.format === 'csv') return sendCsv(instance, actor, query.year, res);
      res.setHeader('Cache-Control', 'private, no-store');
      return readStatistics(instance, actor, query.year);
    }),
  );
  return r;
}

export function statisticsCsvRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/',
    endpoint(instance, { query: statisticsCsvQuery }, ({ actor, query, res }) => sendCsv(instance, actor, query.year, res)),
  );
  return r;
}
