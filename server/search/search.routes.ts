/** /api/v1/search (API.md "Search"). */
import express, { type Router } from 'express';
import { searchQuery } from '../../shared/schemas/search.js';
import { endpoint } from '../platform/http/endpoint.js';
import type { RateLimiters } from '../platform/http/rateLimits.js';
import { searchAlerts } from './search.service.js';
import { listMatches } from './matches.service.js';
import { idParam } from '../../shared/schemas/users.js';
import type { Instance } from '../platform/instance.js';

export function searchRoutes(instance: Instance, limits: Pick<RateLimiters, 'searches'>): Router {
  const r = express.Router();
  r.get(
    '/',
    limits.searches,
    endpoint(instance, { query: searchQuery }, ({ actor, query }) => searchAlerts(instance, actor, query)),
  );
  return r;
}

/** An alert's matches, under `/alerts/:id/matches` (API.md): mounted beside the alerts' own routes. */
export function alertMatchesRoutes(instance: Instance): Router {
  const r = express.Router();
  r.get(
    '/:id/matches',
    endpoint(instance, { params: idParam }, ({ actor, params }) => listMatches(instance, actor, params.id)),
  );
  return r;
}
