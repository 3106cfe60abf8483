/** /api/v1/search (API.md "Search"). */
import express, { type Router } from 'express';
import { searchQuery } from '../../shared/schemas/search.js';
import { endpoint } from '../http/endpoint.js';
import type { RateLimiters } from '../http/rateLimits.js';
import { searchAlerts } from '../services/search/search.service.js';

export function searchRoutes(limits: Pick<RateLimiters, 'searches'>): Router {
  const r = express.Router();
  r.get(
    '/',
    limits.searches,
    endpoint({ query: searchQuery }, ({ actor, query }) => searchAlerts(actor, query)),
  );
  return r;
}
